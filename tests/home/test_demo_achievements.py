"""The demo year of achievements, projects and targets: a year partly met,
partly behind when seen in late November; a second run changes nothing."""

import datetime
import io

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, WorkflowState

from achievements.approval import awaiting_approval
from achievements.models import AchievementIndexPage, AchievementPage, ProjectPage
from home.demo import achievements as demo
from quotas.models import QuotaTarget
from quotas.progress import BEHIND, MET, progress, year_board

pytestmark = pytest.mark.django_db


def state():
    return (
        sorted(
            AchievementPage.objects.values_list(
                "pk", "slug", "live", "first_published_at", "latest_revision_id"
            )
        ),
        sorted(ProjectPage.objects.values_list("pk", "slug", "live", "admitted", "latest_revision_id")),
        sorted(QuotaTarget.objects.values_list("pk", "year", "metric", "target")),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        WorkflowState.objects.count(),
    )


def test_a_second_run_changes_nothing(db):
    before = state()
    out = io.StringIO()
    demo.load(out)
    assert state() == before
    assert "科技成果：新建 0，更新 0，未变" in out.getvalue()


def test_the_plan_seen_on_27_november_is_partly_met_partly_behind():
    year = timezone.localdate().year
    late_november = datetime.date(year, 11, 27)
    achievement_rows = demo.achievement_rows(year, late_november)
    published = [r for r in achievement_rows if r.get("published", "").startswith(str(year))]
    drafts = [r for r in achievement_rows if "published" not in r]
    projects = [r for r in demo.project_rows(year, late_november) if r["admitted"].startswith(str(year))]
    held = [r for r in projects if r["admitted"] <= late_november.isoformat()]
    assert len(published) == 66
    assert len(drafts) == 3
    assert (len(held), len(projects) - len(held)) == (34, 2)
    assert progress(100, len(published), 0, year, late_november).status == BEHIND
    assert progress(30, len(held), 2, year, late_november).status == MET


def test_the_loaded_demo_matches_its_plan_up_to_today():
    today = timezone.localdate()
    board = year_board(today.year)
    rows = demo.achievement_rows(today.year, today)
    assert board.metric("achievements_published").progress.actual == sum(
        1 for r in rows if r.get("published", "").startswith(str(today.year))
    )
    assert awaiting_approval().count() == demo.DRAFTS
    assert all(state.requested_by is not None for state in WorkflowState.objects.filter(status="in_progress"))
    assert board.metric("achievements_published").progress.target == 100
    assert board.metric("referrals_completed").target_set_by_bureau
    index = AchievementIndexPage.objects.get()
    assert index.live and index.show_in_menus
