"""Services: what one incubator offers to startups of the whole network."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.pages import IncubatorChildPage
from core.taxonomy import Category
from incubators.open_data import (
    LanguagesMixin,
    OpeningHours,
    ServiceStatus,
    languages_field,
    last_verified_field,
)
from services.taxonomy import DeliveryMode, Fee


class ServicePage(LanguagesMixin, IncubatorChildPage):
    """One service, always a child of the incubator that delivers it."""

    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    description = RichTextField(pgettext_lazy("introduction", "description"), blank=True)
    eligibility = models.TextField(_("who can apply"), blank=True)
    fee = models.CharField(_("fee"), max_length=16, choices=Fee.choices, default=Fee.FREE)
    fee_text = models.CharField(
        _("fee details"),
        max_length=255,
        blank=True,
        help_text=_("For example: 300 yuan per month, half paid by innovation vouchers."),
    )
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=16, choices=DeliveryMode.choices, default=DeliveryMode.ONSITE
    )
    lead_time = models.CharField(
        _("typical lead time"),
        max_length=64,
        blank=True,
        help_text=_("For example: 3 working days."),
    )
    voucher_eligible = models.BooleanField(_("innovation vouchers accepted"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    languages = languages_field()
    last_verified = last_verified_field()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("category"), FieldPanel("status")]),
        FieldPanel("description"),
        FieldPanel("eligibility"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee"), FieldPanel("voucher_eligible")]),
                FieldPanel("fee_text"),
                FieldRowPanel([FieldPanel("delivery_mode"), FieldPanel("lead_time")]),
            ],
            heading=pgettext_lazy("service", "Terms"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Service desk"),
        ),
        InlinePanel(
            "opening_hours",
            label=_("Opening hours"),
            help_text=_("Only when they differ from the incubator's."),
        ),
        FieldRowPanel([FieldPanel("languages"), FieldPanel("last_verified")]),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("eligibility"),
        index.FilterField("category"),
        index.FilterField("fee"),
    ]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def get_context(self, request, *args, **kwargs):
        """The page as shown; the cross-referral hints come from the template
        tag ``cross_referral_hints`` (services.hints reads the service models)."""
        context = super().get_context(request, *args, **kwargs)
        incubator = self.incubator
        context["incubator"] = incubator
        context["strength"] = incubator.strength_in(self.category) if incubator else 0
        return context


class ServiceOpeningHours(OpeningHours):
    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="opening_hours")
