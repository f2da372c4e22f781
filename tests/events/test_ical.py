"""iCalendar feeds parse back with the icalendar library and hold the right
times, in Asia/Shanghai, with stable UIDs."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.ical import uid_for
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return [c for c in calendar.walk("VEVENT")]


@pytest.fixture
def event(demo):
    start = datetime.datetime(timezone.now().year + 1, 3, 5, 9, 0, tzinfo=SHANGHAI)
    return make_event(demo.incubator("huigu"), title="研发费用归集专题培训", start=start, hours=2.5)


def test_event_feed_holds_the_event_in_shanghai_time(client, event):
    calendar = parse(client.get(reverse("events:event_ics", args=[event.pk])))
    assert calendar["VERSION"] == "2.0"
    (item,) = vevents(calendar)
    start, end = item.decoded("DTSTART"), item.decoded("DTEND")
    assert start == event.start and end == event.end
    assert (start.hour, start.minute) == (9, 0)
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert item["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert str(item["SUMMARY"]) == "研发费用归集专题培训"
    assert str(item["LOCATION"]) == "慧谷大厦三楼报告厅"
    assert event.url in str(item["URL"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_uid_survives_edits(client, event):
    url = reverse("events:event_ics", args=[event.pk])
    before = vevents(parse(client.get(url)))[0]["UID"]
    event.title = "研发费用归集专题培训（改期）"
    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    event.save_revision().publish()
    after = vevents(parse(client.get(url)))[0]
    assert after["UID"] == before == uid_for(event)
    assert str(after["SUMMARY"]).endswith("（改期）")


def test_whole_calendar_feed_lists_live_events_and_filters(client, event, demo):
    other = make_event(demo.incubator("kechuang"), kind="matchmaking", title="技术对接会")
    draft = make_event(demo.incubator("kechuang"), title="草稿活动", live=False)
    feed = parse(client.get(reverse("events:calendar_ics")))
    uids = {str(item["UID"]) for item in vevents(feed)}
    assert {uid_for(event), uid_for(other)} <= uids
    assert uid_for(draft) not in uids
    only_matchmaking = parse(client.get(reverse("events:calendar_ics"), {"kind": "matchmaking"}))
    assert all("对接" in str(item["CATEGORIES"].cats[0]) for item in vevents(only_matchmaking))
    assert uid_for(event) not in {str(item["UID"]) for item in vevents(only_matchmaking)}


def test_unpublished_event_has_no_feed(client, demo):
    draft = make_event(demo.incubator("huigu"), live=False)
    assert client.get(reverse("events:event_ics", args=[draft.pk])).status_code == 404


def test_line_breaks_in_a_title_or_place_do_not_break_the_feed(client, demo):
    event = make_event(demo.incubator("huigu"), title="上午场\n下午场\r\n路演", place="一楼\n报告厅")
    response = client.get(reverse("events:event_ics", args=[event.pk]))
    assert response.status_code == 200
    (item,) = vevents(parse(response))
    assert str(item["SUMMARY"]) == "上午场 下午场 路演"
    assert str(item["LOCATION"]) == "一楼 报告厅"
    assert client.get(reverse("events:calendar_ics")).status_code == 200


def test_feed_urls_are_absolute_from_the_one_setting(client, event, settings):
    settings.SITE_BASE_URL = "https://fuhua.example.cn"
    calendar = parse(client.get(reverse("events:event_ics", args=[event.pk]), HTTP_HOST="localhost"))
    (item,) = vevents(calendar)
    assert str(item["URL"]) == "https://fuhua.example.cn" + event.url
    assert "https://fuhua.example.cn" + event.url in str(item["DESCRIPTION"])
