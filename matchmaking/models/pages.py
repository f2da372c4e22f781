"""Technology demands (技术需求) and the matches between what firms need and
what the network offers.

A demand is a Wagtail page. A firm incubated in the network has its demand
under its incubator's page, so that incubator's operators review (publish),
edit and answer for it with the page permissions, revisions and audit log
they already hold for their services; a firm outside the network has its
demand under the public demand list (DemandIndexPage), where only the bureau
holds page permissions. A visitor's submission is a draft until one of them
publishes it. Contact data lives on the page and in its revisions, which only
those editors see; the public template and the API never show it.

Matches are records, not pages: one row per (need, offer) pair — a demand or
an incubated project on the need side, an achievement or a service on the
offer side — with the score, the reasons and what the people on either side
did with it (dismissed, meeting proposed). The pairs the bureau puts on a
matchmaking event's agenda carry that event's outcome.

The demand list page is in matchmaking.models.list_page, apart from these
because the list's queries (matchmaking.listing) read these models. The
demand page's matches reach its template through template tags
(matchmaking.templatetags.matchmaking_tags), so this module imports no
query module.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from achievements.models import Maturity, TechnologyField, TransferMode, clean_transfer_modes
from incubators.models import IncubatorPage


class DemandPageForm(WagtailAdminPageForm):
    transfer_modes = forms.MultipleChoiceField(
        label=_("acceptable transfer modes"),
        choices=TransferMode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_transfer_modes(self):
        return clean_transfer_modes(self.cleaned_data.get("transfer_modes"))


class DemandSource(models.TextChoices):
    FORM = "form", _("Public form")
    OPERATOR = "operator", _("Operator")
    IMPORT = "import", _("Import")


class DemandPage(Page):
    """A firm's technology demand: the problem it needs solved."""

    description = models.TextField(pgettext_lazy("introduction", "description"), max_length=2000)
    # The achievements' list (achievements.models.fields): a demand and an
    # achievement match on the field when they chose the same entry. Nullable
    # only for drafts (the form requires it on publishing).
    field = models.ForeignKey(
        TechnologyField,
        verbose_name=_("technical field"),
        null=True,
        on_delete=models.PROTECT,
        related_name="demands",
        help_text=_("Chosen from the bureau's list of technology fields."),
    )
    maturity_min = models.PositiveSmallIntegerField(
        _("lowest acceptable maturity"),
        choices=Maturity.choices,
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    maturity_max = models.PositiveSmallIntegerField(
        _("highest maturity needed"),
        choices=Maturity.choices,
        default=9,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    transfer_modes = models.JSONField(_("acceptable transfer modes"), default=list, blank=True)
    budget = models.CharField(_("budget"), max_length=64, blank=True, help_text=_("For example: 50-100万元."))
    deadline = models.DateField(_("deadline"), help_text=_("The demand is withdrawn after this day."))
    company = models.CharField(_("company"), max_length=128)
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    source = models.CharField(
        _("received through"), max_length=16, choices=DemandSource.choices, default=DemandSource.OPERATOR
    )

    base_form_class = DemandPageForm
    parent_page_types = ["incubators.IncubatorPage", "matchmaking.DemandIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("company"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                # A plain select of the list: operators choose, they never
                # open the bureau's snippet chooser.
                FieldPanel("field", widget=forms.Select),
                FieldRowPanel([FieldPanel("maturity_min"), FieldPanel("maturity_max")]),
                FieldPanel("transfer_modes"),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("deadline")]),
            ],
            heading=_("What would meet it"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Contact (never shown publicly)"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("company"),
        index.FilterField("deadline"),
    ]

    class Meta:
        verbose_name = _("technology demand")
        verbose_name_plural = _("technology demands")

    def clean(self):
        super().clean()
        self.transfer_modes = clean_transfer_modes(self.transfer_modes)
        if self.maturity_min and self.maturity_max and self.maturity_min > self.maturity_max:
            raise ValidationError({"maturity_max": _("The highest maturity cannot be below the lowest one.")})

    def _follow_deadline(self):
        """Wagtail's publish_scheduled unpublishes the demand after its
        deadline; the public list and the matching also filter by it."""
        if isinstance(self.deadline, datetime.date):
            end = datetime.datetime.combine(self.deadline + datetime.timedelta(days=1), datetime.time())
            self.expire_at = timezone.make_aware(end)

    def full_clean(self, *args, **kwargs):
        self._follow_deadline()  # before a revision is taken of the page
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self._follow_deadline()
        return super().save(*args, **kwargs)

    @property
    def incubator(self):
        """The incubator that owns the demand (its parent), or None for a
        firm outside the network."""
        return IncubatorPage.objects.filter(path=self.path[: -self.steplen]).first()

    def is_open(self, today=None):
        return self.deadline >= (today or timezone.localdate())

    def get_transfer_modes_display(self):
        labels = dict(TransferMode.choices)
        return [labels[code] for code in self.transfer_modes if code in labels]

    def get_context(self, request, *args, **kwargs):
        # What the page knows of itself; its matches and whether an agreement
        # solved it come through {% demand_matches %} and {% demand_solved %}.
        context = super().get_context(request, *args, **kwargs)
        context["incubator"] = self.incubator
        context["is_open"] = self.is_open()
        context["today"] = timezone.localdate()
        return context


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    DISMISSED = "dismissed", _("Dismissed")
    PROPOSED = "proposed", _("Meeting proposed")


class NeedType(models.TextChoices):
    DEMAND = "demand", _("Technology demand")
    PROJECT = "project", _("Incubated project")


class OfferType(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievement")
    SERVICE = "service", _("Service")


class Match(models.Model):
    """One suggested pair: a need (demand or incubated project) and an offer
    (achievement or service), kept up to date by matchmaking.matching.

    ``reasons`` are stored as codes with values (see matchmaking.scoring) and
    worded in the reader's language when shown. A dismissed or proposed pair
    survives recomputation (its score is refreshed), so a dismissal is
    remembered and a proposal keeps its history."""

    need = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("need"), on_delete=models.CASCADE, related_name="+"
    )
    need_type = models.CharField(_("need type"), max_length=16, choices=NeedType.choices)
    offer = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="+"
    )
    offer_type = models.CharField(_("offer type"), max_length=16, choices=OfferType.choices)
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(default=list, blank=True)
    shared_terms = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED, db_index=True
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["need", "offer"], name="match_unique_pair")]
        indexes = [models.Index(fields=["offer", "-score"]), models.Index(fields=["need", "-score"])]

    def __str__(self):
        return f"{self.need_id} ↔ {self.offer_id} ({self.score:.2f})"


class OutcomeKind(models.TextChoices):
    NONE = "", _("Not recorded yet")
    NO_DEAL = "no_deal", _("No agreement")
    INTENT = "intent", _("Letter of intent")
    AGREEMENT = "agreement", _("Agreement signed")


class AgendaItem(models.Model):
    """A matched pair on a matchmaking event's agenda, and what came of it.

    The need and offer are kept here (not only through the match) so the
    record outlives a recomputation that drops the match. An agreement marks
    the demand solved (matchmaking.listing.solved_demand_ids)."""

    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    match = models.ForeignKey(
        Match,
        verbose_name=_("match"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda",
    )
    need = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("need"), on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("offer"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveIntegerField(default=0)
    outcome = models.CharField(_("result"), max_length=16, choices=OutcomeKind.choices, blank=True)
    contract_value = models.DecimalField(
        _("contract value (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "need", "offer"], name="agenda_unique_pair"),
        ]

    def __str__(self):
        return f"{self.event_id}: {self.need_id} ↔ {self.offer_id}"
