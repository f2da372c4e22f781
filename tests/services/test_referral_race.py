"""Every request gets its own reference when requests arrive at the same
moment: two OS processes send requests against the test's database (a file
copy on SQLite, the test database on PostgreSQL). References are numbered
from the last one; on PostgreSQL two transactions may read the same last
number, and the unique index makes the second retry with the next one."""

import pytest
from django.utils import timezone

from services.models import Referral
from tests.processes import count_rows, small_network, start_worker, worker_database_url


@pytest.mark.django_db(transaction=True)
def test_two_processes_get_distinct_consecutive_references(tmp_path):
    _event, service = small_network()
    year = timezone.localtime().year
    # Usually none: the test before flushed the database; but a run that
    # starts here still holds the demo's referrals.
    before = sorted(
        Referral.objects.filter(reference__startswith=f"RC-{year}-").values_list("reference", flat=True)
    )
    last = int(before[-1].rsplit("-", 1)[1]) if before else 0
    per_worker = 8
    url = worker_database_url(tmp_path)
    go = tmp_path / "go"
    workers = [
        start_worker(
            ["-m", "tests.services.referral_worker", str(service.pk), n, str(per_worker), str(go)], url
        )
        for n in ("1", "2")
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    go.touch()
    results = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
    references = " ".join(out for out, _err in results).split()
    assert sorted(references) == [f"RC-{year}-{n:06d}" for n in range(last + 1, last + 2 * per_worker + 1)]
    assert (
        count_rows(url, "SELECT count(DISTINCT reference) FROM services_referral")
        == len(before) + 2 * per_worker
    )
