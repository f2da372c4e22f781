"""Read-side queries for the public calendar, the home page and the feeds.

A list costs a fixed number of queries whatever the number of events: the
events with their co-hosts, and one query for every incubator, from which
each event's host is found by its tree path.
"""

import calendar as pycalendar
import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone

from events import forms
from events.models.events import EventPage, RegistrationStatus
from incubators.models import IncubatorPage

PER_PAGE = 20
CONFIRMED = RegistrationStatus.CONFIRMED
MONTH_LIMIT = 500


def incubators_by_path():
    return {
        incubator.path: incubator for incubator in IncubatorPage.objects.live().public().order_by("title")
    }


def with_hosts(events, hosts=None):
    """Give each event its host from ``hosts`` (path → incubator) without a
    query per event."""
    hosts = incubators_by_path() if hosts is None else hosts
    for event in events:
        event.__dict__["incubator"] = hosts.get(event.path[: -EventPage.steplen])
        local = timezone.localtime(event.start)
        event.month_start = local.date().replace(day=1)
        event.day = local.date()
    return events


def public_events():
    """Events anyone may see: live and public (no login or password
    restriction on them or above them)."""
    return (
        EventPage.objects.live()
        .public()
        .annotate(confirmed_count=Count("registrations", filter=Q(registrations__status=CONFIRMED)))
        .prefetch_related("co_hosts")
        .order_by("start", "pk")
    )


def hosted_or_cohosted_by(queryset, incubator):
    return queryset.filter(
        Q(path__startswith=incubator.path)
        | Q(pk__in=EventPage.co_hosts.through.objects.filter(incubatorpage=incubator).values("eventpage"))
    )


def month_bounds(value):
    """(first moment, first moment of the next month) of "YYYY-MM", aware."""
    year, month = (int(part) for part in value.split("-"))
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(first, datetime.time.min, zone),
        datetime.datetime.combine(following, datetime.time.min, zone),
    )


def filter_events(data, hosts, now=None):
    """Apply the calendar filters to the live events. Returns (form,
    queryset, filters) where ``filters`` holds the values that applied."""
    now = now or timezone.now()
    incubators = sorted(hosts.values(), key=lambda incubator: incubator.title)
    form = forms.CalendarFilterForm(data or None, incubators=incubators)
    queryset = public_events()
    applied = {"kind": "", "incubator": None, "month": "", "when": "upcoming"}
    if form.is_bound:
        form.is_valid()
        cleaned = form.cleaned_data
        if cleaned.get("kind"):
            applied["kind"] = cleaned["kind"]
            queryset = queryset.filter(kind=cleaned["kind"])
        if cleaned.get("incubator"):
            incubator = next(i for i in incubators if i.slug == cleaned["incubator"])
            applied["incubator"] = incubator
            queryset = hosted_or_cohosted_by(queryset, incubator)
        if cleaned.get("month"):
            applied["month"] = cleaned["month"]
        if cleaned.get("when"):
            applied["when"] = cleaned["when"]
    if applied["month"]:
        first, following = month_bounds(applied["month"])
        queryset = queryset.filter(start__gte=first, start__lt=following)
        applied["when"] = ""
    elif applied["when"] == "past":
        queryset = queryset.filter(start__lte=now).order_by("-start", "-pk")
    else:
        queryset = queryset.filter(end__gte=now)
    return form, queryset, applied


def month_grid(month, events, today):
    """Weeks (Monday first) of the month "YYYY-MM", each day with its events."""
    year, number = (int(part) for part in month.split("-"))
    by_day = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, number):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == number,
                    "is_today": day == today,
                    "events": by_day.get(day, []) if day.month == number else [],
                }
                for day in week
            ]
        )
    return weeks


def shift_month(month, delta):
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def calendar_context(request, now=None):
    now = now or timezone.now()
    hosts = incubators_by_path()
    form, queryset, applied = filter_events(request.GET, hosts, now)
    # A month is shown whole (as a grid); the open-ended lists are paged.
    paginator = Paginator(queryset, MONTH_LIMIT if applied["month"] else PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    events = with_hosts(list(page_obj.object_list), hosts)
    context = {
        "filter_form": form,
        "events": events,
        "page_obj": page_obj,
        "applied": applied,
        "is_filtered": bool(applied["kind"] or applied["incubator"] or applied["month"]),
        "now": now,
        "this_month": timezone.localtime(now).strftime("%Y-%m"),
    }
    query = request.GET.copy()
    query.pop("page", None)
    context["query_without_page"] = query.urlencode()
    for name in ("when", "month"):
        query.pop(name, None)
    context["query_without_when"] = query.urlencode()
    if applied["month"]:
        context["month_start"] = month_bounds(applied["month"])[0].date()
        context["weeks"] = month_grid(applied["month"], events, timezone.localtime(now).date())
        context["previous_month"] = shift_month(applied["month"], -1)
        context["next_month"] = shift_month(applied["month"], 1)
    return context


def upcoming_events(limit=4, now=None, incubators=None):
    """The next events of the whole network, for the home page. Pass the
    live incubators when the caller has them already (one query fewer)."""
    now = now or timezone.now()
    hosts = {incubator.path: incubator for incubator in incubators} if incubators is not None else None
    return with_hosts(list(public_events().filter(end__gte=now)[:limit]), hosts)


def feed_events(data, now=None):
    """Events for the whole-calendar iCalendar feed: from a year ago onwards,
    narrowed by the calendar's kind and incubator filters when given."""
    now = now or timezone.now()
    hosts = incubators_by_path()
    form = forms.CalendarFilterForm(data, incubators=hosts.values())
    form.is_valid()
    queryset = public_events().filter(start__gte=now - datetime.timedelta(days=366))
    if form.cleaned_data.get("kind"):
        queryset = queryset.filter(kind=form.cleaned_data["kind"])
    if form.cleaned_data.get("incubator"):
        incubator = next(i for i in hosts.values() if i.slug == form.cleaned_data["incubator"])
        queryset = hosted_or_cohosted_by(queryset, incubator)
    return list(queryset[:1000])
