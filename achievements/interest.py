"""Interest in an achievement: a visitor's request that reaches the
incubator owning it. Contact data: that incubator's operators and the bureau
only (the referral exchange's rule)."""

import logging

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from achievements.models import AchievementInterest, InterestStatus
from core import access
from core.abuse import HoneypotMixin
from core.contacts import PHONE_WIDGET_ATTRS, ContactDetailsMixin
from core.mail import send_mail
from incubators.teams import operator_emails

logger = logging.getLogger(__name__)


class InterestForm(HoneypotMixin, ContactDetailsMixin, forms.ModelForm):
    class Meta:
        model = AchievementInterest
        fields = ["name", "organisation", "phone", "email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4}), "phone": forms.TextInput(PHONE_WIDGET_ATTRS)}
        labels = {"name": gettext_lazy("Your name")}


def express_interest(achievement, *, name, message, phone="", email="", organisation="", at=None):
    """Record a visitor's interest in a live achievement and tell the owning
    incubator's operators once the record is committed."""
    if not achievement.live:
        raise ValueError("only a published achievement accepts interest")
    incubator = achievement.incubator
    with transaction.atomic():
        interest = AchievementInterest.objects.create(
            achievement=achievement,
            achievement_title=achievement.title,
            incubator=incubator,
            name=name.strip(),
            organisation=(organisation or "").strip(),
            phone=(phone or "").strip(),
            email=(email or "").strip(),
            message=message.strip(),
            created_at=at or timezone.now(),
        )
        pk = interest.pk
        transaction.on_commit(lambda: notify_interest(pk))
    return interest


def interests_visible_to(user):
    """Interest records, contact data included, that ``user`` may see: those
    addressed to the incubators it operates; all of them for the bureau."""
    return access.scope(user).filter(AchievementInterest.objects.all(), "incubator")


def notify_interest(interest_pk):
    """Mail the owning incubator's operators; a mail failure is logged, the
    record is already saved and listed in the admin."""
    interest = AchievementInterest.objects.select_related("incubator").get(pk=interest_pk)
    recipients = operator_emails(interest.incubator)
    if not recipients:
        return False
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "achievement_interest:edit", args=[interest.pk]
    )
    try:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Interest in your achievement: %(title)s") % {"title": interest.achievement_title}
            body = render_to_string(
                "achievements/email/achievement_interest.txt", {"interest": interest, "admin_url": admin_url}
            )
            send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("Interest mail for %s failed", interest_pk)
        return False
    return True


def mark_interest(interest, user, status):
    if status not in InterestStatus.values:
        raise ValueError(status)
    if not interests_visible_to(user).filter(pk=interest.pk).exists():
        raise PermissionDenied
    interest.status = status
    interest.save(update_fields=["status"])
    return interest
