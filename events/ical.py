"""iCalendar (RFC 5545) feeds, built with the ``icalendar`` library.

Times are written in Asia/Shanghai with the matching VTIMEZONE, so calendar
programs show them right wherever the reader is. An event's UID is derived
from the page's translation key: it survives edits, moves and re-imports, so
subscribed calendars update the event instead of duplicating it.
"""

import html
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event
from wagtail.rich_text import expand_db_html

from core.links import absolute_url

PRODID = "-//Rongcheng Incubator Network//Events//ZH"
UID_DOMAIN = "events.rongcheng-incubators"


def uid_for(event):
    return f"{event.translation_key}@{UID_DOMAIN}"


def plain_text(rich_text):
    return html.unescape(strip_tags(expand_db_html(rich_text or "").replace("</p>", "</p>\n"))).strip()


def one_line(text):
    """Titles and places on one line: a content line of iCalendar's own
    (a calendar's name) cannot hold a line break."""
    return " ".join((text or "").split())


def event_component(event, request=None):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    url = absolute_url(event)
    description = "\n\n".join(
        part
        for part in (
            plain_text(event.description),
            event.audience,
            event.online_url,
            url,
        )
        if part
    )
    stamp = event.last_published_at or event.latest_revision_created_at or timezone.now()
    component = Event.new(
        uid=uid_for(event),
        stamp=stamp.astimezone(zoneinfo.ZoneInfo("UTC")),
        start=event.start.astimezone(zone),
        end=event.end.astimezone(zone),
        summary=one_line(event.title),
        location=one_line(event.place or event.online_url) or None,
        description=description or None,
        url=url or None,
        categories=[str(event.get_kind_display())],
        status="CONFIRMED",
    )
    return component


def build_calendar(events, name, request=None):
    """The bytes of a VCALENDAR holding ``events``."""
    calendar = Calendar.new(prodid=PRODID, name=one_line(name), method="PUBLISH", calscale="GREGORIAN")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(event_component(event, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()
