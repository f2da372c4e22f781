"""Incubators and maker spaces: the pages each operator team owns.

An IncubatorPage is the root of one operator's subtree; its services, events,
achievements and projects are its children, so Wagtail's page permissions,
revisions and audit log confine and record each operator (see teams.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import CustomImage
from core.page_forms import ScopedMediaPageForm
from core.pages import CaptionedImage, ListingPage
from core.taxonomy import STRENGTH_MAX, STRENGTH_MIN, Category, IncubatorKind
from incubators.forms import IncubatorFilterForm
from incubators.open_data import LanguagesMixin, OpeningHours, languages_field, last_verified_field
from incubators.profile import add_list_figures, profile_context, rank_in_category


class IncubatorIndexPage(ListingPage):
    """The list of every incubator and maker space, filterable by kind,
    district and specialty (see filter_incubators)."""

    subpage_types = ["incubators.IncubatorPage"]

    class Meta:
        verbose_name = _("incubator list")

    def listing_context(self, request):
        form, queryset, specialty = filter_incubators(self, request.GET)
        incubators = list(queryset)
        if specialty:  # strongest first, weighed as the cross-referral hints are
            incubators = rank_in_category(incubators, specialty)
        add_list_figures(incubators, self)
        return {
            "filter_form": form,
            "incubators": incubators,
            "specialty": specialty,
            "specialty_label": Category(specialty).label if specialty else "",
            "is_filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
        }


class IncubatorPage(LanguagesMixin, Page):
    """One incubator, maker space or innovation center of the network."""

    base_form_class = ScopedMediaPageForm

    kind = models.CharField(
        _("kind"), max_length=32, choices=IncubatorKind.choices, default=IncubatorKind.INCUBATOR
    )
    district = models.CharField(_("district"), max_length=64, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # The structured address (Open Referral HSDS) beside the free text, which
    # stays as written until an operator fills these.
    address_province = models.CharField(_("province"), max_length=32, blank=True)
    address_city = models.CharField(_("city"), max_length=32, blank=True)
    address_street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    description = RichTextField(pgettext_lazy("introduction", "description"), blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = languages_field()
    last_verified = last_verified_field()

    # Set once when the page is first saved (incubators.teams); not editable.
    operator_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="incubator",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="incubator",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("district")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("address_province"), FieldPanel("address_city")]),
                FieldRowPanel([FieldPanel("address_street"), FieldPanel("postal_code")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        InlinePanel("opening_hours", label=_("Opening hours")),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("logo"),
        InlinePanel("gallery_images", label=_("Photo gallery")),
        InlinePanel(
            "specialties",
            label=_("Specialties"),
            help_text=_("Strength from 0 (none) to 5 (best in the network); one row per category."),
            max_num=len(Category.choices),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("website")]),
                FieldRowPanel([FieldPanel("languages"), FieldPanel("last_verified")]),
            ],
            heading=_("Contact"),
        ),
        InlinePanel("team_members", label=_("Operating team")),
        InlinePanel("partners", label=_("Partner universities and institutes")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("district"),
        index.FilterField("kind"),
        index.FilterField("district"),
    ]

    parent_page_types = ["incubators.IncubatorIndexPage"]
    subpage_types = [
        "services.ServicePage",
        "events.EventPage",
        "achievements.AchievementPage",
        "achievements.ProjectPage",
        "matchmaking.DemandPage",
    ]

    class Meta:
        verbose_name = _("incubator")
        verbose_name_plural = _("incubators")

    @cached_property
    def specialty_profile(self):
        """All seven categories in their fixed order, with strength 0 where the
        incubator has not listed the category."""
        by_code = {s.category: s for s in self.specialties.all()}
        profile = []
        for code, label in Category.choices:
            row = by_code.get(code)
            profile.append(
                {
                    "code": code,
                    "label": label,
                    "strength": row.strength if row else 0,
                    "note": row.note if row else "",
                }
            )
        return profile

    def strength_in(self, category):
        for row in self.specialty_profile:
            if row["code"] == category:
                return row["strength"]
        return 0

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["gallery"] = self.gallery_images.select_related("image").prefetch_related(
            Prefetch("image", queryset=CustomImage.objects.prefetch_renditions("fill-480x320"))
        )
        context.update(profile_context(self))
        return context


class IncubatorSpecialty(Orderable):
    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="specialties")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        default=0,
        validators=[MinValueValidator(STRENGTH_MIN), MaxValueValidator(STRENGTH_MAX)],
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("strength")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        constraints = [
            models.UniqueConstraint(fields=["page", "category"], name="one_strength_per_category"),
            models.CheckConstraint(
                condition=models.Q(strength__lte=STRENGTH_MAX), name="strength_at_most_five"
            ),
        ]


class IncubatorOpeningHours(OpeningHours):
    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="opening_hours")


class IncubatorGalleryImage(Orderable, CaptionedImage):
    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="gallery_images")


class TeamMember(Orderable):
    """A member of the operating team, shown by name and role only: no
    personal phone or email is published."""

    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="team_members")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    role = models.CharField(_("role"), max_length=128, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")])]


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise")


class Partner(Orderable):
    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=128)
    kind = models.CharField(
        _("kind"), max_length=32, choices=PartnerKind.choices, default=PartnerKind.UNIVERSITY
    )
    url = models.URLField(_("website"), blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]), FieldPanel("url")]


# --- the public list: each built in a fixed number of SQL queries whatever the
# number of incubators (tests/incubators/test_query_counts.py holds it)

LOGO_FILTER = "fill-96x96"


def with_logos(queryset):
    return queryset.prefetch_related(
        "specialties",
        Prefetch("logo", queryset=CustomImage.objects.prefetch_renditions(LOGO_FILTER)),
    )


def filter_incubators(index_page, data):
    """Apply the list filters; invalid values are reported, never applied."""
    districts = (
        IncubatorPage.objects.child_of(index_page)
        .live()
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    form = IncubatorFilterForm(data or None, districts=list(districts))
    queryset = IncubatorPage.objects.child_of(index_page).live().public().order_by("path")
    specialty = ""
    if form.is_valid():
        if form.cleaned_data["kind"]:
            queryset = queryset.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["district"]:
            queryset = queryset.filter(district=form.cleaned_data["district"])
        specialty = form.cleaned_data["specialty"]
        if specialty:
            strength = IncubatorSpecialty.objects.filter(page=OuterRef("pk"), category=specialty).values(
                "strength"
            )[:1]
            queryset = (
                queryset.annotate(category_strength=Subquery(strength))
                .filter(category_strength__gte=1)
                .order_by("-category_strength", "path")
            )
    return form, with_logos(queryset), specialty
