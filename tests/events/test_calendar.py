"""The public calendar: filters by kind, incubator and month; upcoming and
past; Chinese dates; a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.calendar import month_grid, shift_month, upcoming_events
from events.models import EventIndexPage, EventPage
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar_url(demo):
    return EventIndexPage.objects.get().url


def titles(response):
    return [event.title for event in response.context["events"]]


@pytest.fixture
def sample(demo):
    """Three upcoming events and one past one, after removing the demo's, so
    the assertions do not depend on the day the tests run."""
    EventPage.objects.all().delete()
    huigu, kechuang, lihai = (demo.incubator(s) for s in ("huigu", "kechuang", "lihai"))
    now = timezone.now()
    return {
        "training": make_event(
            huigu, kind="training", title="财税培训", start=now + datetime.timedelta(days=3)
        ),
        "matchmaking": make_event(
            kechuang,
            kind="matchmaking",
            title="技术对接会",
            start=now + datetime.timedelta(days=5),
            co_hosts=[lihai],
        ),
        "roadshow": make_event(
            lihai, kind="roadshow", title="项目路演", start=now + datetime.timedelta(days=40)
        ),
        "past": make_event(huigu, kind="training", title="往期培训", start=now - datetime.timedelta(days=20)),
    }


def test_upcoming_is_the_default_soonest_first(client, calendar_url, sample):
    response = client.get(calendar_url)
    assert titles(response) == ["财税培训", "技术对接会", "项目路演"]


def test_past_events_newest_first(client, calendar_url, sample):
    response = client.get(calendar_url, {"when": "past"})
    assert titles(response) == ["往期培训"]


def test_filter_by_kind(client, calendar_url, sample):
    assert titles(client.get(calendar_url, {"kind": "matchmaking"})) == ["技术对接会"]
    assert titles(client.get(calendar_url, {"kind": "training", "when": "past"})) == ["往期培训"]


def test_filter_by_incubator_includes_co_hosted_events(client, calendar_url, sample):
    assert titles(client.get(calendar_url, {"incubator": "lihai"})) == ["技术对接会", "项目路演"]
    assert titles(client.get(calendar_url, {"incubator": "huigu"})) == ["财税培训"]


def test_filter_by_month_shows_the_whole_month_as_a_grid(client, calendar_url, sample):
    month = timezone.localtime(sample["roadshow"].start).strftime("%Y-%m")
    response = client.get(calendar_url, {"month": month})
    assert "项目路演" in titles(response)
    assert all(timezone.localtime(e.start).strftime("%Y-%m") == month for e in response.context["events"])
    cells = [day for week in response.context["weeks"] for day in week if day["events"]]
    assert any("项目路演" in [e.title for e in day["events"]] for day in cells)
    year, number = month.split("-")
    assert f"{year}年{int(number)}月" in response.content.decode()


def test_an_invalid_filter_is_reported_and_ignored(client, calendar_url, sample):
    response = client.get(calendar_url, {"month": "2026-13", "kind": "party"})
    assert titles(response) == ["财税培训", "技术对接会", "项目路演"]
    assert response.context["filter_form"].errors.keys() == {"month", "kind"}


def test_dates_are_written_the_chinese_way(client, calendar_url, sample):
    start = timezone.localtime(sample["training"].start)
    html = client.get(calendar_url).content.decode()
    assert f"{start.year}年{start.month}月{start.day}日" in html
    assert "星期" in html


def test_unpublished_events_stay_off_the_calendar(client, calendar_url, sample, demo):
    make_event(demo.incubator("huigu"), title="草稿活动", live=False)
    assert "草稿活动" not in titles(client.get(calendar_url))


def test_calendar_query_count_does_not_grow_with_events(client, calendar_url, sample, demo):
    client.get(calendar_url)  # warm the site-root cache
    with CaptureQueriesContext(connection) as few:
        client.get(calendar_url)
    for n in range(15):
        make_event(demo.incubator("zhulangzhe"), co_hosts=[demo.incubator("huigu")], title=f"加场{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(calendar_url)
    assert len(response.context["events"]) == 18
    assert len(many) == len(few)
    print(f"\ncalendar page: {len(many)} queries for 3 or 18 events")


def test_the_calendar_is_in_the_main_menu(client, demo):
    calendar = EventIndexPage.objects.get()
    assert calendar.show_in_menus
    assert f'href="{calendar.url}"' in client.get("/").content.decode()


def test_home_page_lists_upcoming_events(client, sample):
    html = client.get("/").content.decode()
    assert "近期活动" in html
    assert "财税培训" in html
    assert "往期培训" not in html


def test_upcoming_events_skip_finished_ones(sample):
    assert [e.title for e in upcoming_events(limit=10)] == ["财税培训", "技术对接会", "项目路演"]


def test_month_grid_starts_on_monday():
    weeks = month_grid("2026-12", [], datetime.date(2026, 12, 3))
    assert weeks[0][0]["date"] == datetime.date(2026, 11, 30)  # a Monday
    assert [day["date"].day for day in weeks[0] if day["in_month"]][0] == 1
    assert any(day["is_today"] for week in weeks for day in week)


def test_month_arithmetic_crosses_years():
    assert shift_month("2026-12", 1) == "2027-01"
    assert shift_month("2026-01", -1) == "2025-12"
