"""Matches are recomputed through the task queue: the database backend of
production (not the tests' immediate one) holds one task per transaction,
and the worker's run of it updates the matches."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from achievements.models import AchievementPage
from core.importer import publish_page
from matchmaking.models import Match
from tests.achievements.factories import technology_field
from tests.queue import DATABASE_TASKS, run_queued

RECOMPUTE = "matchmaking.tasks.recompute_matches_task"

pytestmark = pytest.mark.django_db


def achievement(title, summary):
    return AchievementPage(
        title=title,
        summary=summary,
        field=technology_field("海洋生物"),
        maturity=6,
        transfer_modes=["license"],
    )


def test_two_pages_published_in_one_transaction_queue_one_recomputation(
    matched, demo, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS  # the queue of production
    DBTaskResult.objects.all().delete()
    first = achievement("海参肠卵综合提取海参肽", "以海参肠卵为原料酶解制备海参肽")
    second = achievement("海参内脏酶解海参肽新工艺", "海参内脏酶解提取海参肽")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            publish_page(first, parent=demo.incubator("kechuang"))
            publish_page(second, parent=demo.incubator("huigu"))
    queued = DBTaskResult.objects.filter(task_path=RECOMPUTE)
    assert queued.count() == 1 and queued.get().status == "READY"
    assert not Match.objects.filter(offer__in=[first, second]).exists()  # nothing ran in the request

    run_queued(RECOMPUTE)
    assert queued.get().status == "SUCCESSFUL"
    peptide = Match.objects.filter(need__slug="d-sea-cucumber-peptide")
    assert {first.pk, second.pk} <= set(peptide.values_list("offer_id", flat=True))
