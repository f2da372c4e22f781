"""The operators' inbox on the admin dashboard: what waits for the user's
incubators (every incubator for the bureau), one line per kind of work, each
linking to the list where it is handled.

The site layer reads across the domains; each domain answers for its own
records and for who may see them (services.referrals, events.registrations,
achievements.approval, achievements.interest).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from achievements.approval import awaiting_approval
from achievements.interest import interests_visible_to
from achievements.models import InterestStatus
from core import access
from events.models import Registration, RegistrationStatus
from events.registrations import events_operated_by
from incubators.models import IncubatorPage
from services import referrals
from services.models import ReferralStatus

# Registrations count as new for a week: the hosts look at them in that time.
NEW_REGISTRATIONS_DAYS = 7


@dataclass
class InboxLine:
    kind: str
    text: str
    count: int
    url: str
    urgent: bool = False


def pending_reviews(user):
    """Achievements waiting for the bureau's approval: all of them for the
    bureau, the user's own incubators' for an operator."""
    waiting = list(awaiting_approval().only("path"))
    if access.is_bureau(user):
        return len(waiting)
    paths = list(access.scope(user).filter(IncubatorPage.objects.all()).values_list("path", flat=True))
    return sum(1 for page in waiting if any(page.path.startswith(path) for path in paths))


def inbox(user, now=None):
    """The inbox lines for ``user``; empty for someone who operates nothing."""
    if not access.scope(user):
        return []
    now = now or timezone.now()
    received = referrals.handled_by(user)
    new = received.filter(status=ReferralStatus.NEW).count()
    overdue = referrals.overdue(received, now=now).count()
    hours = int(referrals.overdue_after().total_seconds() // 3600)
    leads = interests_visible_to(user).filter(status=InterestStatus.NEW).count()
    registrations = (
        Registration.objects.filter(event__in=events_operated_by(user).values("pk"))
        .filter(created_at__gte=now - timedelta(days=NEW_REGISTRATIONS_DAYS))
        .exclude(status=RegistrationStatus.CANCELLED)
        .count()
    )
    reviews = pending_reviews(user)
    new_referrals_url = reverse("referrals:index") + f"?status={ReferralStatus.NEW}&direction=received"
    overdue_referrals_url = reverse("referrals:index") + "?overdue=yes&direction=received"
    return [
        InboxLine(
            "new_referrals",
            ngettext("%(n)d new service request", "%(n)d new service requests", new) % {"n": new},
            new,
            new_referrals_url,
        ),
        InboxLine(
            "overdue_referrals",
            ngettext(
                "%(n)d of them unanswered for more than %(h)d hours",
                "%(n)d of them unanswered for more than %(h)d hours",
                overdue,
            )
            % {"n": overdue, "h": hours},
            overdue,
            overdue_referrals_url,
            urgent=overdue > 0,
        ),
        InboxLine(
            "interest_leads",
            ngettext("%(n)d new interest in an achievement", "%(n)d new interests in achievements", leads)
            % {"n": leads},
            leads,
            reverse("achievement_interest:index") + f"?status={InterestStatus.NEW}",
        ),
        InboxLine(
            "registrations",
            ngettext(
                "%(n)d event registration in the last %(d)d days",
                "%(n)d event registrations in the last %(d)d days",
                registrations,
            )
            % {"n": registrations, "d": NEW_REGISTRATIONS_DAYS},
            registrations,
            reverse("events_admin:index"),
        ),
        InboxLine(
            "pending_reviews",
            (
                ngettext(
                    "%(n)d achievement awaits your approval",
                    "%(n)d achievements await your approval",
                    reviews,
                )
                if access.is_bureau(user)
                else ngettext(
                    "%(n)d achievement awaits the bureau's approval",
                    "%(n)d achievements await the bureau's approval",
                    reviews,
                )
            )
            % {"n": reviews},
            reviews,
            reverse("wagtailadmin_reports:workflow"),
        ),
    ]


def inbox_heading():
    return _("Inbox")
