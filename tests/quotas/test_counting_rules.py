"""Each counting rule of docs/interfaces.md at its edges, through year_board — the one
function behind the admin board, the report, the exports and the API.

The tests use 2031, a year the demo does not touch, and pass ``today``
explicitly, so they hold whatever day they run.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from achievements.models import achievement_workflow
from quotas.progress import year_board
from services import referrals
from tests.achievements.factories import local, make_achievement, make_project
from tests.events.factories import make_event
from tests.services.factories import bureau_user, make_referral

pytestmark = pytest.mark.django_db

Y = 2031
END_OF_YEAR = datetime.date(Y, 12, 31)


def numbers(metric, year=Y, today=END_OF_YEAR):
    progress = year_board(year, today=today).metric(metric).progress
    return progress.actual, progress.scheduled


# --- training sessions and matchmaking events --------------------------------


def test_event_at_2359_on_31_december_counts_in_that_year_not_the_next(demo):
    make_event(demo.incubator("huigu"), kind="training", start=local(Y, 12, 31, 23, 59))
    assert numbers("training_sessions") == (1, 0)
    assert numbers("training_sessions", Y + 1, datetime.date(Y + 1, 12, 31)) == (0, 0)


def test_event_at_midnight_on_1_january_counts_in_the_new_year(demo):
    make_event(demo.incubator("huigu"), kind="training", start=local(Y + 1, 1, 1, 0, 0))
    assert numbers("training_sessions") == (0, 0)
    assert numbers("training_sessions", Y + 1, datetime.date(Y + 1, 12, 31)) == (1, 0)


def test_the_year_is_cut_in_shanghai_time_not_utc(demo):
    # 1 January 07:30 in Shanghai is still 31 December in UTC.
    start = local(Y + 1, 1, 1, 7, 30)
    assert start.astimezone(datetime.UTC).year == Y
    make_event(demo.incubator("huigu"), kind="matchmaking", start=start)
    assert numbers("matchmaking_events") == (0, 0)
    assert numbers("matchmaking_events", Y + 1, datetime.date(Y + 1, 1, 1)) == (1, 0)


def test_a_future_event_is_scheduled_not_held(demo):
    today = datetime.date(Y, 6, 1)
    make_event(demo.incubator("huigu"), kind="training", start=local(Y, 6, 2, 9))
    assert numbers("training_sessions", today=today) == (0, 1)
    assert numbers("training_sessions", today=datetime.date(Y, 6, 2)) == (1, 0)


def test_an_event_later_today_counts_as_held(demo):
    make_event(demo.incubator("huigu"), kind="training", start=local(Y, 6, 1, 23, 0))
    assert numbers("training_sessions", today=datetime.date(Y, 6, 1)) == (1, 0)


def test_each_kind_counts_for_its_own_metric_only(demo):
    incubator = demo.incubator("kechuang")
    make_event(incubator, kind="training", start=local(Y, 3, 1, 9))
    make_event(incubator, kind="matchmaking", start=local(Y, 3, 2, 9))
    make_event(incubator, kind="matchmaking", start=local(Y, 3, 3, 9))
    make_event(incubator, kind="roadshow", start=local(Y, 3, 4, 9))
    make_event(incubator, kind="other", start=local(Y, 3, 5, 9))
    assert numbers("training_sessions") == (1, 0)
    assert numbers("matchmaking_events") == (2, 0)


def test_unpublished_and_deleted_events_stop_counting(demo):
    incubator = demo.incubator("huigu")
    make_event(incubator, kind="training", start=local(Y, 4, 1, 9), live=False)
    unpublished = make_event(incubator, kind="training", start=local(Y, 4, 2, 9))
    deleted = make_event(incubator, kind="training", start=local(Y, 4, 3, 9))
    assert numbers("training_sessions") == (2, 0)
    unpublished.refresh_from_db()
    unpublished.unpublish()
    assert numbers("training_sessions") == (1, 0)
    deleted.delete()
    assert numbers("training_sessions") == (0, 0)


def test_a_co_hosted_event_counts_once_for_its_host(demo):
    host, co_host = demo.incubator("huigu"), demo.incubator("kechuang")
    make_event(host, kind="matchmaking", start=local(Y, 5, 1, 9), co_hosts=[co_host])
    board = year_board(Y, today=END_OF_YEAR)
    metric = board.metric("matchmaking_events")
    assert metric.progress.actual == 1
    assert metric.by_incubator[host.pk].actual == 1
    assert metric.by_incubator[co_host.pk].actual == 0


# --- achievements ------------------------------------------------------------


def test_achievement_counts_in_the_year_it_was_first_published(demo):
    incubator = demo.incubator("lihai")
    make_achievement(incubator, published=local(Y, 12, 31, 23, 59))
    make_achievement(incubator, published=local(Y + 1, 1, 1, 0, 0))
    assert numbers("achievements_published") == (1, 0)
    assert numbers("achievements_published", Y + 1, datetime.date(Y + 1, 12, 31)) == (1, 0)


def test_a_draft_or_unpublished_achievement_does_not_count(demo):
    incubator = demo.incubator("lihai")
    make_achievement(incubator, live=False)
    withdrawn = make_achievement(incubator, published=datetime.date(Y, 3, 1))
    assert numbers("achievements_published") == (1, 0)
    withdrawn.unpublish()
    assert numbers("achievements_published") == (0, 0)


def test_a_rejected_achievement_does_not_count(demo):
    today = timezone.localdate()
    before = numbers("achievements_published", today.year, today)
    draft = make_achievement(demo.incubator("lihai"), live=False)
    workflow_state = achievement_workflow().start(draft, None)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state.specific, bureau_user(), "reject")
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    draft.refresh_from_db()
    assert not draft.live
    assert numbers("achievements_published", today.year, today) == before


def test_a_deleted_achievement_stops_counting(demo):
    page = make_achievement(demo.incubator("lihai"), published=datetime.date(Y, 7, 1))
    assert numbers("achievements_published") == (1, 0)
    page.delete()
    assert numbers("achievements_published") == (0, 0)


def test_an_edit_after_publication_keeps_the_first_publication_year(demo):
    page = make_achievement(demo.incubator("lihai"), published=datetime.date(Y, 12, 20))
    page.summary = "修改后的摘要"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.last_published_at.year != Y  # published again today
    assert numbers("achievements_published") == (1, 0)


# --- incubated projects --------------------------------------------------------


def test_projects_count_by_admission_date(demo):
    incubator = demo.incubator("zhulangzhe")
    make_project(incubator, datetime.date(Y, 1, 1))
    make_project(incubator, datetime.date(Y, 12, 31))
    make_project(incubator, datetime.date(Y - 1, 12, 31))
    make_project(incubator, datetime.date(Y + 1, 1, 1))
    assert numbers("incubated_projects") == (2, 0)


def test_a_private_project_counts_and_a_draft_does_not(demo):
    incubator = demo.incubator("zhulangzhe")
    make_project(incubator, datetime.date(Y, 5, 5), private=True)
    make_project(incubator, datetime.date(Y, 5, 6), live=False)
    assert numbers("incubated_projects") == (1, 0)


def test_an_admission_after_today_is_scheduled(demo):
    make_project(demo.incubator("zhulangzhe"), datetime.date(Y, 9, 2))
    assert numbers("incubated_projects", today=datetime.date(Y, 9, 1)) == (0, 1)
    assert numbers("incubated_projects", today=datetime.date(Y, 9, 2)) == (1, 0)


def test_a_deleted_project_stops_counting(demo):
    project = make_project(demo.incubator("zhulangzhe"), datetime.date(Y, 5, 5))
    assert numbers("incubated_projects") == (1, 0)
    project.delete()
    assert numbers("incubated_projects") == (0, 0)


# --- referrals -----------------------------------------------------------------


def completed_at(service, when, from_incubator):
    """A referral completed exactly at ``when`` (accepted 1 day before)."""
    referral = make_referral(
        service,
        from_incubator=from_incubator,
        status="completed",
        at=when - datetime.timedelta(days=1, hours=2),
    )
    assert referral.completed_at == when
    return referral


def test_referrals_count_only_between_different_incubators(demo):
    service = demo.service("huigu-bookkeeping")
    huigu, kechuang = demo.incubator("huigu"), demo.incubator("kechuang")
    completed_at(service, local(Y, 6, 1, 10), kechuang)
    completed_at(service, local(Y, 6, 2, 10), huigu)  # same incubator
    completed_at(service, local(Y, 6, 3, 10), None)  # walk-in startup
    make_referral(service, from_incubator=kechuang, status="accepted", at=local(Y, 6, 4, 10))
    assert numbers("referrals_completed") == (1, 0)
    board = year_board(Y, today=END_OF_YEAR)
    assert board.metric("referrals_completed").by_incubator[huigu.pk].actual == 1


def test_a_referral_completed_at_2359_on_31_december_counts_in_that_year(demo):
    service = demo.service("huigu-bookkeeping")
    kechuang = demo.incubator("kechuang")
    completed_at(service, local(Y, 12, 31, 23, 59), kechuang)
    completed_at(service, local(Y + 1, 1, 1, 0, 0), kechuang)
    assert numbers("referrals_completed") == (1, 0)
    assert numbers("referrals_completed", Y + 1, datetime.date(Y + 1, 12, 31)) == (1, 0)


def test_the_referral_metric_is_the_exchange_s_own_definition(demo):
    from quotas.progress import completed_referrals

    assert str(completed_referrals().query) == str(referrals.completed_cross_referrals().query)


# --- the breakdown ---------------------------------------------------------------


def test_the_breakdown_by_incubator_adds_up_to_the_network_total(demo):
    year = timezone.localdate().year
    board = year_board(year)
    for metric in board.metrics:
        assert sum(p.actual for p in metric.by_incubator.values()) == metric.progress.actual
        assert sum(p.scheduled for p in metric.by_incubator.values()) == metric.progress.scheduled
        assert sum(p.actual for p in metric.by_district.values()) == metric.progress.actual
        assert sum(m["actual"] for m in metric.months) == metric.progress.actual
        assert len(metric.records) == metric.progress.actual + metric.progress.scheduled
