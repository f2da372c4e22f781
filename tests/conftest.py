"""Shared fixtures.

The demo network (five incubators, 46 services, accounts) is loaded once
into the test database; every test then runs inside a transaction that is
rolled back, so tests may change anything. Tests that need a transactional
database run last (pytest-django orders them) and build their own data.
"""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", force=True, stdout=io.StringIO())


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory):
    """The demo as the site's own commands make it (``migrate`` +
    ``load_demo``) in a SQLite file and a media folder of its own, built once
    per session for the tests that run the site in separate processes
    (browser, serving); each copies it with ``copy_demo_files``. Never a copy
    of the test database: that one lives in memory inside the open test
    transaction, and on PostgreSQL is not a file at all."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path_factory.mktemp("demo-files")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_CACHE_LOCATION": str(folder / "cache"),
    }
    env.pop("ELASTICSEARCH_URL", None)
    manage = [sys.executable, str(Path(__file__).resolve().parents[1] / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--force"]):
        done = subprocess.run(manage + command, env=env, capture_output=True, text=True)  # noqa: S603
        assert done.returncode == 0, done.stdout + done.stderr
    return folder


@pytest.fixture
def demo(db):
    """Demo pages by slug: ``demo.incubator("huigu")``, ``demo.service("huigu-bookkeeping")``."""
    from tests.factories import Demo

    return Demo()


@pytest.fixture
def login(client):
    """Log the test client in as a demo account: ``login("op-huigu")``."""
    from django.contrib.auth import get_user_model

    def _login(username):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return user

    return _login


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real Redis (Debian's redis-server, from scripts/install-system-packages.sh)
    on a free loopback port for this test session, persisting nothing;
    yields its URL for DJANGO_CACHE_URL."""
    import shutil
    import socket
    import subprocess
    import time

    binary = shutil.which("redis-server") or "/usr/sbin/redis-server"
    if not shutil.which(binary):
        pytest.fail("redis-server is missing: run ./scripts/install-system-packages.sh (make setup)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(  # noqa: S603 (Debian's redis-server, loopback only)
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
        + ["--dir", str(folder), "--logfile", str(folder / "redis.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 30
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"redis-server did not start: {(folder / 'redis.log').read_text()}")
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    client.close()
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters (every public form, password reset) live in the
    cache, which outlives a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
