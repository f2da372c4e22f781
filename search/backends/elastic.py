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
"""

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


class ElasticsearchBackend(Backend):
    name = "elasticsearch"

    def __init__(self, url=None, index_name=None):
        self.url = url or settings.ELASTICSEARCH_URL
        self.index_name = index_name or settings.SEARCH_ELASTICSEARCH_INDEX
        self._client = None
        self._ready = False
        self.breaker = CircuitBreaker("elasticsearch")

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
        if not self._ready:
            index = self.index()
            if not index.exists():
                index.create()
            self._ready = True

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
            self._ensure_index()
            _ok, errors = helpers.bulk(
                self.client.options(request_timeout=settings.SEARCH_INDEX_TIMEOUT),
                self.actions(documents, delete_keys, analyzer),
                raise_on_error=False,
                refresh="wait_for",
            )
        except (TransportError, ApiError) as error:
            raise BackendUnavailable(str(error)) from error
        real = [e for e in errors if not (e.get("delete", {}).get("status") == 404)]
        if real:
            raise BackendUnavailable(f"{len(real)} bulk errors, first: {real[0]}")

    def clear(self):
        try:
            self.client  # noqa: B018
            index = self.index()
            index.delete(ignore_unavailable=True)
            index.create()
            self._ready = True
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
            if getattr(error, "status_code", None) == 404 or getattr(error, "status", None) == 404:
                return SearchResult.empty()
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
