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

import json
import time

import pytest
from django.db import connection

from tests.processes import count_rows, small_network, start_worker, worker_database_url

SERVICES = 3000


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
    url = worker_database_url(tmp_path)
    go = tmp_path / "go"
    visitor = start_worker(
        ["-m", "tests.incubators.visitor_worker", str(event.pk), str(service.pk), str(go)], url
    )
    assert visitor.stdout.readline().strip() == "ready"
    importer = start_worker(["manage.py", "import_directory", str(directory), "-v2"], url)
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
    assert "服务：新建 3000" in rest

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
    counts = [
        count_rows(url, "SELECT count(*) FROM events_registration WHERE event_id = %s", (event.pk,)),
        count_rows(url, "SELECT count(*) FROM services_referral WHERE service_id = %s", (service.pk,)),
        count_rows(url, "SELECT count(*) FROM wagtailcore_page WHERE slug LIKE %s", ("bulk-%",)),
    ]
    assert counts == [1, 1, SERVICES]
