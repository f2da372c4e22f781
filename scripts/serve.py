#!/usr/bin/env python3
"""`make serve`: the production configuration on one machine.

gunicorn (site/config/gunicorn.py) on HOST:PORT plus the task worker
(`manage.py run_worker`, restarted if it stops), production settings with a
secret key generated once into VAR_DIR/secret_key, migrations applied and
static files collected first. Ctrl+C (or SIGTERM) stops both. Several
machines: README, "Serving".
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = os.environ.get("PY", str(ROOT / ".venv" / "bin" / "python"))
GUNICORN = str(Path(PY).with_name("gunicorn"))


def environment():
    var = Path(os.environ.get("VAR_DIR", ROOT / "var")).resolve()
    var.mkdir(parents=True, exist_ok=True)
    secret = var / "secret_key"
    if not secret.exists() or not secret.read_text().strip():
        secret.touch(mode=0o600)
        secret.write_text(secrets.token_urlsafe(50) + "\n")
    host = os.environ.get("HOST", "127.0.0.1")
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secret.read_text().strip(),
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
        }
    )
    env.setdefault("DJANGO_ALLOWED_HOSTS", f"{host},localhost,127.0.0.1")
    # TLS belongs to the reverse proxy in front (README); plain HTTP on HOST:PORT.
    env.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    env.setdefault("DATABASE_URL", f"sqlite:///{var / 'db.sqlite3'}")
    env.setdefault("MEDIA_ROOT", str(var / "media"))
    env.setdefault("STATIC_ROOT", str(var / "static"))
    env.setdefault("BACKUP_DIR", str(var / "backups"))
    env.setdefault("DJANGO_CACHE_LOCATION", str(var / "cache"))
    return env, host, os.environ.get("PORT", "8000")


def main():
    env, host, port = environment()
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    web = subprocess.Popen(  # noqa: S603
        [GUNICORN, "--config", str(ROOT / "site" / "config" / "gunicorn.py"), "--bind", f"{host}:{port}"],
        env=env,
        cwd=ROOT,
    )
    worker = None
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"serving on http://{host}:{port}/ (gunicorn pid {web.pid}); Ctrl+C stops", flush=True)
    while not stopping and web.poll() is None:
        if worker is None or worker.poll() is not None:
            if worker is not None:
                print(f"worker exited ({worker.returncode}); restarting", file=sys.stderr, flush=True)
            worker = subprocess.Popen([*manage, "run_worker"], env=env, cwd=ROOT)  # noqa: S603
        time.sleep(1)
    for process in (web, worker):
        if process is not None and process.poll() is None:
            process.terminate()
    for process in (web, worker):
        if process is not None:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    return web.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
