"""Browser tests: Debian's Chromium driven by Playwright against a real
server process.

One server per test session: a copy of the session's demo files
(``tests.conftest.demo_files``), then ``runserver`` on a free loopback port. The
tests talk to it only over HTTP, as a person would; they never touch the
test database, so pytest-django runs them after the database tests.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.processes import copy_demo_files

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the test server did not answer at {url}")


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, demo_files):
    """A live demo site: ``.url`` (no trailing slash) and ``.root`` (its
    scratch folder: db.sqlite3, media/, mail/, server.log)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/install-system-packages.sh (make setup)")
    root = copy_demo_files(demo_files, tmp_path_factory.mktemp("live-site"))
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "0",  # as visitors see it: the branded error pages
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "MEDIA_ROOT": str(root / "media"),
        "DJANGO_CACHE_LOCATION": str(root / "cache"),
        "SITE_BASE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(root / "mail"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("ELASTICSEARCH_URL", None)
    manage = [sys.executable, str(REPO / "manage.py")]
    log = open(root / "server.log", "w")  # noqa: SIM115 (closed at teardown)
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/", server)
        yield SimpleNamespace(url=url, root=root)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def site_url(live_site):
    return live_site.url


@pytest.fixture(scope="session")
def mail_dir(live_site):
    """Folder where the live server writes outgoing mail (one file per message)."""
    return live_site.root / "mail"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def screenshot():
    """``screenshot(page, "name")`` saves a full-page PNG to tests/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


@pytest.fixture
def admin_login(page, site_url):
    """Sign in to the Wagtail admin: ``admin_login("op-huigu", "huigu-demo-2026")``."""

    def _login(username, password):
        page.goto(f"{site_url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{site_url}/admin/")
        return page

    return _login
