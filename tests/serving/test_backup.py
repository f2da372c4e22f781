"""Backups that restore: a running demo (gunicorn, production settings) is
backed up while visitors register and request services; the archive is
restored into a fresh folder, which holds everything that existed before.
"""

import tarfile
import threading
import time
from pathlib import Path

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from events.models import Registration
from search.models import DictionaryWord, Synonym
from services.models import Referral
from tests.serving.conftest import Browser, Site, first_url, request_path_of

TABLES = {
    "page": Page,
    "revision": Revision,
    "referral": Referral,
    "registration": Registration,
    "image": get_image_model(),
    "synonym": Synonym,
    "dictionary word": DictionaryWord,
}


def ids(site):
    return {
        name: {row[0] for row in site.query(f"SELECT id FROM {model._meta.db_table}")}  # noqa: S608
        for name, model in TABLES.items()
    }


class Visitors:
    """Register for an event and request a service, over and over, until stopped."""

    def __init__(self, site, event, request_path):
        self.site, self.event, self.request_path = site, event, request_path
        self.stop = threading.Event()
        self.sent = []
        self.error = None
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        try:
            self.visit()
        except Exception as error:  # reported by the test, which waits on this thread
            self.error = error

    def visit(self):
        browser = Browser(self.site.base)
        n = 0
        while not self.stop.is_set():
            n += 1
            person = {
                "name": f"访客{n}",
                "company": "测试公司",
                "phone": f"1390631{n:04d}",
                "email": f"visitor{n}@example.cn",
            }
            response, _s = browser.submit(self.event, person, "#register form")
            self.sent.append(response.status_code)
            if n <= 5:  # the referral form allows a few an hour per address
                request = {
                    "requester_name": f"访客{n}",
                    "phone": f"1390632{n:04d}",
                    "need": "需要记账服务。",
                    "consent": "on",
                }
                response, _s = browser.submit(
                    self.request_path, request, "form[method=post]:not(.language-switcher)"
                )
                self.sent.append(response.status_code)


def test_a_backup_taken_while_visitors_write_restores_everything(demo_copy, collected_static, workdir):
    site = Site(demo_copy, collected_static)
    try:
        site.start_web()
        browser = Browser(site.base)
        event = first_url(browser, "event", "#register form")
        request_path = request_path_of(browser)
        visitors = Visitors(site, event, request_path)
        visitors.thread.start()
        deadline = time.monotonic() + 120
        while len(visitors.sent) < 4:  # they are writing
            assert visitors.thread.is_alive(), f"the visitors stopped: {visitors.error!r}"
            assert time.monotonic() < deadline, f"only {visitors.sent} in 120 s"
            visitors.thread.join(0.2)
        before = ids(site)
        result = site.manage("backup", "--keep", "3")
        more_before_stop = len(visitors.sent)
        visitors.stop.set()
        visitors.thread.join(60)
    finally:
        site.stop()
    assert more_before_stop >= 4 and set(visitors.sent) <= {302}, visitors.sent
    archives = sorted((demo_copy / "backups").glob("rongcheng-*.tar.gz"))
    assert len(archives) == 1, result.stdout
    with tarfile.open(archives[0]) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "database/db.sqlite3" in names

    fresh = workdir / "fresh"
    restored = Site(
        fresh,
        collected_static,
        DATABASE_URL=f"sqlite:///{fresh / 'var' / 'db.sqlite3'}",
        MEDIA_ROOT=fresh / "var" / "media",
    )
    fresh.mkdir()
    restored.folder = fresh / "var"
    restored.manage("restore", str(archives[0]))
    after = ids(restored)
    for name, wanted in before.items():
        assert wanted, name
        assert wanted <= after[name], f"{name}: {len(wanted - after[name])} missing"
    assert restored.query("PRAGMA integrity_check") == [("ok",)]
    files = [row[0] for row in restored.query(f"SELECT file FROM {get_image_model()._meta.db_table}")]  # noqa: S608
    assert files and all((fresh / "var" / "media" / f).is_file() for f in files)
    # A second restore into the now full folder is refused.
    again = restored.manage("restore", str(archives[0]), check=False)
    assert again.returncode != 0 and "not empty" in again.stderr
    assert Path(archives[0]).stat().st_size > 0
