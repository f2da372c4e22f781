"""The ``incubators`` import section, and the base of every section whose
rows are pages an incubator publishes (services, events, achievements,
projects). The framework is core.importer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.importer import (
    NewPage,
    Section,
    clean_list_of,
    fields_key,
    find_unique_page,
    page_exists,
    register,
    text_to_richtext,
    upsert_page,
)
from core.taxonomy import STRENGTH_MAX, STRENGTH_MIN, Category, IncubatorKind
from incubators.models import (
    IncubatorIndexPage,
    IncubatorOpeningHours,
    IncubatorPage,
    IncubatorSpecialty,
    Partner,
    PartnerKind,
    TeamMember,
)
from incubators.open_data import Weekday, validate_language_codes
from incubators.teams import ensure_operator_teams


def parent_incubator(slug, context):
    page = context.applied.get(("incubators", slug))
    if page is None:
        page = find_unique_page(IncubatorPage, slug)
        if page is None:
            raise ValidationError(_("unknown incubator “%(slug)s”") % {"slug": slug})
        context.applied[("incubators", slug)] = page
    return page


def check_incubator_reference(cleaned, context, key="incubator"):
    slug = cleaned.get(key)
    if not slug:
        return []
    if context.declares("incubators", slug) or context.page_ids(IncubatorPage, slug):
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
    # New pages of this section are created in bulk (core.bulk_pages) when
    # the section says how a row becomes field values: ``page_values``.
    bulk = False

    def find(self, slug):
        return find_unique_page(self.model, slug)

    def exists(self, slug, context):
        return page_exists(self.model, slug, context)

    def page_values(self, cleaned):
        """The page's field values from a cleaned row (not its incubator)."""
        raise NotImplementedError

    def new_page(self, slug, cleaned, context):
        if not self.bulk or self.exists(slug, context):
            return None
        parent = self.parent_of(cleaned, context)
        if parent is None:
            return None
        return NewPage(parent=parent, page=self.model(slug=slug, **self.page_values(cleaned)))

    def clean_row(self, row, slug, context):
        """Besides the fields: a row whose slug is another incubator's page
        is refused unless it says ``"move": true`` (a typo in a slug must not
        silently move and retitle someone else's page)."""
        move = row.get("move", False)
        cleaned, messages = super().clean_row({k: v for k, v in row.items() if k != "move"}, slug, context)
        if not isinstance(move, bool):
            messages.append("move: " + _("must be true or false"))
        target = cleaned.get("incubator")
        current = self.current_incubator(slug, context) if slug and target else None
        if current is not None and current != target and move is not True:
            messages.append(
                _(
                    "“%(slug)s” is a page of %(current)s; to move it to %(target)s, "
                    'add "move": true to the row'
                )
                % {"slug": slug, "current": current, "target": target}
            )
        return cleaned, messages

    def current_incubator(self, slug, context):
        """The slug of the incubator the existing page ``slug`` sits under, or
        None (no such page, or not under an incubator) — from the import's
        slug indexes, not a query a row."""
        rows = context.page_paths(self.model, slug)
        if len(rows) != 1:
            return None
        _pk, path = rows[0]
        return context.slug_at_path(IncubatorPage, path[: -IncubatorPage.steplen])

    def existing(self, slug, context):
        """The existing page ``slug``, or None; no query when the import's
        slug index knows there is none."""
        if not slug or not context.page_ids(self.model, slug):
            return None
        return self.find(slug)

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
    address_province = forms.CharField(max_length=32, required=False)
    address_city = forms.CharField(max_length=32, required=False)
    address_street = forms.CharField(max_length=255, required=False)
    postal_code = forms.CharField(max_length=12, required=False)
    languages = forms.CharField(max_length=64, required=False, validators=[validate_language_codes])
    last_verified = forms.DateField(required=False)


class OpeningHoursRowForm(forms.Form):
    """``{"weekday": 1, "opens": "08:30", "closes": "17:30"}`` (1 is Monday)."""

    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int)
    opens = forms.TimeField()
    closes = forms.TimeField()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens") and cleaned.get("closes") and cleaned["closes"] <= cleaned["opens"]:
            self.add_error("closes", _("closing time must be after opening time"))
        return cleaned


def opening_hours_children(model, rows):
    return [model(sort_order=i, **row) for i, row in enumerate(rows)]


def opening_hours_key(items):
    return [(item.weekday, item.opens, item.closes) for item in items]


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
    label = pgettext_lazy("import section", "incubators")
    order = 10
    form_class = IncubatorRowForm
    required_to_create = ("name",)
    slug_source = "name"
    extra_keys = ("specialties", "team", "partners", "opening_hours")
    model = IncubatorPage  # existing incubators are read ahead (ImportContext.prefetch_pages)

    def find(self, slug):
        return find_unique_page(IncubatorPage, slug)

    def exists(self, slug, context):
        return page_exists(IncubatorPage, slug, context)

    def clean_extra(self, key, value):
        if key == "opening_hours":
            return clean_list_of(value, OpeningHoursRowForm)
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

    def existing_specialties(self, slug, context=None):
        """The stored specialties of the incubator ``slug`` (none for a new
        one): read ahead (ImportContext.prefetch_pages), else queried."""
        if context is not None:
            if not context.page_ids(IncubatorPage, slug):
                return []
            stored = context.pages.get((IncubatorPage, slug))
            if stored is not None:
                return stored.children["specialties"]
        existing = self.find(slug)
        return list(existing.specialties.all()) if existing else []

    def page_parts(self, slug, cleaned, context=None):
        """Field values, child-relation lists and their comparison keys."""
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
        if "opening_hours" in cleaned:
            hours = cleaned["opening_hours"]
            children["opening_hours"] = opening_hours_children(IncubatorOpeningHours, hours)
            compare["opening_hours"] = opening_hours_key
        if "specialties" in cleaned:
            old_notes = {s.category: s.note for s in self.existing_specialties(slug, context)}
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
        return values, children, compare

    def apply(self, slug, cleaned, context):
        values, children, compare = self.page_parts(slug, cleaned, context)
        outcome, page = upsert_page(
            IncubatorPage,
            slug,
            values,
            parent=cached_directory_index(context),
            children=children,
            compare_children=compare,
            context=context,
        )
        if page is not None:  # None: unchanged, not loaded (parent_incubator loads it if needed)
            context.applied[("incubators", slug)] = page
        return outcome

    def new_page(self, slug, cleaned, context):
        if self.exists(slug, context):
            return None
        values, children, _compare = self.page_parts(slug, cleaned, context)
        page = IncubatorPage(slug=slug, **values)
        for name, items in children.items():
            setattr(page, name, items)
        context.applied[("incubators", slug)] = page
        return NewPage(parent=cached_directory_index(context), page=page)

    def prepare_new_pages(self, pages):
        """What creating an incubator does (incubators.signals): its operator
        group and collection — before the revision records the page."""
        ensure_operator_teams(pages)


def cached_directory_index(context):
    key = ("directory_index", "")
    if key not in context.applied:
        context.applied[key] = directory_index()
    return context.applied[key]


def directory_index():
    """The incubator list page (created by the data migration home.0003)."""
    index = IncubatorIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("the site has no incubator list page; run migrate first"))
    return index
