"""The referral exchange: a startup's request for a service of an incubator,
routed and closed by that incubator's operators (see services.referrals).

Re-exported from services.models. The records carry two incubator keys —
who delivers (``to_incubator``) and where the startup is incubated
(``from_incubator``) — and every visibility rule is a filter on those two.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.taxonomy import Category

RATING_MIN = 1
RATING_MAX = 5


class ReferralStatus(models.TextChoices):
    # With a context: "Accepted" alone already means "(vouchers) accepted".
    NEW = "new", pgettext_lazy("referral status", "New")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")


class ReferralSource(models.TextChoices):
    REQUEST = "request", _("Request by the startup")
    REFERRAL = "referral", _("Referred by an incubator")


class ReferralQuerySet(models.QuerySet):
    def cross_incubator(self):
        """Both incubators known and different: what the network exists for."""
        return self.filter(from_incubator__isnull=False).exclude(from_incubator=models.F("to_incubator"))

    def confirmed_cross_incubator(self):
        """Cross-incubator and the referring incubator confirmed (its operator
        referred, or its operators confirmed the startup is theirs): a
        visitor's claim on the public form alone is not cross-use."""
        return self.cross_incubator().filter(from_confirmed_at__isnull=False)

    def for_listing(self):
        return self.select_related("to_incubator", "from_incubator", "service")


class Referral(models.Model):
    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    # secrets.token_urlsafe(32): 43 characters; looked up by exact match only.
    token = models.CharField(max_length=64, unique=True, editable=False)
    source = models.CharField(
        _("source"), max_length=16, choices=ReferralSource.choices, default=ReferralSource.REQUEST
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.NEW, db_index=True
    )

    # The service may later be deleted; its title and category are kept so
    # history and measures stay intact.
    service = models.ForeignKey(
        "services.ServicePage",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    service_title = models.CharField(_("service"), max_length=255)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices, db_index=True)
    to_incubator = models.ForeignKey(
        "incubators.IncubatorPage",
        verbose_name=_("delivering incubator"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    from_incubator = models.ForeignKey(
        "incubators.IncubatorPage",
        verbose_name=_("requester's incubator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The referring incubator confirmed (set at once when its operator refers).
    from_confirmed_at = models.DateTimeField(_("requester's incubator confirmed at"), null=True, blank=True)
    from_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester's incubator confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Contact data: shown only to the two incubators' operators and the bureau.
    requester_name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    company = models.CharField(_("company or project"), max_length=128, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    need = models.TextField(_("what is needed"), max_length=2000)

    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, db_index=True)
    # When the delivering operators were reminded of a request still new
    # after REFERRAL_REMINDER_AFTER_HOURS (once per referral).
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)

    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
    )
    rating_comment = models.TextField(pgettext_lazy("rating", "comment"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="referral_rating_one_to_five",
            ),
            models.CheckConstraint(
                condition=~models.Q(phone="", email=""),
                name="referral_has_a_contact",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.service_title}"

    @property
    def is_cross_incubator(self):
        return self.from_incubator_id is not None and self.from_incubator_id != self.to_incubator_id

    @property
    def is_open(self):
        return self.status in (ReferralStatus.NEW, ReferralStatus.ACCEPTED)


class ReferralEvent(models.Model):
    """One line of a referral's status history: who moved it, when, from
    which status to which, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=16, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ReferralStatus.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.referral_id}: {self.from_status or '-'} → {self.to_status}"
