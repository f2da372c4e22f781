"""Capacity is never exceeded when registrations arrive at the same moment.

Two OS processes register against one file-based SQLite database (the test
database is copied there with SQLite's backup API), released together by a
go signal. IMMEDIATE write transactions make the second wait for the first,
so the count of confirmed places read inside the transaction is never stale.
"""

import datetime
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from events.models import EventPage

REPO = Path(__file__).resolve().parents[2]


def make_event_alone(capacity):
    """A transactional test starts from an empty database: an event page as
    the tree's root is enough for the registration rules."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    start = timezone.now() + datetime.timedelta(days=5)
    event = EventPage(
        title="并发测试",
        slug="concurrency",
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=capacity,
        live=True,
    )
    Page.add_root(instance=event)
    return event


def copy_database_to(path):
    connection.ensure_connection()
    target = sqlite3.connect(path)
    with target:
        connection.connection.backup(target)
    target.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the file copy is SQLite-specific")
def test_two_processes_never_exceed_capacity(tmp_path):
    capacity, per_worker = 3, 6
    event = make_event_alone(capacity)
    database = tmp_path / "db.sqlite3"
    copy_database_to(str(database))
    go = tmp_path / "go"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.events.register_worker",
                str(event.pk),
                str(n),
                str(per_worker),
                str(go),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    go.touch()
    results = [worker.communicate(timeout=60) for worker in workers]
    for worker, (_out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
    statuses = " ".join(out for out, _err in results).split()
    assert len(statuses) == 2 * per_worker
    assert statuses.count("confirmed") == capacity

    check = sqlite3.connect(database)
    rows = check.execute(
        "SELECT status, count(*) FROM events_registration WHERE event_id = ? GROUP BY status", (event.pk,)
    ).fetchall()
    check.close()
    assert dict(rows) == {"confirmed": capacity, "waiting": 2 * per_worker - capacity}
    print(f"\nconcurrency: {len(statuses)} registrations from 2 processes, {capacity} places, {dict(rows)}")
