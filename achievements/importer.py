"""The "achievements" and "projects" sections of import_directory (see
incubators.importer for the all-or-nothing contract).

An achievement row with a ``published`` date is history brought in from a
spreadsheet: it is imported live, counted as approved and first published on
that date (noon, Asia/Shanghai, so the date reads the same in any time zone).
A row without one is a new draft submitted to the bureau's approval workflow;
an existing page is updated in the state it is in (published changes are
published, a draft stays a draft).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from achievements.models import (
    AchievementPage,
    AchievementPatent,
    Maturity,
    PatentStatus,
    ProjectPage,
    ProjectStage,
    TechnologyField,
    achievement_workflow,
    clean_transfer_modes,
)
from core.importer import (
    CREATED,
    UNCHANGED,
    UPDATED,
    clean_list_of,
    fields_key,
    publish_page,
    register,
    text_to_richtext,
    upsert_page,
)
from incubators.importer import IncubatorChildSection, incubator_slug_field

PUBLISHED_AT_HOUR = 12


class TechnologyFieldName(forms.CharField):
    """A row's ``field``: the Chinese or English name of an entry of the
    bureau's list (achievements.models.fields), cleaned to that entry. An
    unknown name is the row's error, naming the allowed values. The list is
    read once per form (the import reuses a form across its rows)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=64, **kwargs)
        self._entries = None

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy._entries = None
        return copy

    def entries(self):
        if self._entries is None:
            self._entries = list(TechnologyField.objects.all())
        return self._entries

    def to_python(self, value):
        name = " ".join(super().to_python(value).split())
        if not name:
            return None
        for entry in self.entries():
            if name == entry.name_zh or (entry.name_en and name.lower() == entry.name_en.lower()):
                return entry
        separator = "、" if (translation.get_language() or "").startswith("zh") else ", "
        allowed = separator.join(
            f"{entry.name_zh} ({entry.name_en})" if entry.name_en else entry.name_zh
            for entry in self.entries()
        )
        raise ValidationError(
            _("unknown technical field “%(name)s”; allowed: %(allowed)s (the bureau keeps the list)")
            % {"name": name, "allowed": allowed or _("none yet")}
        )

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        """The entry's name was checked against the list already."""


class AchievementRowForm(forms.Form):
    incubator = incubator_slug_field()
    title = forms.CharField(max_length=255)
    summary = forms.CharField(max_length=500)
    description = forms.CharField(required=False)
    field = TechnologyFieldName()
    source = forms.CharField(max_length=128, required=False)
    maturity = forms.TypedChoiceField(choices=Maturity.choices, coerce=int)
    expected_terms = forms.CharField(required=False)
    contact_name = forms.CharField(max_length=64, required=False)
    contact_phone = forms.CharField(max_length=32, required=False)
    contact_email = forms.EmailField(required=False)
    published = forms.DateField(input_formats=["%Y-%m-%d"])

    def clean_published(self):
        value = self.cleaned_data["published"]
        if value and value > timezone.localdate():
            raise ValidationError(_("cannot be in the future"))
        return value


class PatentRowForm(forms.Form):
    number = forms.CharField(max_length=64)
    title = forms.CharField(max_length=255, required=False)
    status = forms.ChoiceField(choices=PatentStatus.choices, required=False)


def published_datetime(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(PUBLISHED_AT_HOUR)))


@register
class AchievementSection(IncubatorChildSection):
    name = "achievements"
    label = pgettext_lazy("import section", "achievements")
    order = 40
    form_class = AchievementRowForm
    required_to_create = ("incubator", "title", "summary", "field", "maturity")
    extra_keys = ("transfer_modes", "patents")

    FIELD_NAMES = {"source": "source_institution"}
    model = AchievementPage

    def clean_extra(self, key, value):
        if key == "patents":
            return clean_list_of(value, PatentRowForm)
        return clean_transfer_modes(value)

    def apply(self, slug, cleaned, context):
        values = {
            self.FIELD_NAMES.get(key, key): value
            for key, value in cleaned.items()
            if key not in ("incubator", "published", "patents")
        }
        if "description" in values:
            values["description"] = text_to_richtext(values["description"])
        children = {}
        if "patents" in cleaned:
            children["patents"] = [
                AchievementPatent(sort_order=i, **{k: v for k, v in row.items() if v})
                for i, row in enumerate(cleaned["patents"])
            ]
        parent = self.parent_of(cleaned, context)
        published = cleaned.get("published")
        page = self.find(slug)
        if page is None:
            page = AchievementPage(slug=slug, **values)
            for name, items in children.items():
                setattr(page, name, items)
            page.live = False
            parent.add_child(instance=page)
            if published:
                publish_page(page)
                self.date_publication(page, published)
            else:
                self.submit(page)
            return CREATED

        changed = any(getattr(page, key) != value for key, value in values.items())
        compare = fields_key("number", "title", "status")
        if "patents" in children and compare(list(page.patents.all())) != compare(children["patents"]):
            changed = True
        moved = parent is not None and page.get_parent().pk != parent.pk
        if moved:
            page.move(parent, pos="last-child")
            page = AchievementPage.objects.get(pk=page.pk)
        dated = published and (
            page.first_published_at is None
            or timezone.localdate(page.first_published_at) != published
            or not page.live
        )
        if not changed and not dated:
            return UPDATED if moved else UNCHANGED
        if changed:
            for key, value in values.items():
                setattr(page, key, value)
            for name, items in children.items():
                setattr(page, name, items)
        if page.live or published:
            publish_page(page)
            if published:
                self.date_publication(page, published)
        else:
            page.save_revision(log_action=True)
            if page.current_workflow_state is None:
                self.submit(page)
        return UPDATED

    @staticmethod
    def date_publication(page, day):
        """History from a spreadsheet: approved and first published on ``day``."""
        at = published_datetime(day)
        AchievementPage.objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)
        page.first_published_at = page.last_published_at = at

    @staticmethod
    def submit(page):
        """A new draft, submitted to the bureau (no requesting user: the import)."""
        if page.get_latest_revision() is None:
            page.save_revision(log_action=True)
        workflow = achievement_workflow()
        if workflow is not None:
            workflow.start(page, None)


class ProjectRowForm(forms.Form):
    incubator = incubator_slug_field()
    name = forms.CharField(max_length=255)
    field = forms.CharField(max_length=64, required=False)
    admitted = forms.DateField(input_formats=["%Y-%m-%d"])
    team_size = forms.IntegerField(min_value=0, max_value=32767, required=False)
    stage = forms.ChoiceField(choices=ProjectStage.choices)
    summary = forms.CharField(max_length=500, required=False)
    private = forms.BooleanField(required=False)


@register
class ProjectSection(IncubatorChildSection):
    name = "projects"
    label = pgettext_lazy("import section", "incubated projects")
    order = 50
    form_class = ProjectRowForm
    required_to_create = ("incubator", "name", "admitted")
    slug_source = "name"

    model = ProjectPage

    def apply(self, slug, cleaned, context):
        values = {key: value for key, value in cleaned.items() if key != "incubator"}
        if "name" in values:
            values["title"] = values.pop("name")
        outcome, _page = upsert_page(ProjectPage, slug, values, parent=self.parent_of(cleaned, context))
        return outcome
