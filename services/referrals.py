"""The referral exchange: every rule in one place.

Views, admin hooks, the demo loader and tests all call these functions; none
of them changes a Referral by itself.

Life cycle: new → accepted or declined (reason required) → completed
(outcome note required); an accepted referral may still be declined. Every
change writes a ReferralEvent (who, when, from → to, note) in the same
transaction, and mail goes out only after that transaction commits, so a
failing mail server never loses or rolls back a request.

Visibility: a referral, its contact data included, is seen by the operators
of the delivering incubator (who handle it), of the requester's incubator
(who sent it or whose startup asked) and by the bureau. Nobody else, and no
public page shows contact data.

Counting: a referral is *cross-incubator* when the requester's incubator is
known and differs from the delivering one. A startup with no incubator does
not count: the ``referrals_completed`` quota measures cross-use between the
network's incubators (docs/interfaces.md: "the two incubators differ"), and a walk-in
client served by one incubator is that incubator's own business.
"""

import logging
import secrets
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access
from core.links import absolute_url
from core.mail import send_mail
from core.taxonomy import Category
from incubators.teams import operator_emails
from services.models import Referral, ReferralEvent, ReferralSource, ReferralStatus, ServicePage
from services.models.referral import RATING_MAX, RATING_MIN

logger = logging.getLogger(__name__)

Status = ReferralStatus

TRANSITIONS = {
    Status.NEW: (Status.ACCEPTED, Status.DECLINED),
    Status.ACCEPTED: (Status.COMPLETED, Status.DECLINED),
}
NOTE_REQUIRED = {
    Status.DECLINED: gettext_lazy("Give the reason for declining."),
    Status.COMPLETED: gettext_lazy("Describe the outcome."),
}
REFERENCE_PREFIX = "RC"


class ReferralError(ValueError):
    """A request or change the rules refuse; the message is meant for the user."""


# --- who sees what -------------------------------------------------------


def visible_to(user):
    """Referrals ``user`` may see, contact data included."""
    mine = access.scope(user)
    if mine.everything:
        return Referral.objects.all()
    return Referral.objects.filter(Q(to_incubator__in=mine.ids) | Q(from_incubator__in=mine.ids))


def handled_by(user):
    """Referrals ``user`` may move through the life cycle."""
    return access.scope(user).filter(Referral.objects.all(), "to_incubator")


def can_view(user, referral):
    mine = access.scope(user)
    return referral.to_incubator_id in mine or referral.from_incubator_id in mine


def can_handle(user, referral):
    return referral.to_incubator_id in access.scope(user)


def overdue_after():
    """How long a new referral may wait for its first answer."""
    return timedelta(hours=settings.REFERRAL_REMINDER_AFTER_HOURS)


def overdue(queryset=None, *, now=None):
    """New referrals (of ``queryset``, else all) that have waited longer than
    ``overdue_after()`` for a first answer."""
    queryset = Referral.objects.all() if queryset is None else queryset
    return queryset.filter(status=Status.NEW, created_at__lt=(now or timezone.now()) - overdue_after())


def new_requests_count(user):
    """What the dashboard panel shows: new referrals addressed to the user's
    incubators (to every incubator for the bureau)."""
    return handled_by(user).filter(status=Status.NEW).count()


# --- creating ------------------------------------------------------------


def requestable_service(service_id):
    """The live service with this id, or a ReferralError saying why not."""
    service = ServicePage.objects.filter(pk=service_id).first()
    if service is None:
        raise ReferralError(_("This service does not exist."))
    if not service.live or not ServicePage.objects.filter(pk=service.pk).public().exists():
        raise ReferralError(_("This service is not published, so it cannot be requested."))
    if service.incubator is None or not service.incubator.live:
        raise ReferralError(_("The incubator offering this service is not published."))
    return service


def next_reference(year):
    """RC-<year>-<six digits>, numbered from 1 each year."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    last = (
        Referral.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _save_with_reference(referral, attempts=5):
    year = timezone.localtime(referral.created_at).year
    for attempt in range(attempts):
        referral.reference = next_reference(year)
        try:
            with transaction.atomic():
                referral.save()
            return
        except IntegrityError:
            # Another request took the same number between our read and write.
            if attempt == attempts - 1:
                raise


def create_request(
    service,
    *,
    requester_name,
    need,
    phone="",
    email="",
    company="",
    from_incubator=None,
    source=ReferralSource.REQUEST,
    referred_by=None,
    at=None,
    notify=True,
):
    """Save a request for ``service`` and tell the delivering incubator.

    ``service`` must be live (see requestable_service); ``from_incubator`` is
    the requester's own incubator or None. Returns the saved Referral."""
    service = requestable_service(service.pk)
    phone, email = (phone or "").strip(), (email or "").strip()
    if not phone and not email:
        raise ReferralError(_("Give a phone number or an email address so the incubator can reach you."))
    if from_incubator is not None and not from_incubator.live:
        raise ReferralError(_("Choose a published incubator."))
    at = at or timezone.now()
    with transaction.atomic():
        referral = Referral(
            token=secrets.token_urlsafe(32),
            source=source,
            service=service,
            service_title=service.title,
            category=service.category,
            to_incubator=service.incubator,
            from_incubator=from_incubator,
            referred_by=referred_by,
            from_confirmed_at=at if source == ReferralSource.REFERRAL else None,
            from_confirmed_by=referred_by if source == ReferralSource.REFERRAL else None,
            requester_name=requester_name.strip(),
            company=(company or "").strip(),
            phone=phone,
            email=email,
            need=need.strip(),
            created_at=at,
        )
        _save_with_reference(referral)
        ReferralEvent.objects.create(
            referral=referral, at=at, actor=referred_by, from_status="", to_status=Status.NEW
        )
        pk = referral.pk
        if notify:
            transaction.on_commit(lambda: _safely(notify_new_request, pk))
    return referral


def refer(user, service, from_incubator, **contact):
    """An operator of ``from_incubator`` refers one of its startups to a
    service of another incubator: the same record, marked as referred.
    ``contact`` holds create_request's keyword arguments."""
    if from_incubator is None or from_incubator.pk not in access.scope(user):
        raise PermissionDenied
    service = requestable_service(service.pk)
    if service.incubator.pk == from_incubator.pk:
        raise ReferralError(_("Refer to a service of another incubator."))
    return create_request(
        service, from_incubator=from_incubator, source=ReferralSource.REFERRAL, referred_by=user, **contact
    )


# --- the life cycle ------------------------------------------------------


def allowed_transitions(referral):
    return TRANSITIONS.get(referral.status, ())


def change_status(referral, user, to_status, note="", *, at=None, notify=True):
    """Move ``referral`` to ``to_status`` on behalf of ``user`` (an operator of
    the delivering incubator or the bureau). Returns the ReferralEvent."""
    note = (note or "").strip()
    if to_status not in Status.values:
        raise ReferralError(_("Unknown status."))
    if not can_handle(user, referral):
        raise PermissionDenied
    if to_status in NOTE_REQUIRED and not note:
        raise ReferralError(str(NOTE_REQUIRED[to_status]))
    at = at or timezone.now()
    with transaction.atomic():
        current = Referral.objects.select_for_update().get(pk=referral.pk)
        if to_status not in allowed_transitions(current):
            raise ReferralError(
                _("A referral that is %(status)s cannot become %(target)s.")
                % {"status": current.get_status_display(), "target": Status(to_status).label}
            )
        from_status = current.status
        current.status = to_status
        if current.first_response_at is None:
            current.first_response_at = at
        if to_status == Status.COMPLETED:
            current.completed_at = at
        current.save(update_fields=["status", "first_response_at", "completed_at"])
        event = ReferralEvent.objects.create(
            referral=current, at=at, actor=user, from_status=from_status, to_status=to_status, note=note
        )
        if notify:
            transaction.on_commit(lambda: _safely(notify_status_change, event.pk))
    for name in ("status", "first_response_at", "completed_at"):
        setattr(referral, name, getattr(current, name))
    return event


def accept(referral, user, note="", **kwargs):
    return change_status(referral, user, Status.ACCEPTED, note, **kwargs)


def decline(referral, user, reason, **kwargs):
    return change_status(referral, user, Status.DECLINED, reason, **kwargs)


def complete(referral, user, outcome, **kwargs):
    return change_status(referral, user, Status.COMPLETED, outcome, **kwargs)


def can_rate(referral):
    return referral.status == Status.COMPLETED and referral.rating is None


def rate(referral, rating, comment="", *, at=None):
    """The requester's 1–5 rating of a completed referral, given once."""
    if referral.status != Status.COMPLETED:
        raise ReferralError(_("Only a completed referral can be rated."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not RATING_MIN <= rating <= RATING_MAX:
        raise ReferralError(_("Choose a rating from 1 to 5."))
    at = at or timezone.now()
    comment = (comment or "").strip()
    updated = Referral.objects.filter(pk=referral.pk, rating__isnull=True).update(
        rating=rating, rating_comment=comment, rated_at=at
    )
    if not updated:
        raise ReferralError(_("This referral has already been rated."))
    referral.rating, referral.rating_comment, referral.rated_at = rating, comment, at
    return referral


def tracking_url(referral):
    return reverse("referral_track", args=[referral.token])


def admin_url(referral):
    return reverse("referrals:edit", args=[referral.pk])


def find_by_token(token):
    """The referral with exactly this tracking token, or None."""
    if not token or len(token) > 64:
        return None
    return (
        Referral.objects.select_related("to_incubator", "from_incubator", "service")
        .filter(token=token)
        .first()
    )


def public_history(referral):
    """The status history as the requester sees it: who acted is named by
    incubator, never by the operator's account."""
    rows = []
    for event in referral.events.all():
        if event.from_status == "":
            by = (
                referral.from_incubator.title
                if referral.source == ReferralSource.REFERRAL and referral.from_incubator
                else _("You")
            )
        else:
            by = referral.to_incubator.title
        rows.append({"event": event, "by": by})
    return rows


# --- mail ----------------------------------------------------------------


_absolute = absolute_url


def _safely(notify, pk):
    """Run a notification after commit; whatever goes wrong is logged and
    never reaches the requester, whose request is already saved."""
    try:
        notify(pk)
    except Exception:
        logger.exception("Referral notification %s(%s) failed", notify.__name__, pk)


def _send(subject, template, context, recipients):
    """Send one mail; a failure is logged and swallowed — the referral is
    already saved and the admin list shows it either way."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return False
    try:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(template, context)
            send_mail(str(subject), body, None, recipients)
    except Exception:
        logger.exception("Referral mail %r to %s failed", subject, recipients)
        return False
    return True


def notify_new_request(referral_pk):
    referral = Referral.objects.select_related("to_incubator", "from_incubator").get(pk=referral_pk)
    context = {
        "referral": referral,
        "admin_url": _absolute(admin_url(referral)),
        "tracking_url": _absolute(tracking_url(referral)),
    }
    with translation.override(settings.LANGUAGE_CODE):
        to_operators = _("New service request %(reference)s: %(service)s") % {
            "reference": referral.reference,
            "service": referral.service_title,
        }
        to_requester = _("Your request %(reference)s has been received") % {"reference": referral.reference}
    _send(to_operators, "services/email/referral_new.txt", context, operator_emails(referral.to_incubator))
    _send(to_requester, "services/email/referral_status.txt", context, [referral.email])


def send_overdue_reminders(now=None):
    """Remind the delivering operators, once per referral, of each request
    still new after ``overdue_after()``; returns how many were reminded.

    The worker's periodic job ``services.tasks.send_referral_reminders``
    runs it (settings.PERIODIC_TASKS; the ``send_referral_reminders``
    command is a thin wrapper for running it by hand). The reminder is about
    one stage, a request waiting for its first answer, and goes out once:
    the referral is marked (``reminded_at``) by a conditional update in the
    same transaction that queues its mail (``core.mail``, a task like every
    mail), so overlapping runs and workers never remind twice, and a run
    that fails before the mail is queued leaves the referral for the next.
    """
    now = now or timezone.now()
    reminded = 0
    for pk in overdue(now=now).filter(reminded_at__isnull=True).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                reminded += _remind(pk, now)
        except Exception:
            logger.exception("Reminder for referral %s failed; the next run tries again", pk)
    return reminded


def _remind(pk, now):
    """Claim referral ``pk`` for its reminder and queue the mail; 0 when
    another run claimed it first or it was answered meanwhile."""
    claimed = Referral.objects.filter(pk=pk, status=Status.NEW, reminded_at__isnull=True).update(
        reminded_at=now
    )
    if not claimed:
        return 0
    referral = Referral.objects.select_related("to_incubator").get(pk=pk)
    recipients = operator_emails(referral.to_incubator)
    context = {
        "referral": referral,
        "hours": settings.REFERRAL_REMINDER_AFTER_HOURS,
        "admin_url": _absolute(admin_url(referral)),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reminder: request %(reference)s is waiting for an answer") % {
            "reference": referral.reference
        }
        body = render_to_string("services/email/referral_reminder.txt", context)
    if recipients:
        send_mail(str(subject), body, None, recipients)  # queued in this transaction
    else:
        logger.warning("Referral %s is overdue but %s has nobody to remind", pk, referral.to_incubator)
    return 1


def notify_status_change(event_pk):
    event = ReferralEvent.objects.select_related("referral__to_incubator").get(pk=event_pk)
    referral = event.referral
    context = {"referral": referral, "event": event, "tracking_url": _absolute(tracking_url(referral))}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your request %(reference)s is now: %(status)s") % {
            "reference": referral.reference,
            "status": event.get_to_status_display(),
        }
    _send(subject, "services/email/referral_status.txt", context, [referral.email])


# --- measures ------------------------------------------------------------


def completed_cross_referrals():
    """Completed referrals between two different incubators, the referring
    one confirmed: what the ``referrals_completed`` quota counts (by
    ``completed_at__year``)."""
    return Referral.objects.filter(status=Status.COMPLETED).confirmed_cross_incubator()


def can_confirm_origin(user, referral):
    """The referring incubator's operators (not the delivering incubator's,
    not the bureau) say whether the requester is their startup."""
    if referral.from_incubator_id is None or referral.from_confirmed_at is not None:
        return False
    mine = access.scope(user)
    return not mine.everything and referral.from_incubator_id in mine and referral.to_incubator_id not in mine


def confirm_origin(referral, user, at=None):
    """An operator of the requester's incubator confirms the startup is
    theirs: from then on the referral counts as cross-incubator."""
    if not can_confirm_origin(user, referral):
        raise PermissionDenied
    referral.from_confirmed_at = at or timezone.now()
    referral.from_confirmed_by = user
    referral.save(update_fields=["from_confirmed_at", "from_confirmed_by"])
    return referral


def service_record(service):
    """The public track record of one service: ``completed`` referrals, the
    ``average`` rating (None before the first) and how many were ``rated``.
    Counts only, never who asked."""
    row = Referral.objects.filter(service=service, status=Status.COMPLETED).aggregate(
        completed=Count("pk"), rated=Count("rating"), average=Avg("rating")
    )
    if row["average"] is not None:
        row["average"] = round(row["average"], 1)
    return row


def referral_signals(category):
    """{incubator pk: (completed referrals, average rating or None)} in
    ``category``: the evidence services.hints adds to declared strength."""
    return referral_signals_by_category(category=category).get(category, {})


def referral_signals_by_category(**filters):
    """{category: referral_signals(category)} for every category (or those
    ``filters`` select) in one query."""
    rows = (
        Referral.objects.filter(status=Status.COMPLETED, **filters)
        .values("category", "to_incubator")
        .annotate(n=Count("pk"), avg=Avg("rating"))
        .order_by()
    )
    signals = {}
    for row in rows:
        signals.setdefault(row["category"], {})[row["to_incubator"]] = (row["n"], row["avg"])
    return signals


def _median(durations):
    if not durations:
        return None
    return timedelta(seconds=statistics.median(d.total_seconds() for d in durations))


@dataclass
class Cell:
    """Counts for one (from incubator → to incubator) pair, or the total."""

    total: int = 0
    by_status: dict = field(default_factory=lambda: dict.fromkeys(Status.values, 0))
    by_category: dict = field(default_factory=lambda: dict.fromkeys(Category.values, 0))
    response_times: list = field(default_factory=list)
    ratings: list = field(default_factory=list)

    def add(self, referral):
        self.total += 1
        self.by_status[referral.status] += 1
        self.by_category[referral.category] = self.by_category.get(referral.category, 0) + 1
        if referral.first_response_at:
            self.response_times.append(referral.first_response_at - referral.created_at)
        if referral.rating is not None:
            self.ratings.append(referral.rating)

    @property
    def completed(self):
        return self.by_status[Status.COMPLETED]

    @property
    def completion_rate(self):
        """Completed ÷ all referrals of the selection (open ones included)."""
        return self.completed / self.total if self.total else None

    @property
    def median_first_response(self):
        return _median(self.response_times)

    @property
    def average_rating(self):
        return sum(self.ratings) / len(self.ratings) if self.ratings else None

    @property
    def completion_percent(self):
        rate = self.completion_rate
        return None if rate is None else round(rate * 100, 1)

    @property
    def median_first_response_hours(self):
        median = self.median_first_response
        return None if median is None else round(median.total_seconds() / 3600, 1)


@dataclass
class Measures:
    year: int | None
    rows: list  # [(from incubator or None, to incubator, Cell)]
    total: Cell
    cross_completed: int

    @property
    def grid(self):
        """The matrix proper: {"columns": delivering incubators, "rows":
        [(from incubator or None, [Cell or None per column], row total)]}."""
        columns = sorted({target.pk: target for _s, target, _c in self.rows}.values(), key=lambda i: i.path)
        sources = []
        for source, _target, _cell in self.rows:
            if not any(source == s for s in sources):
                sources.append(source)
        cells = {(s.pk if s else None, t.pk): cell for s, t, cell in self.rows}
        rows = []
        for source in sources:
            key = source.pk if source else None
            row = [cells.get((key, target.pk)) for target in columns]
            rows.append((source, row, sum(c.total for c in row if c)))
        return {"columns": columns, "rows": rows}


def measures(year=None, referrals=None):
    """The bureau's figures for referrals requested in ``year`` (all years
    when None): the from → to matrix with counts by status and category,
    median time to first response, completion rate, average rating."""
    qs = referrals if referrals is not None else Referral.objects.all()
    if year is not None:
        qs = qs.filter(created_at__year=year)
    qs = qs.select_related("from_incubator", "to_incubator").order_by()
    cells = defaultdict(Cell)
    incubators = {}
    total = Cell()
    cross_completed = 0
    for referral in qs:
        key = (referral.from_incubator_id, referral.to_incubator_id)
        incubators[referral.from_incubator_id] = referral.from_incubator
        incubators[referral.to_incubator_id] = referral.to_incubator
        cells[key].add(referral)
        total.add(referral)
        if referral.status == Status.COMPLETED and referral.is_cross_incubator:
            cross_completed += 1

    def order(key):
        source, target = incubators[key[0]], incubators[key[1]]
        return (source is None, source.path if source else "", target.path)

    rows = [(incubators[k[0]], incubators[k[1]], cells[k]) for k in sorted(cells, key=order)]
    return Measures(year=year, rows=rows, total=total, cross_completed=cross_completed)


def _hours(duration):
    return "" if duration is None else f"{duration.total_seconds() / 3600:.1f}"


def _ratio(value, digits=3):
    return "" if value is None else f"{value:.{digits}f}"


def measures_csv_rows(result):
    """Header and rows of the CSV export: one row per pair, then the total."""
    header = [
        _("From incubator"),
        _("To incubator"),
        _("Total"),
        *[label for _value, label in Status.choices],
        *[label for _value, label in Category.choices],
        _("Completion rate"),
        _("Median hours to first response"),
        _("Average rating"),
    ]
    yield [str(h) for h in header]

    def line(source, target, cell):
        return [
            source,
            target,
            cell.total,
            *[cell.by_status[s] for s in Status.values],
            *[cell.by_category.get(c, 0) for c in Category.values],
            _ratio(cell.completion_rate),
            _hours(cell.median_first_response),
            _ratio(cell.average_rating, 2),
        ]

    for source, target, cell in result.rows:
        yield line(source.title if source else _("No incubator"), target.title, cell)
    yield line(_("All"), _("All"), result.total)
