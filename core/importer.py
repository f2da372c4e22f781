"""The import framework behind ``import_directory``: one JSON file, many sections.

The contract is in docs/interfaces.md ("Interfaces others rely on"): all-or-nothing,
idempotent by slug, every key optional, imported pages published. Each
top-level key is a *section*; each app registers its own here (incubators,
services, events, achievements, projects, quotas, …) so one command and one validation pass cover
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
from modelcluster.models import get_all_child_relations

from core.bulk_pages import NewPage, publish_new_pages

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
PREFETCH = 2000  # rows whose existing pages are read in one go

__all__ = ["NewPage"]


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
        self._slugs = {}
        self.forms = {}
        self.pages = {}

    def declares(self, section, slug):
        return slug in self.declared.get(section, set())

    def page_ids(self, model, slug):
        """Ids of the ``model`` pages with ``slug`` in the database, read once
        per import for the whole model (one query, not one a row)."""
        return [pk for pk, _path in self.page_paths(model, slug)]

    def page_paths(self, model, slug):
        """``(id, tree path)`` of the ``model`` pages with ``slug`` (the same
        index as page_ids)."""
        if model not in self._slugs:
            index = {}
            for pk, page_slug, path in model.objects.values_list("pk", "slug", "path"):
                index.setdefault(page_slug, []).append((pk, path))
            self._slugs[model] = index
        return self._slugs[model].get(slug, [])

    def slug_at_path(self, model, path):
        """The slug of the ``model`` page at tree ``path``, or None (from the
        same index)."""
        key = ("by path", model)
        if key not in self._slugs:
            self.page_paths(model, "")
            self._slugs[key] = {
                page_path: slug for slug, rows in self._slugs[model].items() for _pk, page_path in rows
            }
        return self._slugs[key].get(path)

    def prefetch_pages(self, model, slugs, fields=None):
        """Read the existing ``model`` pages among ``slugs`` (the next stretch
        of rows) as stored values and child rows, a few queries for many
        rows, replacing the previous stretch: enough to tell an unchanged row
        without building its page (upsert_page). ``fields``: the names of
        the fields rows may set (default: all)."""
        ids = [pk for slug in slugs for pk in self.page_ids(model, slug)]
        self.pages = {}
        relations = get_all_child_relations(model)
        wanted = {"slug", "path", "live", "has_unpublished_changes", *(fields or ())}
        names = [
            field.attname for field in model._meta.concrete_fields if fields is None or field.name in wanted
        ]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            children = {}
            for relation in relations:
                name, key = relation.get_accessor_name(), relation.field.attname
                rows = relation.related_model._default_manager.filter(**{f"{key}__in": chunk})
                for child in rows:
                    children.setdefault(getattr(child, key), {}).setdefault(name, []).append(child)
            for values in model.objects.filter(pk__in=chunk).values("pk", *names):
                stored = children.get(values["pk"], {})
                self.pages[(model, values["slug"])] = StoredPage(
                    values=values,
                    children={relation.get_accessor_name(): [] for relation in relations} | stored,
                )


@dataclass
class StoredPage:
    """An existing page as the database holds it: field values by attribute
    name and the child rows of each child relation (ImportContext.prefetch_pages)."""

    values: dict
    children: dict

    def unchanged(self, values, children, compare_children, parent):
        """True when the row's ``values`` and ``children`` are what is stored,
        the page sits under ``parent`` (if given) and is live with nothing
        unpublished; False when it is not, or when this cannot tell (a key it
        did not read)."""
        stored = self.values
        if not stored["live"] or stored["has_unpublished_changes"]:
            return False
        if parent is not None and stored["path"][: -parent.steplen] != parent.path:
            return False
        for key, value in values.items():
            if key not in stored or stored[key] != value:
                return False
        for name, items in (children or {}).items():
            if name not in self.children:
                return False
            key = compare_children[name]
            if key(self.children[name]) != key(items):
                return False
        return True


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

    def exists(self, slug, context):
        """Whether the row updates an existing record (else it creates one)."""
        return self.find(slug) is not None

    def new_page(self, slug, cleaned, context):
        """For a section whose new rows may be created in bulk (see
        ``core.bulk_pages``): a NewPage for a row that creates a page, else
        None (the row goes through ``apply``)."""
        return None

    def prepare_new_pages(self, pages):
        """Called with the pages created in bulk once their rows exist, before
        their revisions are written: what a post_save receiver would do."""

    def clean_row(self, row, slug, context):
        """Validate one row; return (cleaned data, [messages])."""
        allowed = set(self.form_class.base_fields) | {"slug"} | set(self.extra_keys)
        unknown = sorted(set(row) - allowed)
        messages = [
            _("unknown field “%(field)s”; known fields: %(known)s")
            % {"field": key, "known": ", ".join(sorted(allowed))}
            for key in unknown
        ]
        data = {}
        for key, value in row.items():
            field = self.form_class.base_fields.get(key)
            if field is not None and not isinstance(field, forms.MultipleChoiceField):
                if isinstance(value, (list, dict)):
                    messages.append(f"{key}: " + _("must be a single value, not a list or an object"))
                    continue
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    value = str(value)  # 12345 for a date is "not a valid date", not a crash
            data[key] = value
        form = self.row_form(data, context)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.append(f"{name}: {error}")
        if not slug or not self.exists(slug, context):
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

    def row_form(self, row, context):
        """The row's form, bound to it, holding only the fields the row gives.
        Within one import, forms are reused across rows with the same keys:
        building one copies every field, which costs more than validating a
        row."""
        keys = frozenset(key for key in row if key in self.form_class.base_fields)
        cache = context.forms.setdefault(self.name, {})
        form = cache.get(keys)
        if form is None:
            form = cache[keys] = self.form_class(data=row)
            for name in list(form.fields):
                if name not in keys:
                    del form.fields[name]
        form.data = row
        form._errors = None
        form._bound_fields_cache = {}
        return form

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
            except (TypeError, ValueError, AttributeError, RecursionError) as error:
                # a value of a shape no field expects: a row error, never a traceback
                cleaned, row_messages = {}, [_("this row could not be read (%(error)s)") % {"error": error}]
            messages.extend(row_messages)
            for message in messages:
                errors.append(RowError(section.name, index, slug, message))
            planned.append((section, index, slug, cleaned))
    return context, planned, errors


def _publish_in_bulk(new_pages, report, section):
    """Create the pages a section collected in one batch (core.bulk_pages);
    any row's problem rolls the whole import back."""
    if not new_pages:
        return
    result = publish_new_pages(new_pages, prepare=section.prepare_new_pages)
    for (section_name, index, slug), message in result.errors:
        report.errors.append(RowError(section_name, index, slug, message))
    if result.errors:
        raise ValidationError("bulk")
    for section_name, _index, _slug in (item.key for item in new_pages):
        report.count(section_name, CREATED, section.label)
    new_pages.clear()


def run_import(data, progress=None):
    """Validate then apply ``data`` (already parsed JSON). Nothing is written
    unless every row is valid.

    New pages of sections that allow it are created in bulk (core.bulk_pages),
    a section at a time, so a later section can name them; the rest goes
    through Wagtail's own path row by row. ``progress(section, done, total)``
    is told along the way."""
    context, planned, errors = validate(data)
    report = ImportReport(errors=errors)
    if errors:
        return report
    totals = {}
    for section, *_rest in planned:
        totals[section.name] = totals.get(section.name, 0) + 1
    try:
        with transaction.atomic():
            new_pages, current, done = [], None, 0
            for position, (section, index, slug, cleaned) in enumerate(planned):
                if section is not current:
                    _publish_in_bulk(new_pages, report, current)
                    current, done = section, 0
                model = getattr(section, "model", None)
                if model is not None and done % PREFETCH == 0:
                    upcoming = planned[position : position + PREFETCH]
                    context.prefetch_pages(
                        model,
                        [row[2] for row in upcoming if row[0] is section],
                        fields={"title", *section.form_class.base_fields},
                    )
                try:
                    new = section.new_page(slug, cleaned, context)
                    if new is not None:
                        new.key = (section.name, index, slug)
                        new_pages.append(new)
                    else:
                        report.count(section.name, section.apply(slug, cleaned, context), section.label)
                except ValidationError as error:
                    for message in error.messages:
                        report.errors.append(RowError(section.name, index, slug, message))
                    raise
                done += 1
                if progress is not None and done % 1000 == 0:
                    progress(section.name, done, totals[section.name])
            _publish_in_bulk(new_pages, report, current)
    except ValidationError:
        report.counts = {}
    return report


def load_file(path):
    with open(path, encoding="utf-8") as handle:
        try:
            return json.load(handle)
        except RecursionError:
            raise ValueError(_("the file is nested too deeply to read")) from None


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


def page_exists(model, slug, context):
    """find_unique_page's answer (is there one?) from the import's slug index."""
    ids = context.page_ids(model, slug)
    if len(ids) > 1:
        raise ValidationError(
            _("several %(type)s pages use this slug; rename one in the admin first")
            % {"type": model._meta.verbose_name}
        )
    return bool(ids)


def upsert_page(model, slug, values, parent, children=None, compare_children=None, context=None):
    """Create or update a page of ``model`` found by ``slug``.

    ``values`` holds field values (only the keys the file gave); ``children``
    child-relation lists to set; ``compare_children`` maps a relation name to a
    function giving a comparable value for the current and the new items. The
    page is moved under ``parent`` if it lives elsewhere. Returns the outcome.
    ``context`` (the import's) may hold the stored page (prefetch_pages): an
    unchanged row is then settled without loading it (the page returned is
    None).
    """
    stored = context.pages.get((model, slug)) if context is not None else None
    if stored is not None and stored.unchanged(values, children, compare_children, parent):
        return UNCHANGED, None
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
    moved = parent is not None and page.path[: -page.steplen] != parent.path
    if moved:
        page.move(parent, pos="last-child")
        page.refresh_from_db()
    if not changed and page.live and not page.has_unpublished_changes:
        return (UPDATED if moved else UNCHANGED), page
    for key, value in values.items():
        setattr(page, key, value)
    publish_page(page, children=children)
    return UPDATED, page


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
