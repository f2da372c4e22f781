"""The backend interface: small on purpose.

A backend stores documents as the analyzer's atom sequences (four weighted
text fields: title, body, meta and syn — the index-time synonyms, see
``indexed_fields``) plus facet values and the moment an event ends, and
answers a ``SearchRequest`` with ranked hits, a total, facet counts and the
matched tokens of each hit (marked with MARK_START/MARK_END in the field's
atom string). Everything Chinese — segmentation, synonyms, snippets — happens
outside, in one place, so every backend behaves the same: the embedded one
(SQLite FTS5), PostgreSQL full text (the same atom strings in a ``tsvector``)
and Elasticsearch.

What matches and in which order is decided outside too: ``search.query.tiers``
turns the request's plan into nested tiers of Phrase / InCategory / OfType
/ All / AnyOf nodes. A backend must

* match exactly the documents of the last tier (``tiers(plan)[-1]``);
* rank every document of an earlier tier above those only in a later one,
  using its own relevance (BM25, title first) within a tier;
* rank events that ended before ``request.now`` (``ends`` of the document,
  stored at indexing) after every other match, whatever their tier;
* leave the choice of mode to the engine: ``plan.mode`` is "all" or
  "relaxed" (search.engine retries relaxed when "all" found nothing).

Facet counts follow Elasticsearch's FacetedSearch: a facet's counts apply
every *other* filter, so a chosen category still shows its alternatives;
the total applies them all.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string

from search.documents import FACETS

MARK_START, MARK_END = "\x01", "\x02"
FIELD_WEIGHTS = {"title": 5.0, "body": 1.0, "meta": 0.5, "syn": 0.5}
TEXT_FIELDS = tuple(FIELD_WEIGHTS)


class BackendUnavailable(Exception):
    """The backend cannot be reached; queued changes stay queued."""


@dataclass
class SearchRequest:
    """``now``: the moment that decides which events have ended (aware
    datetime; None: the backend takes the current time)."""

    plan: object  # search.analyzer.QueryPlan
    filters: dict = field(default_factory=dict)
    offset: int = 0
    limit: int = 10
    now: datetime | None = None

    def moment(self):
        return self.now or timezone.now()


@dataclass
class Hit:
    key: str
    type: str
    page_id: int
    slug: str
    title: str
    url: str
    body: str
    category: list
    incubator: str
    district: str
    fee: str
    data: dict
    marked: dict = field(default_factory=dict)  # field name -> marked atom string


@dataclass
class SearchResult:
    total: int
    hits: list
    facets: dict

    @classmethod
    def empty(cls):
        return cls(total=0, hits=[], facets={name: {} for name in FACETS})


def indexed_fields(document, analyzer):
    """The atom strings a backend stores for ``document``: title, body and
    meta, and ``syn``, the synonym terms those hold (a text saying 代账 is
    found by 记账 and 代理记账; search.analyzer.Analyzer.synonym_text)."""
    fields = {
        "title": analyzer.index_text(document.title),
        "body": analyzer.index_text(document.body),
        "meta": analyzer.index_text(document.meta),
    }
    fields["syn"] = analyzer.synonym_text(fields["title"], fields["body"], fields["meta"])
    return fields


def mark_phrases(terms, phrases):
    """``terms`` (an atom string) with every occurrence of one of ``phrases``
    marked atom by atom, as FTS5's highlight() marks it: for backends that
    find documents but do not say where they matched."""
    atoms = terms.split()
    marked = [False] * len(atoms)
    for phrase in phrases:
        n = len(phrase)
        if not n:
            continue
        for i in range(len(atoms) - n + 1):
            if tuple(atoms[i : i + n]) == tuple(phrase):
                marked[i : i + n] = [True] * n
    pairs = zip(atoms, marked, strict=True)
    return " ".join(f"{MARK_START}{atom}{MARK_END}" if hit else atom for atom, hit in pairs)


def disjunctive_counts(rows, filters):
    """Facet counts from (facet values dict, count) rows: each facet counts
    the rows passing every filter but its own; the total passes them all.
    (Inlined loops: a broad query has a row per facet-value combination,
    several hundred at 150,000 documents.)"""
    facets = {name: {} for name in FACETS}
    buckets = list(facets.items())
    checks = list(filters.items())
    total = 0
    for values, count in rows:
        failed = [name for name, value in checks if value not in values[name]] if checks else ()
        if not failed:
            total += count
            for name, bucket in buckets:
                for value in values[name]:
                    bucket[value] = bucket.get(value, 0) + count
        elif len(failed) == 1:
            bucket = facets[failed[0]]
            for value in values[failed[0]]:
                bucket[value] = bucket.get(value, 0) + count
    return total, ordered_facets(facets)


def ordered_facets(facets):
    """Each facet's values, most documents first (then by value)."""
    return {
        name: dict(sorted(bucket.items(), key=lambda item: (-item[1], item[0])))
        for name, bucket in facets.items()
    }


class Backend:
    name = ""

    def search(self, request, analyzer):
        raise NotImplementedError

    def apply(self, documents, delete_keys, analyzer):
        """Upsert ``documents`` and remove ``delete_keys``; raise
        BackendUnavailable when nothing could be written."""
        raise NotImplementedError

    def clear(self):
        raise NotImplementedError

    def digests(self):
        """{key: digest} of everything indexed (for search_check)."""
        raise NotImplementedError

    def stats(self):
        return {}

    def ensure_schema(self):
        """Create what the index needs and is missing (tables dropped, a
        fresh database); returns the names of what was created."""
        return []

    def ping(self):
        """Can searches be answered now? Cheap: /healthz asks every few seconds."""
        return True

    @contextmanager
    def atomic(self):
        """Group the backend's writes with the queue's row deletion when the
        backend shares the main database's transaction."""
        yield

    @contextmanager
    def rebuilding(self):
        """Where a full rebuild writes (search.indexing.reindex). Here: this
        backend, cleared and refilled in one transaction, so searches see the
        old index until the new one commits. Elasticsearch builds a new index
        and swaps an alias instead."""
        self.ensure_schema()
        with self.atomic():
            self.clear()
            yield self
            self.optimize()

    def optimize(self):
        """Compact after a rebuild, where the backend has something to do."""

    shares_main_transaction = False


_backend = None


def backend_path():
    """SEARCH_BACKEND when set; else Elasticsearch when ELASTICSEARCH_URL is
    set; else PostgreSQL full text when the main database is PostgreSQL (one
    index every app server shares); else the embedded SQLite index."""
    configured = getattr(settings, "SEARCH_BACKEND", "")
    if configured:
        return configured
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        return "search.backends.elastic.ElasticsearchBackend"
    if connections["default"].vendor == "postgresql":
        return "search.backends.postgres.PostgresBackend"
    return "search.backends.embedded.EmbeddedBackend"


def get_backend():
    global _backend
    path = backend_path()
    if _backend is None or _backend.path != path:
        backend = import_string(path)()
        backend.path = path
        _backend = backend
    return _backend


def reset_backend():
    global _backend
    _backend = None
