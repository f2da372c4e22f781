"""Incubators and maker spaces: the pages each operator team owns.

An IncubatorPage is the root of one operator's subtree; its services, events,
achievements and projects are its children, so Wagtail's page permissions,
revisions and audit log confine and record each operator (see teams.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page
from wagtail.search import index

from incubators.page_bases import CaptionedImage, ListingPage
from services.taxonomy import STRENGTH_MAX, STRENGTH_MIN, Category


class CustomImage(AbstractImage):
    """The project's image model, in place before the first migration so later
    fields need no data migration."""

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class IncubatorKind(models.TextChoices):
    INCUBATOR = "incubator", _("Incubator")
    MAKER_SPACE = "maker_space", _("Maker space")
    INNOVATION_CENTER = "innovation_center", _("Innovation center")


class IncubatorIndexPage(ListingPage):
    """The list of every incubator and maker space, filterable by kind,
    district and specialty (see incubators.directory.filter_incubators)."""

    subpage_types = ["incubators.IncubatorPage"]

    class Meta:
        verbose_name = _("incubator list")

    def listing_context(self, request):
        from incubators.directory import incubator_list_context

        return incubator_list_context(self, request)


class IncubatorPage(Page):
    """One incubator, maker space or innovation center of the network."""

    kind = models.CharField(
        _("kind"), max_length=32, choices=IncubatorKind.choices, default=IncubatorKind.INCUBATOR
    )
    district = models.CharField(_("district"), max_length=64, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
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
    description = RichTextField(_("description"), blank=True)
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
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
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
        "incubators.AchievementPage",
        "incubators.ProjectPage",
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
        from incubators.directory import incubator_profile_context

        context = super().get_context(request, *args, **kwargs)
        context.update(incubator_profile_context(self))
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


class IncubatorGalleryImage(Orderable, CaptionedImage):
    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="gallery_images")


class TeamMember(Orderable):
    """A member of the operating team, shown by name and role only: no
    personal phone or email is published."""

    page = ParentalKey(IncubatorPage, on_delete=models.CASCADE, related_name="team_members")
    name = models.CharField(_("name"), max_length=64)
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


# Achievements and incubated projects live in their own module; named here so
# Django registers them with the app and callers import from one place.
from incubators.activity_models import (  # noqa: E402, F401
    AchievementAttachment,
    AchievementImage,
    AchievementIndexPage,
    AchievementInterest,
    AchievementPage,
    AchievementPatent,
    InterestStatus,
    Maturity,
    PatentStatus,
    ProjectPage,
    ProjectStage,
    TransferMode,
)
