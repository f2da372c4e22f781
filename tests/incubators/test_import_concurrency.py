"""Visitors are not locked out while a large import runs.

A 3,000-service import_directory runs in its own process against a real
database file (SQLite) or the test database (PostgreSQL); once it reports
progress from inside its transaction, a visitor process registers for an
event and requests a service. Both must succeed. On PostgreSQL the visitor
is not held up at all (the import locks no row a visitor needs): it
finishes while the import is still running. On SQLite, where one writer at
a time is the rule, the import's write transaction is short enough (the
bulk path) that the visitor's write waits for it and goes through.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from events.models import EventPage, Registration
from home.models import HomePage
from incubators.importer import run_import
from services.models import Referral, ServicePage

REPO = Path(__file__).resolve().parents[2]
SERVICES = 3000


def small_network():
    """A transactional test starts from an empty database: root, home page,
    one incubator (imported) with a service and an event."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.add_root(title="Root", slug="root")
    root.add_child(instance=HomePage(title="首页", slug="home"))
    report = run_import(
        {
            "incubators": [{"slug": "busy", "name": "繁忙孵化器", "kind": "incubator"}],
            "services": [
                {
                    "slug": "busy-desk",
                    "incubator": "busy",
                    "category": "legal",
                    "title": "法律咨询",
                    "fee": "free",
                }
            ],
        }
    )
    assert report.ok, report.errors
    incubator = Page.objects.get(slug="busy")
    start = timezone.now() + datetime.timedelta(days=7)
    event = EventPage(title="路演日", slug="roadshow", start=start, end=start + datetime.timedelta(hours=2))
    incubator.add_child(instance=event)
    event.save_revision().publish()
    return event, ServicePage.objects.get(slug="busy-desk")


def database_url(tmp_path):
    if connection.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        with target:
            connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start(args, env):
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_visitors_write_while_a_large_import_runs(tmp_path):
    event, service = small_network()
    directory = tmp_path / "directory.json"
    rows = [
        {
            "slug": f"bulk-{n}",
            "incubator": "busy",
            "category": "finance_tax",
            "title": f"代理记账{n}",
            "fee": "paid",
        }
        for n in range(SERVICES)
    ]
    directory.write_text(json.dumps({"services": rows}, ensure_ascii=False), encoding="utf-8")
    url = database_url(tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url}
    go = tmp_path / "go"
    visitor = start(["-m", "tests.incubators.visitor_worker", str(event.pk), str(service.pk), str(go)], env)
    assert visitor.stdout.readline().strip() == "ready"
    importer = start(["manage.py", "import_directory", str(directory), "-v2"], env)
    lines = []
    for line in importer.stdout:  # progress is printed inside the import's transaction
        lines.append(line)
        if "1000" in line:
            go.touch()
            break
    assert go.exists(), importer.stderr.read()
    out, err = visitor.communicate(timeout=300)
    assert visitor.returncode == 0, err
    visited = json.loads(out)
    rest, import_err = importer.communicate(timeout=900)
    import_finished = time.time()
    assert importer.returncode == 0, import_err
    assert "services：新建 3000" in rest

    assert visited["registration"]["ok"], visited
    assert visited["referral"]["ok"], visited
    if connection.vendor == "postgresql":
        # Not blocked at all: both were done while the import still ran.
        assert visited["referral"]["finished"] < import_finished
        assert max(visited["registration"]["seconds"], visited["referral"]["seconds"]) < 10
    print(
        f"\n{connection.vendor}: registration {visited['registration']['seconds']:.2f} s, "
        f"referral {visited['referral']['seconds']:.2f} s during a {SERVICES}-service import"
    )
    if connection.vendor == "sqlite":
        check = sqlite3.connect(url.removeprefix("sqlite:///"))
        counts = check.execute(
            "SELECT (SELECT count(*) FROM events_registration), (SELECT count(*) FROM services_referral),"
            " (SELECT count(*) FROM services_servicepage)"
        ).fetchone()
        check.close()
    else:
        counts = (Registration.objects.count(), Referral.objects.count(), ServicePage.objects.count())
    assert counts == (1, 1, SERVICES + 1)
