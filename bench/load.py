#!/usr/bin/env python3
"""`make load`: 50 visitors on `make serve` with the demo data.

Prepares a demo site once in var/load/ (migrate + load_demo), starts
scripts/serve.py on a free loopback port with production settings, warms
each URL once, runs locust headless (bounded: LOAD_SECONDS, default 60) with
LOAD_USERS (default 50) visitors that never pause, prints the table the
README shows, and stops the server. Only 127.0.0.1 is contacted.
"""

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
VAR = Path(os.environ.get("LOAD_VAR_DIR", ROOT / "var" / "load"))
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
QUERIES = ["代理记账", "高企", "知识产权", "融资", "培训", "市场营销", "法律", "技术创新", "财税", "iso9001"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_env():
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{VAR / 'db.sqlite3'}",
            "MEDIA_ROOT": str(VAR / "media"),
            "STATIC_ROOT": str(VAR / "static"),
            "DJANGO_CACHE_LOCATION": str(VAR / "cache"),
            "VAR_DIR": str(VAR),
        }
    )
    return env


def prepare():
    if (VAR / "demo-ready").exists():
        return
    VAR.mkdir(parents=True, exist_ok=True)
    env = {**site_env(), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    print(f"preparing the demo in {VAR} (once) …", flush=True)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    subprocess.run([PY, "manage.py", "load_demo"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    (VAR / "demo-ready").touch()


def get(base, path, timeout=30):
    with urllib.request.urlopen(base + path, timeout=timeout) as response:  # noqa: S310  (loopback)
        return response.status, response.read()


def wait_until_up(base, server):
    for _ in range(900):
        if server.poll() is not None:
            sys.exit("the server stopped")
        try:
            if get(base, "/healthz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    sys.exit("the server did not come up")


def discover(base):
    services = []
    for query in QUERIES:
        _status, body = get(base, f"/api/v1/search/?type=service&q={quote(query)}")
        services += [result["url"] for result in json.loads(body)["results"]]
    urls = {
        "search": [f"/search/?q={quote(q)}" for q in QUERIES],
        "api": [f"/api/v1/search/?q={quote(q)}" for q in QUERIES],
        "services": sorted(set(services)),
        "calendar": "/events/",
    }
    for path in ["/", urls["calendar"], *urls["search"], *urls["api"], *urls["services"]]:
        get(base, path)  # warm the cache once, as earlier visitors would have
    return urls


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run_locust(base, urls_file, out):
    env = {**os.environ, "LOAD_URLS": str(urls_file)}
    command = [
        str(Path(PY).with_name("locust")),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        "--run-time",
        f"{SECONDS}s",
        "--host",
        base,
        "--csv",
        str(out / "stats"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(command, env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)  # noqa: S603
    with open(out / "stats_stats.csv") as handle:
        return list(csv.DictReader(handle))


def table(rows):
    lines = [
        "| requests | count | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = "**all**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {name} | {int(row['Request Count']):,} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.0f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    return "\n".join(lines)


def main():
    prepare()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [PY, str(ROOT / "scripts" / "serve.py")],
        env={**site_env(), "HOST": "127.0.0.1", "PORT": str(port)},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out = Path(tempfile.mkdtemp(prefix="load-"))
    try:
        wait_until_up(base, server)
        urls = discover(base)
        urls_file = out / "urls.json"
        urls_file.write_text(json.dumps(urls))
        before = load_average()
        rows = run_locust(base, urls_file, out)
        after = load_average()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n{USERS} visitors, {SECONDS} s, gunicorn + worker (scripts/serve.py), SQLite, embedded search")
    print(f"machine: {os.cpu_count()} cores; load average before {before}, after {after}\n")
    print(table(rows))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
