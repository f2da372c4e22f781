"""Helpers for tests that run workers in other OS processes against the
test's database: a transactional test commits its data, then hands the
workers a DATABASE_URL — a file copy of the in-memory SQLite database
(SQLite's backup API), or the PostgreSQL test database itself."""

import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

REPO = Path(__file__).resolve().parents[1]


def worker_database_url(tmp_path):
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


def count_rows(database_url, sql, params=()):
    """One number from the workers' database (for SQLite, their file copy)."""
    if database_url.startswith("sqlite:///"):
        check = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            return check.execute(sql.replace("%s", "?"), params).fetchone()[0]
        finally:
            check.close()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def start_worker(args, database_url, **extra_env):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        **extra_env,
    }
    return subprocess.Popen(  # noqa: S603 (our own modules)
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def small_network():
    """A transactional test may start from an empty database (flushed by the
    one before): a tree of its own — root, home page, incubator list, one
    incubator (imported) with a service and an event taking registrations."""
    from wagtail.models import Collection, Locale, Page

    from core.importer import run_import
    from events.models import EventPage
    from home.models import HomePage
    from incubators.models import IncubatorIndexPage
    from services.models import ServicePage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:  # as Wagtail's migrations leave it
        Collection.add_root(name="Root")
    root = Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="首页", slug="home"))
    home.add_child(instance=IncubatorIndexPage(title="孵化器", slug="incubators"))
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
    return EventPage.objects.get(pk=event.pk), ServicePage.objects.get(slug="busy-desk")


def copy_demo_files(source, target):
    """A fresh copy of ``demo_files`` (database and media) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "db.sqlite3", target / "db.sqlite3")
    shutil.copytree(source / "media", target / "media")
    return target
