"""The annual quota board: every number it shows, computed from the records.

One function, ``year_board(year, today)``, feeds the admin dashboard panel,
the admin board and drill-down, the public report, the exports, the home
page summary and ``GET /api/v1/quotas/`` — they cannot disagree.

Counting rules (docs/interfaces.md, "Counting rules for the quota board"), with the
choices this module makes where DESIGN is silent:

- training sessions / matchmaking events: live EventPages of that kind whose
  ``start`` falls in Y (Asia/Shanghai). One that starts on or before *today*
  (the calendar date, so an event later today is held) is ``actual``; later
  ones are ``scheduled``. An event is credited to its host (the parent
  incubator), not to its co-hosts, so the breakdown adds up to the total.
- achievements: live AchievementPages whose ``first_published_at`` (the
  bureau's approval publishes them) falls in Y. A draft, one rejected or
  still awaiting approval, or one unpublished since does not count.
- incubated projects: live ProjectPages (private ones included) admitted in
  Y; an admission date after today is ``scheduled``. A draft does not count.
- referrals: ``services.referrals.completed_cross_referrals()`` completed in
  Y, credited to the delivering incubator (``to_incubator``).
- a deleted record is gone from these queries, so it stops counting.

Pace: expected to date = target × days elapsed ÷ days in Y, where *today
counts as elapsed* (1 January: 1/365 of the target; 31 December: all of it),
consistent with today's events counting as held. Past years: the whole
target; future years: 0. It is rounded half-up to one decimal, and the
status compares the actual with that rounded number, so anyone reading the
API's figures can re-derive the status: ``met`` when actual ≥ target, else
``on_track`` when actual ≥ expected, else ``behind``. A target of 0 means no
target: the formula then says ``met``; the board says "no target set".
"""

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from achievements.approval import counted_achievements
from achievements.models import field_label
from achievements.projects import counted_projects
from events.models import EventPage
from incubators.models import IncubatorPage
from quotas.models import PLAN_DEFAULTS, Metric, QuotaTarget
from services.referrals import completed_cross_referrals

MET, ON_TRACK, BEHIND = "met", "on_track", "behind"
STATUS_LABELS = {MET: _("Met"), ON_TRACK: _("On track"), BEHIND: _("Behind")}
EVENT_KINDS = {Metric.TRAINING_SESSIONS: "training", Metric.MATCHMAKING_EVENTS: "matchmaking"}


# --- the maths -------------------------------------------------------------


def days_in_year(year):
    return 366 if calendar.isleap(year) else 365


def days_elapsed(year, today):
    """Days of ``year`` gone by on ``today``, today included."""
    if today.year < year:
        return 0
    if today.year > year:
        return days_in_year(year)
    return (today - datetime.date(year, 1, 1)).days + 1


def expected_to_date(target, year, today):
    """target × elapsed ÷ days in the year, rounded half-up to 0.1."""
    exact = Decimal(target * days_elapsed(year, today)) / Decimal(days_in_year(year))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def status_of(actual, target, expected):
    if actual >= target:
        return MET
    if actual >= expected:
        return ON_TRACK
    return BEHIND


def year_bounds(year):
    """[1 January 00:00, next 1 January 00:00) in the site's time zone."""
    return (
        timezone.make_aware(datetime.datetime(year, 1, 1)),
        timezone.make_aware(datetime.datetime(year + 1, 1, 1)),
    )


# --- the records -------------------------------------------------------------


@dataclass
class Record:
    """One thing that counts (or is scheduled to) for a metric."""

    metric: str
    day: datetime.date
    title: str
    incubator_id: int | None
    scheduled: bool
    admin_url: str = ""
    public_url: str = ""
    kind: str = ""
    note: str = ""
    page_id: int | None = None


def _incubators():
    return list(IncubatorPage.objects.order_by("path").only("pk", "title", "slug", "district", "path"))


def _owner_finder(incubators=None):
    """path → incubator pk for any page below an incubator, via its path."""
    by_path = {incubator.path: incubator.pk for incubator in (incubators or _incubators())}
    depth_chars = len(next(iter(by_path))) if by_path else 0

    def owner(path):
        return by_path.get(path[:depth_chars])

    return owner


def _page_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def event_records(metrics, year, today, owner):
    """{metric: [Record]} for the event metrics in ``metrics``, in one query."""

    metric_of = {kind: metric for metric, kind in EVENT_KINDS.items() if metric in metrics}
    start, end = year_bounds(year)
    rows = (
        EventPage.objects.live()
        .filter(kind__in=list(metric_of), start__gte=start, start__lt=end)
        .order_by("start", "pk")
        .values_list("pk", "title", "path", "start", "kind")
    )
    records = {metric: [] for metric in metric_of.values()}
    for pk, title, path, starts, kind in rows:
        day = timezone.localdate(starts)
        records[metric_of[kind]].append(
            Record(
                metric=metric_of[kind],
                day=day,
                title=title,
                incubator_id=owner(path),
                scheduled=day > today,
                admin_url=_page_url(pk),
                note=timezone.localtime(starts).strftime("%H:%M"),
                page_id=pk,
            )
        )
    return records


def achievement_records(year, today, owner):
    start, end = year_bounds(year)
    rows = (
        counted_achievements()
        .filter(first_published_at__gte=start, first_published_at__lt=end)
        .order_by("first_published_at", "pk")
        .values_list("pk", "title", "path", "first_published_at", "field__name_zh", "field__name_en")
    )
    return [
        Record(
            metric=Metric.ACHIEVEMENTS_PUBLISHED,
            day=timezone.localdate(published),
            title=title,
            incubator_id=owner(path),
            scheduled=False,
            admin_url=_page_url(pk),
            note=field_label(name_zh, name_en),
        )
        for pk, title, path, published, name_zh, name_en in rows
    ]


def project_records(year, today, owner):
    rows = (
        counted_projects()
        .filter(admitted__year=year)
        .order_by("admitted", "pk")
        .values_list("pk", "title", "path", "admitted", "private")
    )
    return [
        Record(
            metric=Metric.INCUBATED_PROJECTS,
            day=admitted,
            title=title,
            incubator_id=owner(path),
            scheduled=admitted > today,
            admin_url=_page_url(pk),
            kind="private" if private else "",
        )
        for pk, title, path, admitted, private in rows
    ]


def completed_referrals():
    """The referrals the ``referrals_completed`` metric counts (the exchange's
    own definition: completed, between two different incubators)."""

    return completed_cross_referrals()


def referral_records(year, today):
    start, end = year_bounds(year)
    rows = (
        completed_referrals()
        .filter(completed_at__gte=start, completed_at__lt=end)
        .order_by("completed_at", "pk")
        .values_list(
            "pk", "reference", "service_title", "to_incubator_id", "from_incubator__title", "completed_at"
        )
    )
    return [
        Record(
            metric=Metric.REFERRALS_COMPLETED,
            day=timezone.localdate(completed),
            title=f"{reference} · {service}",
            incubator_id=to_incubator,
            scheduled=False,
            admin_url=reverse("referrals:edit", args=[pk]),
            note=from_title or "",
        )
        for pk, reference, service, to_incubator, from_title, completed in rows
    ]


def all_records(year, today=None, owner=None):
    """{metric: every record behind it in ``year``}, held and scheduled; one
    query per kind of record."""
    today = today or timezone.localdate()
    owner = owner or _owner_finder()
    records = event_records(list(EVENT_KINDS), year, today, owner)
    records[Metric.ACHIEVEMENTS_PUBLISHED] = achievement_records(year, today, owner)
    records[Metric.INCUBATED_PROJECTS] = project_records(year, today, owner)
    records[Metric.REFERRALS_COMPLETED] = referral_records(year, today)
    return records


# --- targets -------------------------------------------------------------


@dataclass
class Targets:
    network: dict  # metric → (target, set by the bureau?)
    by_incubator: dict  # (metric, incubator pk) → target
    by_district: dict  # (metric, district) → target


def targets_for(year):
    network = {metric: (PLAN_DEFAULTS[metric], False) for metric in Metric.values}
    by_incubator, by_district = {}, {}
    for row in QuotaTarget.objects.filter(year=year):
        if row.incubator_id:
            by_incubator[(row.metric, row.incubator_id)] = row.target
        elif row.district:
            by_district[(row.metric, row.district)] = row.target
        else:
            network[row.metric] = (row.target, True)
    return Targets(network, by_incubator, by_district)


# --- the board -------------------------------------------------------------


@dataclass
class Progress:
    """Target, actual and pace for one metric over one scope."""

    target: int
    actual: int
    scheduled: int
    expected_to_date: float
    status: str

    @property
    def has_target(self):
        return self.target > 0

    @property
    def percent(self):
        """Actual as a share of the target, 0–100 (for the progress bar)."""
        if not self.target:
            return 0
        return min(100, round(100 * self.actual / self.target))

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def expected_percent(self):
        if not self.target:
            return 0
        return min(100, round(100 * self.expected_to_date / self.target))


def progress(target, actual, scheduled, year, today):
    expected = expected_to_date(target, year, today)
    return Progress(target, actual, scheduled, expected, status_of(actual, target, expected))


@dataclass
class MetricBoard:
    metric: str
    label: str
    progress: Progress
    target_set_by_bureau: bool
    months: list  # 12 dicts: month, actual, scheduled, cumulative, expected
    by_incubator: dict  # incubator pk → Progress
    by_district: dict  # district → Progress
    records: list = field(repr=False, default_factory=list)


@dataclass
class Board:
    year: int
    today: datetime.date
    metrics: list
    incubators: list  # IncubatorPage rows, in directory order
    districts: list

    def metric(self, code):
        return next(m for m in self.metrics if m.metric == code)

    @property
    def is_current(self):
        return self.year == self.today.year

    @property
    def incubator_rows(self):
        """[(incubator, [Progress per metric])] for the breakdown table."""
        return [(i, [m.by_incubator[i.pk] for m in self.metrics]) for i in self.incubators]

    @property
    def district_rows(self):
        return [(d, [m.by_district[d] for m in self.metrics]) for d in self.districts]


def _months(records, target, year, today):
    per_month = Counter(r.day.month for r in records if not r.scheduled)
    scheduled = Counter(r.day.month for r in records if r.scheduled)
    months, cumulative = [], 0
    for month in range(1, 13):
        cumulative += per_month[month]
        month_end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        months.append(
            {
                "month": month,
                "actual": per_month[month],
                "scheduled": scheduled[month],
                "cumulative": cumulative,
                "expected": expected_to_date(target, year, month_end),
                "future": datetime.date(year, month, 1) > today,
            }
        )
    return months


def year_board(year, today=None):
    """Every metric of ``year`` as of ``today`` (default: the site's today)."""
    today = today or timezone.localdate()
    incubators = _incubators()
    owner = _owner_finder(incubators)
    every_record = all_records(year, today, owner)
    district_of = {incubator.pk: incubator.district for incubator in incubators}
    targets = targets_for(year)
    districts = sorted({d for d in district_of.values() if d} | {d for (_m, d) in targets.by_district})
    metrics = []
    for code, label in Metric.choices:
        records = every_record[code]
        held = [r for r in records if not r.scheduled]
        target, set_by_bureau = targets.network[code]
        held_by = Counter(r.incubator_id for r in held)
        scheduled_by = Counter(r.incubator_id for r in records if r.scheduled)
        by_incubator = {
            incubator.pk: progress(
                targets.by_incubator.get((code, incubator.pk), 0),
                held_by[incubator.pk],
                scheduled_by[incubator.pk],
                year,
                today,
            )
            for incubator in incubators
        }
        held_by_district, scheduled_by_district = defaultdict(int), defaultdict(int)
        for pk, count in held_by.items():
            held_by_district[district_of.get(pk, "")] += count
        for pk, count in scheduled_by.items():
            scheduled_by_district[district_of.get(pk, "")] += count
        by_district = {
            district: progress(
                targets.by_district.get((code, district), 0),
                held_by_district[district],
                scheduled_by_district[district],
                year,
                today,
            )
            for district in districts
        }
        metrics.append(
            MetricBoard(
                metric=code,
                label=label,
                progress=progress(target, len(held), len(records) - len(held), year, today),
                target_set_by_bureau=set_by_bureau,
                months=_months(records, target, year, today),
                by_incubator=by_incubator,
                by_district=by_district,
                records=records,
            )
        )
    return Board(year=year, today=today, metrics=metrics, incubators=incubators, districts=districts)


def api_payload(board):
    """``GET /api/v1/quotas/`` exactly as docs/interfaces.md shows it."""
    return {
        "year": board.year,
        "metrics": [
            {
                "metric": m.metric,
                "target": m.progress.target,
                "actual": m.progress.actual,
                "scheduled": m.progress.scheduled,
                "expected_to_date": m.progress.expected_to_date,
                "status": m.progress.status,
            }
            for m in board.metrics
        ],
    }
