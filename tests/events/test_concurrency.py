"""Capacity is never exceeded when registrations arrive at the same moment.

Two OS processes register against the test's database — on SQLite a file
copy of it (SQLite's backup API), on PostgreSQL the test database itself —
released together by a go signal. On SQLite, IMMEDIATE write transactions
make the second wait for the first; on PostgreSQL the event's row lock does;
either way the count of confirmed places read inside the transaction is never
stale.
"""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page

from events.models import EventPage
from tests.processes import count_rows, start_worker, worker_database_url


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


@pytest.mark.django_db(transaction=True)
def test_two_processes_never_exceed_capacity(tmp_path):
    capacity, per_worker = 3, 6
    event = make_event_alone(capacity)
    url = worker_database_url(tmp_path)
    go = tmp_path / "go"
    workers = [
        start_worker(
            ["-m", "tests.events.register_worker", str(event.pk), str(n), str(per_worker), str(go)], url
        )
        for n in (1, 2)
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    go.touch()
    results = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
    statuses = " ".join(out for out, _err in results).split()
    assert len(statuses) == 2 * per_worker
    assert statuses.count("confirmed") == capacity

    def count(status):
        return count_rows(
            url,
            "SELECT count(*) FROM events_registration WHERE event_id = %s AND status = %s",
            (event.pk, status),
        )

    rows = {"confirmed": count("confirmed"), "waiting": count("waiting")}
    assert rows == {"confirmed": capacity, "waiting": 2 * per_worker - capacity}
    print(f"\nconcurrency: {len(statuses)} registrations from 2 processes, {capacity} places, {rows}")
