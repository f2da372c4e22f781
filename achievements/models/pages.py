"""What an incubator produces: technology achievements and incubated projects.

Both are pages under the owning IncubatorPage, so the operator team's page
permissions, revisions and audit log cover them like its services. Achievements
differ in one respect: their publication passes the bureau's approval workflow
(see achievements.approval), whatever page permissions the operators hold.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PagePermissionTester, Workflow
from wagtail.search import index

from achievements.models.fields import TechnologyField
from core import access
from core.page_forms import ScopedMediaPageForm
from core.pages import CaptionedImage, IncubatorChildPage


class TransferMode(models.TextChoices):
    """The ways a result may be transferred (促进科技成果转化法, article 16)."""

    TRANSFER = "transfer", _("Assignment")
    LICENSE = "license", _("Licence")
    EQUITY = "equity", _("Equity investment")
    JOINT = "joint", _("Joint implementation")
    SELF = "self", _("Own investment")


class Maturity(models.IntegerChoices):
    """Technology readiness levels of GB/T 22900."""

    TRL1 = 1, _("TRL 1 · basic principles observed")
    TRL2 = 2, _("TRL 2 · technology concept formulated")
    TRL3 = 3, _("TRL 3 · proof of concept")
    TRL4 = 4, _("TRL 4 · validated in the laboratory")
    TRL5 = 5, _("TRL 5 · validated in a relevant environment")
    TRL6 = 6, _("TRL 6 · prototype demonstrated in a relevant environment")
    TRL7 = 7, _("TRL 7 · prototype demonstrated in operation")
    TRL8 = 8, _("TRL 8 · system complete and qualified")
    TRL9 = 9, _("TRL 9 · proven in successful operation")


class PatentStatus(models.TextChoices):
    PENDING = "pending", _("Application pending")
    GRANTED = "granted", _("Granted")
    LAPSED = "lapsed", _("Lapsed")


class ProjectStage(models.TextChoices):
    INCUBATING = "incubating", _("Incubating")
    GRADUATED = "graduated", _("Graduated")
    LEFT = "left", _("Left")


def clean_transfer_modes(value):
    """A list of distinct transfer mode codes, in the vocabulary's order."""
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Transfer modes must be a list of codes."))
    unknown = [code for code in value if code not in TransferMode.values]
    if unknown:
        raise ValidationError(
            _("Unknown transfer mode %(codes)s; known: %(known)s")
            % {"codes": ", ".join(map(str, unknown)), "known": ", ".join(TransferMode.values)}
        )
    return [code for code in TransferMode.values if code in value]


# Found by name: migration incubators.0003 created it; the bureau may edit its
# tasks in Settings → Workflows but should keep the name.
ACHIEVEMENT_WORKFLOW_NAME = "科技成果发布审核"
ACHIEVEMENT_TASK_NAME = "科技局审核"


def achievement_workflow():
    """The active achievement approval workflow, or None if the bureau has
    disabled it (achievements then follow whatever workflow applies to the
    page tree, and only the bureau can publish them)."""
    return Workflow.objects.filter(name=ACHIEVEMENT_WORKFLOW_NAME, active=True).first()


class AchievementPermissionTester(PagePermissionTester):
    """Page permissions with one restriction: only the bureau publishes."""

    def can_publish(self):
        return super().can_publish() and access.is_bureau(self.user)


class AchievementPageForm(ScopedMediaPageForm):
    """Transfer modes as check boxes; stored as a list of codes."""

    transfer_modes = forms.MultipleChoiceField(
        label=_("transfer modes"),
        choices=TransferMode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_transfer_modes(self):
        return clean_transfer_modes(self.cleaned_data.get("transfer_modes"))


class AchievementPage(IncubatorChildPage):
    """A technology achievement (科技成果) offered for transfer by an incubator."""

    summary = models.TextField(_("summary"), max_length=500)
    description = RichTextField(pgettext_lazy("introduction", "description"), blank=True)
    # Nullable only so that drafts (and pages older than the list) may lack
    # one: a published achievement has a field (the form requires it).
    field = models.ForeignKey(
        TechnologyField,
        verbose_name=_("technical field"),
        null=True,
        on_delete=models.PROTECT,
        related_name="achievements",
        help_text=_("Chosen from the bureau's list of technology fields."),
    )
    source_institution = models.CharField(
        _("source institution"),
        max_length=128,
        blank=True,
        help_text=_("The university, institute or company that produced the result."),
    )
    maturity = models.PositiveSmallIntegerField(
        _("maturity"),
        choices=Maturity.choices,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("Technology readiness level, GB/T 22900."),
    )
    transfer_modes = models.JSONField(_("transfer modes"), default=list, blank=True)
    expected_terms = models.TextField(
        _("expected terms"),
        blank=True,
        help_text=_("Price range, licence fee, equity share or other conditions the owner expects."),
    )
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    base_form_class = AchievementPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                # A plain select of the bureau's list (never its snippet chooser).
                FieldRowPanel([FieldPanel("field", widget=forms.Select), FieldPanel("maturity")]),
                FieldPanel("source_institution"),
            ],
            heading=_("The result"),
        ),
        FieldPanel("description"),
        InlinePanel("patents", label=_("Intellectual property")),
        MultiFieldPanel(
            [FieldPanel("transfer_modes"), FieldPanel("expected_terms")],
            heading=_("Transfer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Contact"),
        ),
        InlinePanel("images", label=_("Images")),
        InlinePanel("attachments", label=_("Attachments")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("source_institution"),
        index.RelatedFields("field", [index.SearchField("name_zh"), index.SearchField("name_en")]),
        index.FilterField("field"),
        index.FilterField("maturity"),
    ]

    class Meta:
        db_table = "incubators_achievementpage"
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def clean(self):
        super().clean()
        self.transfer_modes = clean_transfer_modes(self.transfer_modes)

    def get_transfer_modes_display(self):
        labels = dict(TransferMode.choices)
        return [labels[code] for code in self.transfer_modes if code in labels]

    # The approval workflow (achievements.approval) applies to achievements
    # only, not to the services and events that share the incubator's subtree.
    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def get_workflow(self):
        return achievement_workflow() or super().get_workflow()

    def permissions_for_user(self, user):
        return AchievementPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        """The page as shown; the interest form comes from the template tag
        ``interest_form`` (a bound one when achievements.views.interest_view
        re-renders the page with errors)."""
        context = super().get_context(request, *args, **kwargs)
        context["incubator"] = self.incubator
        context["interest_sent"] = request.GET.get("interest") == "sent"
        return context


class AchievementPatent(Orderable):
    page = ParentalKey(AchievementPage, on_delete=models.CASCADE, related_name="patents")
    number = models.CharField(_("patent number"), max_length=64)
    title = models.CharField(_("title"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PatentStatus.choices, default=PatentStatus.GRANTED
    )

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("status")]), FieldPanel("title")]

    class Meta(Orderable.Meta):
        db_table = "incubators_achievementpatent"
        verbose_name = _("patent")
        verbose_name_plural = _("patents")


class AchievementImage(Orderable, CaptionedImage):
    page = ParentalKey(AchievementPage, on_delete=models.CASCADE, related_name="images")

    class Meta(Orderable.Meta):
        db_table = "incubators_achievementimage"


class AchievementAttachment(Orderable):
    page = ParentalKey(AchievementPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def label(self):
        return self.title or self.document.title

    class Meta(Orderable.Meta):
        db_table = "incubators_achievementattachment"


class ProjectPage(IncubatorChildPage):
    """A project or company admitted for incubation (新增孵化项目).

    A private project is kept out of every public list and its page answers
    404 to the public, but it is still a record of the incubator and counts
    towards the year's quota.
    """

    field = models.CharField(_("field"), max_length=64, blank=True)
    admitted = models.DateField(_("admission date"))
    team_size = models.PositiveSmallIntegerField(_("team size"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=ProjectStage.choices, default=ProjectStage.INCUBATING
    )
    summary = models.TextField(_("short description"), max_length=500, blank=True)
    private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("Not listed publicly and not shown to visitors; still counted in the annual report."),
    )

    content_panels = [
        TitleFieldPanel("title", classname="title", help_text=_("The project or company name.")),
        FieldRowPanel([FieldPanel("field"), FieldPanel("admitted")]),
        FieldRowPanel([FieldPanel("stage"), FieldPanel("team_size")]),
        FieldPanel("summary"),
        FieldPanel("private"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("private"),
        index.FilterField("admitted"),
    ]

    class Meta:
        db_table = "incubators_projectpage"
        verbose_name = _("incubated project")
        verbose_name_plural = _("incubated projects")

    def get_sitemap_urls(self, request=None):
        """A private project is served to nobody, so the sitemap leaves it out."""
        return [] if self.private else super().get_sitemap_urls(request)

    def serve(self, request, *args, **kwargs):
        if self.private:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["incubator"] = self.incubator
        return context


class InterestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("interest status", "New")
    CONTACTED = "contacted", _("Contacted")
    CLOSED = "closed", _("Closed")


class AchievementInterest(models.Model):
    """A visitor's interest in an achievement, addressed to the incubator that
    owns it. Contact data: the owning incubator's operators and the bureau
    only (see achievements.approval.interests_visible_to)."""

    achievement = models.ForeignKey(
        AchievementPage,
        verbose_name=_("achievement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
    )
    # Kept so the record still reads right if the achievement is deleted.
    achievement_title = models.CharField(_("achievement"), max_length=255)
    incubator = models.ForeignKey(
        "incubators.IncubatorPage",
        verbose_name=_("incubator"),
        on_delete=models.CASCADE,
        related_name="achievement_interests",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    organisation = models.CharField(_("company or institution"), max_length=128, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    message = models.TextField(_("what you would like to do"), max_length=2000)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InterestStatus.choices, default=InterestStatus.NEW
    )

    class Meta:
        db_table = "incubators_achievementinterest"
        verbose_name = _("interest in an achievement")
        verbose_name_plural = _("interest in achievements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone="", email=""),
                name="interest_has_a_contact",
                violation_error_message=_(
                    "Please give a phone number or an email address so that we can reach you."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} · {self.achievement_title}"
