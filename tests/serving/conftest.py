"""A running site for the serving tests: a copy of the demo test database in a
file, gunicorn with production settings and the real task worker
(``manage.py run_worker``) as separate processes, and listeners that play a
dead SMTP or Elasticsearch server (they accept connections and never answer).
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup

from tests.processes import copy_demo_files

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/serving/" in str(item.fspath):
            item.add_marker(pytest.mark.own_sqlite)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HangingServer:
    """Accepts TCP connections on 127.0.0.1 and never says a word."""

    def __init__(self, port=None):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port or 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        self.running = False
        # shutdown() wakes the accept() blocked in the other thread; close()
        # alone would leave the port listening until it returned.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(5)
        for conn in self.held:
            conn.close()


@pytest.fixture
def hanging_server():
    server = HangingServer()
    yield server
    server.close()


class Browser:
    """A visitor with a cookie jar that submits the site's real forms."""

    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def unsecure_cookies(self):
        """Production cookies are Secure; the test talks plain HTTP on
        loopback, and requests would not send them back (a cookie policy on
        the session's jar is lost: requests copies the jar per request)."""
        for cookie in self.session.cookies:
            cookie.secure = False

    def get(self, path, **kwargs):
        response = self.session.get(self.base + path, timeout=30, **kwargs)
        self.unsecure_cookies()
        return response

    def submit(self, path, data, selector="form[method=post]"):
        """GET ``path``, fill the form matching ``selector`` with ``data`` and
        post it; returns (response, seconds the POST took)."""
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        form = BeautifulSoup(page.text, "html.parser").select_one(selector)
        assert form is not None, f"no {selector} on {path}"
        fields = {
            field["name"]: field.get("value", "")
            for field in form.select("input[type=hidden]")
            if field.get("name")
        }
        fields.update(data)
        action = form.get("action") or path
        if not action.startswith("/"):
            action = path
        started = time.monotonic()
        response = self.session.post(
            self.base + action,
            data=fields,
            timeout=30,
            allow_redirects=False,
            headers={"Referer": self.base + path},
        )
        self.unsecure_cookies()
        return response, time.monotonic() - started


def private_folder():
    """A folder of our own: pytest's shared /tmp/pytest-of-<user> keeps only
    its three newest runs, and other test runs on the machine prune it."""
    return Path(tempfile.mkdtemp(prefix="rongcheng-serving-"))


@pytest.fixture
def workdir():
    folder = private_folder()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def collected_static():
    static = private_folder()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "STATIC_ROOT": str(static)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        check=True,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.production", "DJANGO_SECRET_KEY": "x" * 50},
    )
    yield static
    shutil.rmtree(static, ignore_errors=True)


def site_env(folder, static, **env):
    """The environment of a process of the site: production settings on the
    SQLite file and media folder in ``folder``."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "serving-tests-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(static),
        "DJANGO_CACHE_LOCATION": str(folder / "cache"),
        "BACKUP_DIR": str(folder / "backups"),
        "LOG_LEVEL": "WARNING",
        "ELASTICSEARCH_URL": "",
        **{key: str(value) for key, value in env.items()},
    }


@pytest.fixture
def demo_copy(demo_files, workdir):
    """A fresh copy of the session's demo (database and media) for one test."""
    return copy_demo_files(demo_files, workdir / "site")


class Site:
    """gunicorn + the task worker on a copy of the demo."""

    def __init__(self, folder, static, **env):
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = site_env(folder, static, **env)
        self.web = None
        self.worker = None

    def manage(self, *args, check=True, **env):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            check=check,
            capture_output=True,
            text=True,
        )

    def start_web(self, workers=2):
        self.web = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--config",
                str(ROOT / "site" / "config" / "gunicorn.py"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "web.log", "w"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.web.poll() is None, (self.folder / "web.log").read_text()
            try:
                requests.get(self.base + "/healthz", timeout=5)
                return
            except requests.RequestException:
                time.sleep(0.5)
        raise AssertionError("gunicorn did not come up")

    def start_worker(self):
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "worker.log", "w"),  # noqa: SIM115
        )

    def stop_worker(self):
        if self.worker is not None and self.worker.poll() is None:
            self.worker.terminate()
            self.worker.wait(timeout=30)

    def stop(self):
        self.stop_worker()
        if self.web is not None and self.web.poll() is None:
            self.web.terminate()
            self.web.wait(timeout=30)

    def query(self, sql, params=()):
        with sqlite3.connect(self.folder / "db.sqlite3", timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def healthz(self):
        response = requests.get(self.base + "/healthz", timeout=10)
        return response.status_code, response.json()


def wait_for(predicate, seconds, step=0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


FORM = "form[method=post]:not(.language-switcher)"
REQUEST_LINK = "a[href*='/referrals/request/']"


def live_page_id(site, model):
    return site.query(
        "SELECT p.id FROM wagtailcore_page p JOIN django_content_type t ON t.id = p.content_type_id "
        "WHERE p.live AND t.model = ? ORDER BY p.id LIMIT 1",
        (model,),
    )[0][0]


def first_url(browser, kind, has=None):
    """A public page of ``kind`` found through the search API (holding the
    element ``has``, when given)."""
    for result in browser.get(f"/api/v1/search/?type={kind}").json()["results"]:
        if result.get("ended"):
            continue
        if has is None or BeautifulSoup(browser.get(result["url"]).text, "html.parser").select_one(has):
            return result["url"]
    raise AssertionError(f"no {kind} page with {has}")


def request_path_of(browser):
    """The request form of a public service, found through its page."""
    service = first_url(browser, "service", REQUEST_LINK)
    return BeautifulSoup(browser.get(service).text, "html.parser").select_one(REQUEST_LINK)["href"]
