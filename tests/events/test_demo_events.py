"""The demo calendar: a current year that is partly held, partly scheduled,
anchored to 1 January so a second run changes nothing."""

import io

import pytest
from django.utils import timezone

from events.models import EventIndexPage, EventPage, Registration
from home.demo import events as demo_events

pytestmark = pytest.mark.django_db


def state():
    return (
        sorted(EventPage.objects.values_list("pk", "slug", "start", "latest_revision_id", "live")),
        sorted(Registration.objects.values_list("pk", "status", "checked_in_at")),
    )


def test_demo_calendar_covers_the_current_year(demo):
    year = timezone.localdate().year
    events = EventPage.objects.live().filter(start__year=year)
    kinds = {
        kind: events.filter(kind=kind).count() for kind in ("training", "matchmaking", "roadshow", "other")
    }
    assert kinds == {"training": 9, "matchmaking": 12, "roadshow": 3, "other": 1}
    held_before_december = events.filter(start__month__lt=12)
    assert held_before_december.filter(kind="training").count() == 7
    assert held_before_december.filter(kind="matchmaking").count() == 9
    rows = demo_events.event_rows(year)
    assert set(events.values_list("slug", flat=True)) == {
        r["slug"] for r in rows if r["start"].startswith(str(year))
    }


def test_demo_calendar_always_has_upcoming_events(demo):
    """Two events fall in the next January, so a demo loaded on 31 December
    still shows something upcoming."""
    year = timezone.localdate().year
    next_january = EventPage.objects.live().filter(start__year=year + 1, start__month=1)
    assert set(next_january.values_list("kind", flat=True)) == {"training", "matchmaking"}


def test_demo_has_a_full_event_with_a_waiting_list(demo):
    full = EventPage.objects.get(slug__startswith="kechuang-ocean-biotech-")
    assert Registration.objects.filter(event=full, status="confirmed").count() == full.capacity
    assert Registration.objects.filter(event=full, status="waiting").count() == 2
    assert Registration.objects.filter(email__endswith="@example.cn").count() == Registration.objects.count()


def test_demo_calendar_page_is_in_the_menu(demo):
    assert EventIndexPage.objects.live().in_menu().count() == 1


def test_a_second_run_changes_nothing(demo):
    before = state()
    out = io.StringIO()
    demo_events.load(out)
    assert "活动：新建 0，更新 0，未变 27" in out.getvalue()
    assert state() == before
