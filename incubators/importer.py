"""``import_directory``: bring a whole directory in from one JSON file.

The contract is in DESIGN.md ("Interfaces others rely on"): all-or-nothing,
idempotent by slug, every key optional, imported pages published. Each
top-level key is a *section*; apps register theirs here (services, events,
achievements, projects, quotas) so one command and one validation pass cover
them all.

Validation happens before any write: every row of every section is checked
(field values with a Django form, so messages come out in the user's
language; references between sections; duplicate slugs) and the import stops
with the full list of bad rows. Only a clean file is applied, inside one
transaction.
"""

import html
import json
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from incubators.models import (
    IncubatorKind,
    IncubatorPage,
    IncubatorSpecialty,
    Partner,
    PartnerKind,
    TeamMember,
)
from services.taxonomy import STRENGTH_MAX, STRENGTH_MIN, Category

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class RowError:
    section: str
    index: int
    slug: str
    message: str

    def __str__(self):
        where = f"{self.section}[{self.index}]"
        if self.slug:
            where += f" ({self.slug})"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors

    def count(self, section, outcome, label=None):
        if label:
            self.labels[section] = label
        self.counts.setdefault(section, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
        self.counts[section][outcome] += 1

    def summary_lines(self):
        """One translated line per section: created, updated, unchanged."""
        return [
            _("%(section)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
            % {"section": self.labels.get(section, section), **counts}
            for section, counts in self.counts.items()
        ]


class ImportContext:
    """What a section needs to know about the rest of the file: the slugs each
    section declares, so a service may name an incubator created by the same
    file, and the pages applied so far."""

    def __init__(self, data):
        self.data = data
        self.declared = {}
        self.applied = {}

    def declares(self, section, slug):
        return slug in self.declared.get(section, set())


class Section:
    """One top-level key of the import file.

    Subclasses set ``name``, ``order`` (lower runs first), ``form_class`` (the
    row's fields; all optional, ``required_to_create`` lists those a new
    record needs) and implement ``find`` and ``apply``.
    """

    name = ""
    label = ""  # the section's name for people (the summary lines), translated
    order = 100
    form_class = forms.Form
    required_to_create = ()
    slug_source = "title"
    extra_keys = ()

    def row_slug(self, row):
        if row.get("slug"):
            return str(row["slug"])
        source = row.get(self.slug_source)
        return slugify(str(source), allow_unicode=True) if source else ""

    def find(self, slug):
        raise NotImplementedError

    def clean_row(self, row, slug, context):
        """Validate one row; return (cleaned data, [messages])."""
        allowed = set(self.form_class.base_fields) | {"slug"} | set(self.extra_keys)
        unknown = sorted(set(row) - allowed)
        messages = [
            _("unknown field “%(field)s”; known fields: %(known)s")
            % {"field": key, "known": ", ".join(sorted(allowed))}
            for key in unknown
        ]
        form = self.form_class(data=row)
        for name in list(form.fields):
            if name not in row:
                del form.fields[name]
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.append(f"{name}: {error}")
        existing = self.find(slug) if slug else None
        if existing is None:
            missing = [key for key in self.required_to_create if key not in row]
            if missing:
                messages.append(_("a new record needs: %(fields)s") % {"fields": ", ".join(missing)})
        form.is_valid()
        cleaned = dict(form.cleaned_data)  # the fields that did validate
        for key in self.extra_keys:
            if key in row:
                try:
                    cleaned[key] = self.clean_extra(key, row[key])
                except ValidationError as error:
                    messages.extend(f"{key}: {message}" for message in error.messages)
        messages.extend(self.check_references(cleaned, context))
        return cleaned, messages

    def clean_extra(self, key, value):
        return value

    def check_references(self, cleaned, context):
        return []

    def apply(self, slug, cleaned, context):
        """Create or update one record; return CREATED, UPDATED or UNCHANGED."""
        raise NotImplementedError


SECTIONS = {}


def register(section_class):
    section = section_class()
    SECTIONS[section.name] = section
    return section_class


def ordered_sections():
    return sorted(SECTIONS.values(), key=lambda section: (section.order, section.name))


def validate(data):
    """Check the whole file; return (context, rows, errors) with no writes."""
    errors = []
    if not isinstance(data, dict):
        return None, [], [RowError("", 0, "", _("the file must hold one JSON object"))]
    for key in data:
        if key not in SECTIONS:
            errors.append(
                RowError(
                    str(key),
                    0,
                    "",
                    _("unknown section; known sections: %(known)s")
                    % {"known": ", ".join(s.name for s in ordered_sections())},
                )
            )
    context = ImportContext(data)
    for section in ordered_sections():
        rows = data.get(section.name) or []
        if not isinstance(rows, list):
            errors.append(RowError(section.name, 0, "", _("must be a list of objects")))
            continue
        seen = context.declared.setdefault(section.name, set())
        for row in rows:
            if isinstance(row, dict):
                slug = section.row_slug(row)
                if slug:
                    seen.add(slug)
    planned = []
    for section in ordered_sections():
        rows = data.get(section.name) or []
        if not isinstance(rows, list):
            continue
        slugs_here = set()
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                errors.append(RowError(section.name, index, "", _("each row must be an object")))
                continue
            slug = section.row_slug(row)
            messages = []
            if not slug:
                messages.append(
                    _("needs a slug (or a %(field)s to derive it from)") % {"field": section.slug_source}
                )
            elif slug in slugs_here:
                messages.append(_("the same slug appears twice in this file"))
            slugs_here.add(slug)
            try:
                cleaned, row_messages = section.clean_row(row, slug, context)
            except ValidationError as error:
                cleaned, row_messages = {}, error.messages
            messages.extend(row_messages)
            for message in messages:
                errors.append(RowError(section.name, index, slug, message))
            planned.append((section, index, slug, cleaned))
    return context, planned, errors


def run_import(data):
    """Validate then apply ``data`` (already parsed JSON). Nothing is written
    unless every row is valid."""
    context, planned, errors = validate(data)
    report = ImportReport(errors=errors)
    if errors:
        return report
    try:
        with transaction.atomic():
            for section, index, slug, cleaned in planned:
                try:
                    outcome = section.apply(slug, cleaned, context)
                except ValidationError as error:
                    for message in error.messages:
                        report.errors.append(RowError(section.name, index, slug, message))
                    raise
                report.count(section.name, outcome, section.label)
    except ValidationError:
        report.counts = {}
    return report


def load_file(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


# --- helpers shared by page sections ---------------------------------------


def text_to_richtext(text):
    """Plain import text to Wagtail rich text: one paragraph per blank-line
    separated block, HTML escaped."""
    blocks = [block.strip() for block in str(text).split("\n\n") if block.strip()]
    return "".join(f"<p>{html.escape(block).replace(chr(10), '<br/>')}</p>" for block in blocks)


def find_unique_page(model, slug):
    """The one page of ``model`` with ``slug``; an error if several pages of
    that type share it (slugs are only unique among siblings in Wagtail)."""
    pages = list(model.objects.filter(slug=slug)[:2])
    if len(pages) > 1:
        raise ValidationError(
            _("several %(type)s pages use this slug; rename one in the admin first")
            % {"type": model._meta.verbose_name}
        )
    return pages[0].specific if pages else None


def publish_page(page, parent=None, children=None):
    """Create (under ``parent``) or update ``page`` and publish it with a
    revision, so the import shows in the page history like an editor's work."""
    if children:
        for name, items in children.items():
            setattr(page, name, items)
    if page.pk is None:
        page.live = False
        parent.add_child(instance=page)
    revision = page.save_revision(log_action=True)
    revision.publish()
    return page


def upsert_page(model, slug, values, parent, children=None, compare_children=None):
    """Create or update a page of ``model`` found by ``slug``.

    ``values`` holds field values (only the keys the file gave); ``children``
    child-relation lists to set; ``compare_children`` maps a relation name to a
    function giving a comparable value for the current and the new items. The
    page is moved under ``parent`` if it lives elsewhere. Returns the outcome.
    """
    page = find_unique_page(model, slug)
    if page is None:
        page = model(slug=slug, **values)
        publish_page(page, parent=parent, children=children)
        return CREATED, page
    changed = any(getattr(page, key) != value for key, value in values.items())
    for name, items in (children or {}).items():
        key = compare_children[name]
        if key(list(getattr(page, name).all())) != key(items):
            changed = True
    moved = parent is not None and page.get_parent().pk != parent.pk
    if moved:
        page.move(parent, pos="last-child")
        page.refresh_from_db()
    if not changed and page.live and not page.has_unpublished_changes:
        return (UPDATED if moved else UNCHANGED), page
    for key, value in values.items():
        setattr(page, key, value)
    publish_page(page, children=children)
    return UPDATED, page


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


def clean_list_of(value, form_class):
    """A list of small objects (team members, partners), each checked by
    ``form_class``; returns their cleaned data in order."""
    if not isinstance(value, list):
        raise ValidationError(_("must be a list of objects"))
    rows, problems = [], []
    for position, item in enumerate(value):
        form = form_class(data=item if isinstance(item, dict) else {})
        if not form.is_valid():
            for name, errors in form.errors.items():
                problems.extend(f"[{position}] {name}: {error}" for error in errors)
            continue
        rows.append({k: v for k, v in form.cleaned_data.items() if v or k == "name"})
    if problems:
        raise ValidationError(problems)
    return rows


def fields_key(*names):
    def key(items):
        return [tuple(getattr(item, name) or "" for name in names) for item in items]

    return key


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
    """The incubator list page, created under the home page if missing."""
    from incubators.models import IncubatorIndexPage

    index = IncubatorIndexPage.objects.first()
    if index is not None:
        return index
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        raise ValidationError(_("the site has no home page; run migrate first"))
    index = IncubatorIndexPage(
        title=_("Incubators"), title_en="Incubators", slug="incubators", show_in_menus=True
    )
    publish_page(index, parent=home)
    return index
