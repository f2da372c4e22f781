"""The ``incubators`` import section, and the base of every section whose
rows are pages an incubator publishes (services, events, achievements,
projects). The framework is core.importer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.importer import (
    Section,
    clean_list_of,
    fields_key,
    find_unique_page,
    register,
    text_to_richtext,
    upsert_page,
)
from core.taxonomy import STRENGTH_MAX, STRENGTH_MIN, Category, IncubatorKind
from incubators.models import (
    IncubatorIndexPage,
    IncubatorPage,
    IncubatorSpecialty,
    Partner,
    PartnerKind,
    TeamMember,
)


def parent_incubator(slug, context):
    page = context.applied.get(("incubators", slug)) or find_unique_page(IncubatorPage, slug)
    if page is None:
        raise ValidationError(_("unknown incubator “%(slug)s”") % {"slug": slug})
    return page


def check_incubator_reference(cleaned, context, key="incubator"):
    slug = cleaned.get(key)
    if not slug:
        return []
    if context.declares("incubators", slug) or IncubatorPage.objects.filter(slug=slug).exists():
        return []
    return [_("unknown incubator “%(slug)s”") % {"slug": slug}]


def incubator_slug_field(required=True):
    """A row's ``incubator`` key: an incubator's slug, which may be Unicode
    (derived from its Chinese name when the file gave none)."""
    return forms.SlugField(allow_unicode=True, required=required)


class IncubatorChildSection(Section):
    """Rows for pages an incubator publishes (services, events, achievements,
    projects): found by slug among ``model``'s pages, created or moved under
    the incubator the row's ``incubator`` key names."""

    model = None

    def find(self, slug):
        return find_unique_page(self.model, slug)

    def check_references(self, cleaned, context):
        return check_incubator_reference(cleaned, context)

    def parent_of(self, cleaned, context):
        """The incubator the row names, or None when it names none."""
        slug = cleaned.get("incubator")
        return parent_incubator(slug, context) if slug else None


# --- incubators -------------------------------------------------------------


class IncubatorRowForm(forms.Form):
    name = forms.CharField(max_length=255)
    kind = forms.ChoiceField(choices=IncubatorKind.choices)
    district = forms.CharField(max_length=64, required=False)
    address = forms.CharField(max_length=255, required=False)
    summary = forms.CharField(max_length=500, required=False)
    description = forms.CharField(required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False)
    longitude = forms.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False
    )
    contact_name = forms.CharField(max_length=64, required=False)
    contact_phone = forms.CharField(max_length=32, required=False)
    contact_email = forms.EmailField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")


class TeamRowForm(forms.Form):
    name = forms.CharField(max_length=64)
    role = forms.CharField(max_length=128, required=False)


class PartnerRowForm(forms.Form):
    name = forms.CharField(max_length=128)
    kind = forms.ChoiceField(choices=PartnerKind.choices, required=False)
    url = forms.URLField(required=False, assume_scheme="https")


def specialty_key(items):
    return sorted((item.category, item.strength, item.note) for item in items)


@register
class IncubatorSection(Section):
    name = "incubators"
    order = 10
    form_class = IncubatorRowForm
    required_to_create = ("name",)
    slug_source = "name"
    extra_keys = ("specialties", "team", "partners")

    def find(self, slug):
        return find_unique_page(IncubatorPage, slug)

    def clean_extra(self, key, value):
        if key == "team":
            return clean_list_of(value, TeamRowForm)
        if key == "partners":
            return clean_list_of(value, PartnerRowForm)
        return self.clean_specialties(value)

    def clean_specialties(self, value):
        """``{"finance_tax": 4}`` or ``{"finance_tax": {"strength": 4, "note": "…"}}``."""
        if not isinstance(value, dict):
            raise ValidationError(_("must be an object of category: strength"))
        problems = []
        cleaned = {}
        for category, spec in value.items():
            note = None
            if isinstance(spec, dict):
                strength, note = spec.get("strength"), spec.get("note", "")
            else:
                strength = spec
            if category not in Category.values:
                problems.append(
                    _("unknown category “%(code)s”; known: %(known)s")
                    % {"code": category, "known": ", ".join(Category.values)}
                )
            elif (
                not isinstance(strength, int)
                or isinstance(strength, bool)
                or not STRENGTH_MIN <= strength <= STRENGTH_MAX
            ):
                problems.append(
                    _("strength of %(code)s must be a whole number from %(min)d to %(max)d")
                    % {"code": category, "min": STRENGTH_MIN, "max": STRENGTH_MAX}
                )
            else:
                cleaned[category] = (strength, note)
        if problems:
            raise ValidationError(problems)
        return cleaned

    def apply(self, slug, cleaned, context):
        values = {key: value for key, value in cleaned.items() if key not in self.extra_keys}
        if "name" in values:
            values["title"] = values.pop("name")
        if "description" in values:
            values["description"] = text_to_richtext(values["description"])
        children, compare = {}, {}
        if "team" in cleaned:
            children["team_members"] = [
                TeamMember(sort_order=i, **row) for i, row in enumerate(cleaned["team"])
            ]
            compare["team_members"] = fields_key("name", "role")
        if "partners" in cleaned:
            children["partners"] = [Partner(sort_order=i, **row) for i, row in enumerate(cleaned["partners"])]
            compare["partners"] = fields_key("name", "kind", "url")
        if "specialties" in cleaned:
            existing = self.find(slug)
            old_notes = {s.category: s.note for s in existing.specialties.all()} if existing else {}
            children.update(
                {
                    "specialties": [
                        IncubatorSpecialty(
                            category=code,
                            strength=strength,
                            note=note if note is not None else old_notes.get(code, ""),
                            sort_order=position,
                        )
                        for position, code in enumerate(Category.values)
                        if code in cleaned["specialties"]
                        for strength, note in [cleaned["specialties"][code]]
                    ]
                }
            )
            compare["specialties"] = specialty_key
        outcome, page = upsert_page(
            IncubatorPage,
            slug,
            values,
            parent=directory_index(),
            children=children,
            compare_children=compare,
        )
        context.applied[("incubators", slug)] = page
        return outcome


def directory_index():
    """The incubator list page (created by the data migration home.0003)."""
    index = IncubatorIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("the site has no incubator list page; run migrate first"))
    return index
