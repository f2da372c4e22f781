"""Registration rules: places, the waiting list, cancellation, check-in, and
who may see registrants.

Capacity holds under simultaneous registrations because every change that
counts places runs in one transaction that first takes the event's lock:
``SELECT … FOR UPDATE`` on the event row on PostgreSQL; on SQLite the
connection opens write transactions with ``BEGIN IMMEDIATE`` (see the base
settings), so the second registration waits for the first to commit.

Mails go out after the commit (``transaction.on_commit``) and a failing mail
server is logged, never raised: a registration is never lost to a mail error.
"""

import logging
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import access
from core.links import absolute_url
from core.mail import send_mail
from events.models import EventPage, Registration, RegistrationStatus
from incubators.teams import incubators_of

logger = logging.getLogger(__name__)

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED
ACTIVE = (CONFIRMED, WAITING)


class RegistrationRefused(Exception):
    """The registration cannot be taken; ``message`` says why, for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- reading ----------------------------------------------------------------


def waiting_position(registration):
    """1 for the first person on the waiting list, None when not waiting."""
    if registration.status != WAITING:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, status=WAITING).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def events_operated_by(user):
    """The events whose registrants ``user`` may see: those hosted by an
    incubator the user operates (all events for the bureau). Co-hosting does
    not open another incubator's registrant list."""
    if not user.is_authenticated:
        return EventPage.objects.none()
    if access.is_bureau(user):
        return EventPage.objects.all()
    paths = list(incubators_of(user).values_list("path", flat=True))
    if not paths:
        return EventPage.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return EventPage.objects.filter(condition)


# --- changing ---------------------------------------------------------------


def _lock_event(event):
    """Re-read the event inside the current transaction, holding its lock."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _digits(phone):
    return re.sub(r"\D", "", phone or "")


def register(event, *, name, company="", phone="", email="", language="", now=None):
    """Register one person. Returns the Registration, confirmed while places
    remain and on the waiting list after that. Raises RegistrationRefused when
    registration is closed or the person is already registered."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(event)
        if not event.live:
            raise RegistrationRefused(_("This event is not published."))
        if not event.registration_open:
            raise RegistrationRefused(_("This event takes no registrations on this site."))
        if now >= event.closes_at:
            raise RegistrationRefused(_("Registration for this event has closed."))
        active = Registration.objects.filter(event=event, status__in=ACTIVE)
        if email and active.filter(email__iexact=email).exists():
            raise RegistrationRefused(_("This email address is already registered for this event."))
        if phone and any(
            _digits(p) == _digits(phone) for p in active.exclude(phone="").values_list("phone", flat=True)
        ):
            raise RegistrationRefused(_("This phone number is already registered for this event."))
        confirmed = active.filter(status=CONFIRMED).count()
        full = event.capacity is not None and confirmed >= event.capacity
        registration = Registration.objects.create(
            event=event,
            name=name,
            company=company,
            phone=phone,
            email=email,
            language=language or translation.get_language() or "",
            status=WAITING if full else CONFIRMED,
            created_at=now,
        )
        transaction.on_commit(lambda: notify(registration, "registered"))
    return registration


def cancel(registration, now=None, *, by_operator=False):
    """Cancel a registration; a freed confirmed place goes to the first person
    on the waiting list. Returns the list of promoted registrations.

    The person themselves (through the private link) may cancel only before
    the event starts; its organisers (``by_operator``) may at any time."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        if not by_operator and now >= event.start:
            raise RegistrationRefused(
                _("This event has started: the registration can no longer be cancelled.")
            )
        current = Registration.objects.get(pk=registration.pk)
        if current.status == CANCELLED:
            registration.refresh_from_db()
            return []
        freed = current.status == CONFIRMED
        current.status = CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        promoted = _fill_places(event, now) if freed else []
    registration.refresh_from_db()
    return promoted


def fill_places(event, now=None):
    """Move people up from the waiting list while places are free (after a
    cancellation, or when an operator raises the capacity)."""
    now = now or timezone.now()
    with transaction.atomic():
        return _fill_places(_lock_event(event), now)


def _fill_places(event, now):
    if now >= event.start:
        return []  # nobody is moved up for an event that has begun
    waiting = Registration.objects.filter(event=event, status=WAITING).order_by("created_at", "pk")
    if event.capacity is not None:
        confirmed = Registration.objects.filter(event=event, status=CONFIRMED).count()
        waiting = waiting[: max(event.capacity - confirmed, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        transaction.on_commit(lambda r=registration: notify(r, "promoted"))
    return promoted


def check_in(registration, now=None):
    if registration.status == CANCELLED:
        raise RegistrationRefused(_("A cancelled registration cannot be checked in."))
    if registration.checked_in_at is None:
        registration.checked_in_at = now or timezone.now()
        registration.save(update_fields=["checked_in_at"])
    return registration


def undo_check_in(registration):
    registration.checked_in_at = None
    registration.save(update_fields=["checked_in_at"])
    return registration


# --- mail ------------------------------------------------------------------


def private_url(registration):
    """The absolute private link where the person sees and cancels the
    registration."""
    return absolute_url(reverse("events:registration", args=[registration.token]))


def notify(registration, reason):
    """Mail the person (when an email was given) about ``reason``:
    "registered" or "promoted". Failures are logged, never raised."""
    if not registration.email:
        return False
    try:
        with translation.override(registration.language or settings.LANGUAGE_CODE):
            context = {
                "registration": registration,
                "event": registration.event,
                "url": private_url(registration),
                "reason": reason,
                "position": waiting_position(registration),
            }
            subject = render_to_string("events/mail/subject.txt", context).strip()
            body = render_to_string("events/mail/body.txt", context)
        send_mail(subject, body, None, [registration.email])
    except Exception:
        logger.exception("Mail about registration %s (%s) was not sent", registration.pk, reason)
        return False
    return True
