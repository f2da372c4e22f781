"""Events: training sessions, matchmaking events and roadshows that an
incubator hosts, the registrations of the public, and matchmaking outcomes.

An EventPage lives under its host IncubatorPage (the host is its parent), so
the host's operators edit it with Wagtail's page permissions; co-hosts are
listed for the public and the calendar filters only. Registrations are not
pages: they belong to the event and are visible to the host's operators and
the bureau (see events.registrations).
"""

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pages import IncubatorChildPage


class EventKind(models.TextChoices):
    TRAINING = "training", _("Training")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    ROADSHOW = "roadshow", _("Roadshow")
    OTHER = "other", _("Other")


class EventPage(IncubatorChildPage):
    """One event, always a child of the incubator that hosts it."""

    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices, default=EventKind.TRAINING)
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("For online or hybrid events: the meeting or live link.")
    )
    audience = models.CharField(
        _("audience"),
        max_length=255,
        blank=True,
        help_text=_("Who should come, for example: finance staff of incubated startups."),
    )
    description = RichTextField(pgettext_lazy("introduction", "description"), blank=True)
    registration_open = models.BooleanField(
        _("registration on this site"),
        default=True,
        help_text=_("Untick for events that need no registration."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Confirmed places; later registrations join the waiting list. Empty: unlimited."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: registration stays open until the event starts."),
    )
    co_hosts = ParentalManyToManyField(
        "incubators.IncubatorPage",
        verbose_name=_("co-hosts"),
        blank=True,
        related_name="co_hosted_events",
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("online_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("audience"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("co_hosts", widget=forms.CheckboxSelectMultiple),
    ]
    outcome_panels = [
        InlinePanel(
            "outcomes",
            label=_("Outcomes"),
            help_text=_("For matchmaking events: agreements signed and follow-ups agreed."),
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(outcome_panels, heading=_("Matchmaking outcomes")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("place"),
        index.SearchField("audience"),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The event cannot end before it starts.")
        if self.start and self.registration_deadline and self.registration_deadline > self.end:
            errors["registration_deadline"] = _("The registration deadline must be before the event ends.")
        if errors:
            raise ValidationError(errors)

    @property
    def host(self):
        """The incubator that hosts the event (its parent page; co-hosts
        are ``co_hosts``)."""
        return self.incubator

    @property
    def closes_at(self):
        return self.registration_deadline or self.start

    def accepts_registrations(self, now=None):
        return self.live and self.registration_open and (now or timezone.now()) < self.closes_at

    def place_counts(self):
        """{"confirmed": n, "waiting": n, "checked_in": n}."""
        return self.registrations.aggregate(
            confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            checked_in=Count(
                "pk", filter=Q(checked_in_at__isnull=False) & ~Q(status=RegistrationStatus.CANCELLED)
            ),
        )

    def places_left(self, confirmed=None):
        """Free places, or None when the event has no capacity limit."""
        if self.capacity is None:
            return None
        if confirmed is None:
            confirmed = self.place_counts()["confirmed"]
        return max(self.capacity - confirmed, 0)

    def get_context(self, request, *args, **kwargs):
        """The page as shown; the registration form comes from the template tag
        ``registration_form`` (a bound one when events.views.register_view
        re-renders the page with errors)."""
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        counts = self.place_counts()
        context.update(
            {
                "host": self.host,
                "co_hosts": list(self.co_hosts.live().public().order_by("title")),
                "counts": counts,
                "places_left": self.places_left(counts["confirmed"]),
                "accepts_registrations": self.accepts_registrations(now),
                "is_past": self.end < now,
            }
        )
        if self.kind == EventKind.MATCHMAKING:
            outcomes = list(self.outcomes.all())
            context["outcomes"] = outcomes
            context["agreements"] = sum(1 for o in outcomes if o.kind == OutcomeKind.AGREEMENT)
        return context


def new_token():
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """One person's registration for an event. Contact data is shown only to
    the host's operators and the bureau; the registrant manages it through the
    private ``token`` link."""

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    company = models.CharField(_("company"), max_length=128, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The language the person registered in, for the mails sent later.
    language = models.CharField(max_length=16, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone="") | ~models.Q(email=""),
                name="registration_has_contact",
                violation_error_message=_(
                    "Please give a phone number or an email address so that we can reach you."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} · {self.event.title}"


class OutcomeKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement signed")
    INTENTION = "intention", _("Letter of intent")
    FOLLOW_UP = "follow_up", _("Follow-up agreed")


class MatchmakingOutcome(Orderable):
    """What a matchmaking event led to, recorded by the host's operators."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(
        _("outcome"), max_length=16, choices=OutcomeKind.choices, default=OutcomeKind.AGREEMENT
    )
    parties = models.CharField(
        _("parties"),
        max_length=255,
        help_text=_("The enterprise and the university, institute or investor it agreed with."),
    )
    subject = models.CharField(pgettext_lazy("cooperation", "subject"), max_length=255, blank=True)
    amount = models.DecimalField(
        _("value (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parties")]),
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("follow_up_on")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("matchmaking outcome")
        verbose_name_plural = _("matchmaking outcomes")
