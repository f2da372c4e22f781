"""What is indexed: one small class per document type.

A type names its page model, the live pages to index, and how a page becomes
a ``SearchDocument`` (text to search, facet values, data to display). Every
backend, the queue, ``search_reindex`` and ``search_check`` work from this
registry, so adding a type is one class here (``EventDocument`` or
``AchievementDocument`` show the pattern) and nothing else.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from achievements.models import AchievementPage, TransferMode
from core.richtext import text_for_indexing
from core.taxonomy import Category, IncubatorKind
from events.models import EventKind, EventPage
from incubators.models import IncubatorPage
from services.hints import HINT_MIN_STRENGTH
from services.models import ServicePage
from services.taxonomy import Fee

TITLE, BODY, META = "title", "body", "meta"
FACETS = ("type", "category", "incubator", "district", "fee")


@dataclass
class SearchDocument:
    type: str
    page_id: int
    slug: str
    title: str
    url: str
    body: str = ""
    meta: str = ""
    category: list = field(default_factory=list)
    incubator: str = ""
    district: str = ""
    fee: str = ""
    data: dict = field(default_factory=dict)
    ends: datetime | None = None  # events: when it is over (ranked last after)

    @property
    def key(self):
        return f"{self.type}:{self.page_id}"

    def digest(self):
        """Changes whenever anything the index holds for the page changes."""
        raw = json.dumps(
            [
                self.type,
                self.page_id,
                self.slug,
                self.title,
                self.url,
                self.body,
                self.meta,
                self.category,
                self.incubator,
                self.district,
                self.fee,
                self.data,
                self.ends.isoformat() if self.ends else "",
            ],
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


class PageUrls:
    """Page URLs for many pages without a query each: Wagtail's cached site
    root paths, applied to ``url_path``."""

    def __init__(self):
        self.roots = sorted(Site.get_site_root_paths(), key=lambda root: -len(root.root_path))
        self.single = len(self.roots) == 1

    def __call__(self, page):
        for root in self.roots:
            if page.url_path.startswith(root.root_path):
                path = "/" + page.url_path[len(root.root_path) :]
                return path if self.single or root is self.roots[-1] else root.root_url + path
        return page.get_url() or ""


def rich_text(value):
    return text_for_indexing(value or "").strip()


_LABELS = {}


def zh(label):
    """Index labels in Chinese (and English, for people who type it)."""
    key = (str(getattr(label, "_proxy____args", (label,))[0]), translation.get_language())
    found = _LABELS.get(key)
    if found is None:
        with translation.override("zh-hans"):
            chinese = str(label)
        with translation.override("en"):
            english = str(label)
        found = _LABELS[key] = chinese if chinese == english else f"{chinese} {english}"
    return found


_CODE_LABELS = {}


def zh_code(choices, code):
    """zh() of ``code``'s label in ``choices``; "" for a code they lack."""
    key = (choices, code, translation.get_language())
    found = _CODE_LABELS.get(key)
    if found is None:
        found = _CODE_LABELS[key] = zh(choices(code).label) if code in choices.values else ""
    return found


class PageRow(SimpleNamespace):
    """A page read as plain values (DocumentType.columns)."""

    def get_url(self):
        return Page.objects.get(pk=self.pk).get_url()


class DocumentType:
    name = ""
    model = None
    label = ""
    # The page fields ``build`` reads, when it reads nothing else: the pages
    # are then fetched as plain rows (PageRow), far cheaper than a model
    # instance each when a drain or a rebuild goes through 100,000 of them.
    columns = ()

    def fetch(self, queryset, limit=None):
        """The pages of ``queryset`` (at most ``limit``) for ``build_many``."""
        if self.columns:
            return [PageRow(**row) for row in queryset.values("pk", *self.columns)[:limit]]
        return list(queryset[:limit])

    def queryset(self):
        """The pages that belong in the index: live and publicly visible."""
        return self.model.objects.live().public().order_by("pk")

    def build_many(self, pages):
        """Documents for ``pages`` (specific instances, already filtered)."""
        urls = PageUrls()
        return [self.build(page, urls) for page in pages]

    def build(self, page, urls):
        raise NotImplementedError

    def text_filter(self, terms):
        """Q over this model's own text fields for documents holding any of ``terms``."""
        query = Q()
        for term in terms:
            for name in self.text_fields:
                query |= Q(**{f"{name}__icontains": term})
        return query

    text_fields = ("title",)

    def affected_ids(self, terms):
        """Pages whose document holds any of ``terms`` (vocabulary edits)."""
        if not terms:
            return []
        return list(self.model.objects.filter(self.text_filter(terms)).values_list("pk", flat=True))


REGISTRY = {}


def register(cls):
    instance = cls()
    REGISTRY[instance.name] = instance
    return cls


def document_types():
    return list(REGISTRY.values())


def type_named(name):
    return REGISTRY.get(name)


def type_for_model(model):
    for doc_type in REGISTRY.values():
        if issubclass(model, doc_type.model):
            return doc_type
    return None


def type_for_content_type_ids():
    """{content type id: document type} for the registered page models."""

    return {ContentType.objects.get_for_model(doc_type.model).pk: doc_type for doc_type in REGISTRY.values()}


class IncubatorRef(NamedTuple):
    """What a document needs of its incubator (a model instance per incubator
    and per batch cost more than building the batch's documents)."""

    pk: int
    path: str
    depth: int
    slug: str
    title: str
    district: str


def incubator_lookup():
    """Map a descendant's path to its incubator, in one query."""

    incubators = [
        IncubatorRef(*row)
        for row in IncubatorPage.objects.values_list("pk", "path", "depth", "slug", "title", "district")
    ]
    by_path = {incubator.path: incubator for incubator in incubators}
    depths = sorted({incubator.depth for incubator in incubators})

    def find(page):
        for depth in depths:
            owner = by_path.get(page.path[: depth * Page.steplen])
            if owner is not None:
                return owner
        return None

    return find


class IncubatorChildDocument(DocumentType):
    """A page an incubator publishes (service, event, achievement): its
    document carries the incubator's name and district, so it is built with
    its incubator and re-indexed when a vocabulary term matches them."""

    def build_many(self, pages):
        urls, find = PageUrls(), incubator_lookup()
        return [self.build(page, urls, find(page)) for page in pages]

    def build(self, page, urls, incubator=None):
        raise NotImplementedError

    def affected_ids(self, terms):
        ids = set(super().affected_ids(terms))
        query = Q()
        for term in terms:
            query |= Q(title__icontains=term) | Q(district__icontains=term)
        for incubator in IncubatorPage.objects.filter(query):
            ids.update(self.model.objects.descendant_of(incubator).values_list("pk", flat=True))
        return sorted(ids)


@register
class ServiceDocument(IncubatorChildDocument):
    name = "service"
    label = _("Service")
    text_fields = ("title", "description", "eligibility", "fee_text")
    columns = (
        "slug",
        "title",
        "url_path",
        "path",
        "description",
        "eligibility",
        "category",
        "fee",
        "fee_text",
    )

    @property
    def model(self):
        return ServicePage

    def build(self, page, urls, incubator=None):
        body = "\n".join(part for part in (rich_text(page.description), page.eligibility) if part)
        meta = " ".join(
            part
            for part in (
                zh_code(Category, page.category),
                zh_code(Fee, page.fee),
                page.fee_text,
                incubator.title if incubator else "",
                incubator.district if incubator else "",
            )
            if part
        )
        return SearchDocument(
            type=self.name,
            page_id=page.pk,
            slug=page.slug,
            title=page.title,
            url=urls(page),
            body=body,
            meta=meta,
            category=[page.category] if page.category else [],
            incubator=incubator.slug if incubator else "",
            district=incubator.district if incubator else "",
            fee=page.fee,
            data={"incubator_title": incubator.title if incubator else ""},
        )


@register
class IncubatorDocument(DocumentType):
    name = "incubator"
    label = _("Incubator")
    text_fields = ("title", "summary", "description", "district")

    @property
    def model(self):
        return IncubatorPage

    def queryset(self):
        return super().queryset().prefetch_related("specialties")

    def build(self, page, urls):
        strong = sorted(
            (row for row in page.specialties.all() if row.strength >= HINT_MIN_STRENGTH),
            key=lambda row: -row.strength,
        )
        notes = [row.note for row in page.specialties.all() if row.note]
        meta = " ".join(
            [
                zh(IncubatorKind(page.kind).label) if page.kind in IncubatorKind.values else "",
                page.district,
                *(zh(Category(row.category).label) for row in strong if row.category in Category.values),
            ]
        )
        return SearchDocument(
            type=self.name,
            page_id=page.pk,
            slug=page.slug,
            title=page.title,
            url=urls(page),
            body="\n".join(part for part in (page.summary, rich_text(page.description), *notes) if part),
            meta=meta.strip(),
            category=[row.category for row in strong],
            incubator=page.slug,
            district=page.district,
            data={"kind": page.kind},
        )


@register
class EventDocument(IncubatorChildDocument):
    """Events (events.EventPage): the pattern for any further type — name,
    model, the text fields and one ``build``."""

    name = "event"
    label = _("Event")
    text_fields = ("title", "description", "place", "audience")

    @property
    def model(self):
        return EventPage

    def build(self, page, urls, incubator=None):
        kind = zh(EventKind(page.kind).label) if page.kind in EventKind.values else ""
        return SearchDocument(
            type=self.name,
            page_id=page.pk,
            slug=page.slug,
            title=page.title,
            url=urls(page),
            body="\n".join(part for part in (rich_text(page.description), page.audience) if part),
            meta=" ".join(part for part in (kind, page.place, incubator.title if incubator else "") if part),
            incubator=incubator.slug if incubator else "",
            district=incubator.district if incubator else "",
            data={
                "kind": page.kind,
                "start": page.start.isoformat() if page.start else "",
                "end": page.end.isoformat() if page.end else "",
            },
            ends=page.end or page.start,
        )


@register
class AchievementDocument(IncubatorChildDocument):
    """Published technology achievements (科技成果). Only approved ones are
    live, so the queryset needs no extra rule."""

    name = "achievement"
    label = _("Achievement")
    text_fields = (
        "title",
        "summary",
        "description",
        "field__name_zh",
        "field__name_en",
        "source_institution",
    )

    @property
    def model(self):
        return AchievementPage

    def queryset(self):
        return super().queryset().select_related("field")

    def build(self, page, urls, incubator=None):
        modes = [
            zh(TransferMode(mode).label) for mode in page.transfer_modes or [] if mode in TransferMode.values
        ]
        return SearchDocument(
            type=self.name,
            page_id=page.pk,
            slug=page.slug,
            title=page.title,
            url=urls(page),
            body="\n".join(part for part in (page.summary, rich_text(page.description)) if part),
            meta=" ".join(
                part
                for part in (
                    page.field.names() if page.field else "",
                    page.source_institution,
                    *modes,
                    incubator.title if incubator else "",
                )
                if part
            ),
            incubator=incubator.slug if incubator else "",
            district=incubator.district if incubator else "",
            # The field's Chinese name: the index is the same in every language.
            data={"field": page.field.name_zh if page.field else "", "maturity": page.maturity},
        )
