"""The Elasticsearch backend, through ``elasticsearch.dsl``.

The DSL that used to be the separate ``elasticsearch-dsl`` package now ships
inside the official client (``elasticsearch`` ≥ 8.18) as
``elasticsearch.dsl``; the standalone package is a deprecated shim pinned to
client 8, so this module imports only from the client.

Analysis stays in Python: documents are sent as the analyzer's atom strings
and the index's own analyzer (``atoms``: whitespace tokenizer + lowercase)
only splits them. That gives the same segmentation, project dictionary and
boundary behaviour as the embedded backend — ES's smartcn/IK plugins would
each split differently — and synonyms are expanded into the query body, so an
admin edit applies to the next query without reloading search analyzers or
closing the index. The price is that ES cannot re-analyse on its own: a
vocabulary change re-indexes the affected documents through the queue.

The tiers of search.query become one bool query: ``must`` holds the last
tier (every match), and each earlier tier adds a constant score far above
what BM25 gives, so tier order comes first and relevance orders within a
tier; an even larger constant goes to everything that is not an ended event
(``ends_at`` before the request's moment), which puts those last.

Indexes are versioned behind an alias (SEARCH_ELASTICSEARCH_INDEX, say
``rongcheng-search`` → ``rongcheng-search-v20261201T201500123456``): searches
and queue drains go through the alias; ``search_reindex`` builds a new
versioned index (marked by the ``…-building`` alias), and only when it is
complete swaps the alias to it in one ``_aliases`` call and deletes the old
ones. Searches keep answering from the old index meanwhile; queue drains
wait (the rows stay queued) and are applied to the new index right after
the swap, so no change made during the rebuild is lost or overwritten.
"""

from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch.dsl import (
    Date,
    Document,
    FacetedSearch,
    Index,
    Keyword,
    Long,
    Object,
    Q,
    Search,
    TermsFacet,
    Text,
    analyzer,
    connections,
)

from search.backends import (
    FIELD_WEIGHTS,
    MARK_END,
    MARK_START,
    Backend,
    BackendUnavailable,
    Hit,
    SearchResult,
    indexed_fields,
)
from search.backends.circuit import CircuitBreaker
from search.documents import FACETS
from search.query import All, AnyOf, InCategory, OfType, Phrase, hints, tiers

ALIAS = "search"
ATOMS = analyzer("atoms", tokenizer="whitespace", filter=["lowercase"])
SEARCH_FIELDS = [f"{name}_terms^{weight:g}" for name, weight in FIELD_WEIGHTS.items()]
# Constant scores per tier and for "not an ended event": BM25 over four short
# fields stays far below TIER_BOOST.
TIER_BOOST = 1000.0
CURRENT_BOOST = 1_000_000.0
FACET_SIZES = {"type": 10, "category": 20, "incubator": 500, "district": 100, "fee": 10}


class IndexedPage(Document):
    """One indexed page: facet keywords, display data (not searched) and the
    three atom fields that are."""

    key = Keyword()
    type = Keyword()
    page_id = Long()
    slug = Keyword(index=False)
    title = Keyword(index=False)
    url = Keyword(index=False)
    body = Text(index=False)
    category = Keyword()
    incubator = Keyword()
    district = Keyword()
    fee = Keyword()
    data = Object(enabled=False)
    digest = Keyword(index=False)
    ends_at = Date()
    title_terms = Text(analyzer=ATOMS)
    body_terms = Text(analyzer=ATOMS)
    meta_terms = Text(analyzer=ATOMS)
    syn_terms = Text(analyzer=ATOMS)


def make_index(name):
    index = Index(name, using=ALIAS)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.analyzer(ATOMS)
    index.mapping(IndexedPage._doc_type.mapping)
    return index


def phrase_query(atoms):
    return Q("multi_match", query=" ".join(atoms), type="phrase", fields=SEARCH_FIELDS)


def node_query(node):
    """A search.query node as an Elasticsearch query."""
    if isinstance(node, Phrase):
        return phrase_query(node.atoms)
    if isinstance(node, InCategory):
        return Q("terms", category=list(node.codes))
    if isinstance(node, OfType):
        return Q("terms", type=list(node.types))
    parts = [node_query(part) for part in node.parts]
    if isinstance(node, All):
        return Q("bool", must=parts)
    if isinstance(node, AnyOf):
        return Q("bool", should=parts, minimum_should_match=1)
    raise TypeError(node)


def plan_query(plan, now):
    """The query body for a QueryPlan at moment ``now``: the last tier must
    match; earlier tiers and "not ended" add constant scores, the query's
    words (search.query.hints) their relevance."""
    levels = tiers(plan)
    should = [Q("constant_score", filter=node_query(level), boost=TIER_BOOST) for level in levels[:-1]]
    hint = hints(plan)
    if hint is not None:
        should.append(node_query(hint))
    ended = Q("range", ends_at={"lt": now.isoformat()})
    should.append(Q("constant_score", filter=Q("bool", must_not=[ended]), boost=CURRENT_BOOST))
    return Q("bool", must=[node_query(levels[-1])], should=should)


class PageSearch(FacetedSearch):
    """Facets as ``TermsFacet`` on the keyword fields; FacetedSearch filters
    the hits with a post_filter and each facet's counts with every other
    filter, the contract of search.backends."""

    fields = SEARCH_FIELDS
    facets = {name: TermsFacet(field=name, size=FACET_SIZES[name]) for name in FACETS}
    using = ALIAS

    def __init__(self, plan, filters, index_name, now):
        self.plan = plan
        self.now = now
        self.index = index_name
        super().__init__(query=None if plan.is_empty else plan, filters=filters)
        if plan.is_empty:
            self._s = self._s.sort("-type", "title")

    def search(self):
        return super().search().extra(track_total_hits=True).source(excludes=["*_terms"])

    def query(self, search, query):
        return search.query(plan_query(query, self.now))

    def highlight(self, search):
        return search.highlight(
            "title_terms",
            "body_terms",
            number_of_fragments=0,
            pre_tags=[MARK_START],
            post_tags=[MARK_END],
        )


def version_name(alias):
    return f"{alias}-v{datetime.now(UTC):%Y%m%dT%H%M%S%f}"


class ElasticsearchBackend(Backend):
    name = "elasticsearch"

    def __init__(self, url=None, index_name=None):
        self.url = url or settings.ELASTICSEARCH_URL
        # The alias every read and write goes through (a rebuild's writer
        # gets the new concrete index's name instead).
        self.index_name = index_name or settings.SEARCH_ELASTICSEARCH_INDEX
        self._client = None
        self._ready = False
        self.breaker = CircuitBreaker("elasticsearch")
        self.refresh = "wait_for"
        self.rebuild_writer = False

    @property
    def building_alias(self):
        return f"{self.index_name}-building"

    @property
    def client(self):
        if self._client is None:
            # Short and never retried: a search must answer (or fail) within
            # SEARCH_TIMEOUT; indexing, in the worker, gets SEARCH_INDEX_TIMEOUT.
            self._client = Elasticsearch(
                self.url, request_timeout=settings.SEARCH_TIMEOUT, max_retries=0, retry_on_timeout=False
            )
            connections.add_connection(ALIAS, self._client)
        return self._client

    def index(self):
        return make_index(self.index_name)

    def _ensure_index(self):
        """The first write ever: a versioned index behind the alias."""
        if not self._ready:
            if not self.client.indices.exists(index=self.index_name):
                index = make_index(version_name(self.index_name))
                index.aliases(**{self.index_name: {}})
                index.create()
            self._ready = True

    def ensure_schema(self):
        try:
            if self.client.indices.exists(index=self.index_name):
                return []
            self._ready = False
            self._ensure_index()
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)) from error
        return [self.index_name]

    def _behind(self, alias):
        """The concrete indexes ``alias`` points to."""
        if not self.client.indices.exists_alias(name=alias):
            return []
        return sorted(self.client.indices.get_alias(name=alias))

    def _versions(self):
        """Every versioned index of this alias, whatever points to it."""
        return sorted(self.client.indices.get(index=f"{self.index_name}-v*", expand_wildcards="open,closed"))

    @contextmanager
    def rebuilding(self):
        """Build a new versioned index, then swap the alias to it (see the
        module's docstring). A failed rebuild deletes its half-built index and
        leaves the live one untouched."""
        try:
            for stale in self._behind(self.building_alias):  # left by a rebuild that died
                self.client.indices.delete(index=stale, ignore_unavailable=True)
            name = version_name(self.index_name)
            index = make_index(name)
            index.settings(refresh_interval="-1")
            index.aliases(**{self.building_alias: {}})
            index.create()
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)) from error
        writer = ElasticsearchBackend(url=self.url, index_name=name)
        writer._client, writer._ready, writer.refresh, writer.rebuild_writer = self.client, True, False, True
        try:
            yield writer
            self._swap(name)
        except BaseException:
            try:
                self.client.indices.delete(index=name, ignore_unavailable=True)
            except (TransportError, ApiError):
                pass
            raise

    def _swap(self, name):
        try:
            indices = self.client.indices
            indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
            indices.refresh(index=name)
            actions = [{"remove": {"index": name, "alias": self.building_alias}}]
            old = self._behind(self.index_name)
            if not old and indices.exists(index=self.index_name):
                # A concrete index under the alias's name (before versioning):
                # removed in the same atomic call that creates the alias.
                actions.append({"remove_index": {"index": self.index_name}})
            actions += [{"remove": {"index": index, "alias": self.index_name}} for index in old]
            actions.append({"add": {"index": name, "alias": self.index_name}})
            indices.update_aliases(actions=actions)
            self._ready = True
            for index in self._versions():
                if index != name:
                    indices.delete(index=index, ignore_unavailable=True)
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)) from error

    def drop(self):
        """Delete the alias's indexes (tests' clean-up)."""
        for index in {*self._behind(self.index_name), *self._versions()}:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        self._ready = False

    # --- writing ------------------------------------------------------------

    def actions(self, documents, delete_keys, analyzer):
        for key in delete_keys:
            yield {"_op_type": "delete", "_index": self.index_name, "_id": key}
        for document in documents:
            terms = indexed_fields(document, analyzer)
            page = IndexedPage(
                meta={"id": document.key, "index": self.index_name},
                key=document.key,
                type=document.type,
                page_id=document.page_id,
                slug=document.slug,
                title=document.title,
                url=document.url,
                body=document.body,
                category=list(document.category),
                incubator=document.incubator,
                district=document.district,
                fee=document.fee,
                data=document.data,
                digest=document.digest(),
                ends_at=document.ends,
                title_terms=terms["title"],
                body_terms=terms["body"],
                meta_terms=terms["meta"],
                syn_terms=terms["syn"],
            )
            yield page.to_dict(include_meta=True, skip_empty=False)

    def apply(self, documents, delete_keys, analyzer):
        try:
            self.client  # noqa: B018  (connect)
            if not self.rebuild_writer and self.client.indices.exists_alias(name=self.building_alias):
                raise BackendUnavailable("a rebuild is in progress; the changes stay queued until it ends")
            self._ensure_index()
            _ok, errors = helpers.bulk(
                self.client.options(request_timeout=settings.SEARCH_INDEX_TIMEOUT),
                self.actions(documents, delete_keys, analyzer),
                raise_on_error=False,
                refresh=self.refresh,
            )
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)) from error
        real = [e for e in errors if not (e.get("delete", {}).get("status") == 404)]
        if real:
            raise BackendUnavailable(f"{len(real)} bulk errors, first: {real[0]}")

    def clear(self):
        """An empty index behind the alias, at once (``search_reindex`` does
        not use this: it builds beside the live index)."""
        try:
            self.client  # noqa: B018
            self.drop()
            self._ensure_index()
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)) from error

    # --- reading ------------------------------------------------------------

    def faceted(self, request):
        search = PageSearch(request.plan, request.filters, self.index_name, request.moment())
        return search[request.offset : request.offset + request.limit]

    def search(self, request, analyzer):
        if self.breaker.is_open():
            raise BackendUnavailable("Elasticsearch failed repeatedly; not tried for a while")
        try:
            self.client  # noqa: B018
            response = self.faceted(request).execute()
        except (TransportError, ApiError) as error:
            # A 404 too: a missing index or a wrong URL behind a proxy is an
            # outage to report (503), not an empty answer.
            self.breaker.failed()
            raise BackendUnavailable(str(error)) from error
        self.breaker.succeeded()
        facets = {
            name: {value: count for value, count, _selected in getattr(response.facets, name)}
            for name in FACETS
        }
        hits = []
        for hit in response:
            highlight = getattr(hit.meta, "highlight", None)
            marked = {}
            if highlight is not None:
                for field in ("title", "body"):
                    fragments = getattr(highlight, f"{field}_terms", None)
                    if fragments:
                        marked[field] = fragments[0]
            category = hit.category
            hits.append(
                Hit(
                    key=hit.key,
                    type=hit.type,
                    page_id=hit.page_id,
                    slug=hit.slug,
                    title=hit.title,
                    url=hit.url,
                    body=getattr(hit, "body", ""),
                    category=list(category) if category else [],
                    incubator=getattr(hit, "incubator", ""),
                    district=getattr(hit, "district", ""),
                    fee=getattr(hit, "fee", ""),
                    data=hit.data.to_dict() if getattr(hit, "data", None) else {},
                    marked=marked,
                )
            )
        return SearchResult(total=response.hits.total.value, hits=hits, facets=facets)

    def ping(self):
        if self.breaker.is_open():
            return False
        try:
            return bool(self.client.options(request_timeout=1).ping())
        except (TransportError, ApiError):
            return False

    def digests(self):
        try:
            self.client  # noqa: B018
            search = Search(using=ALIAS, index=self.index_name).source(["key", "digest"])
            return {hit.key: hit.digest for hit in search.scan()}
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)) from error

    def stats(self):
        try:
            self.client  # noqa: B018
            stats = self.client.indices.stats(index=self.index_name)
            primaries = stats["_all"]["primaries"]
            return {"documents": primaries["docs"]["count"], "bytes": primaries["store"]["size_in_bytes"]}
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)) from error
