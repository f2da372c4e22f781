"""Searching, as the page, the API, the benchmark and the tests call it.

``run_search(params)`` reads the query with the current analyzer, asks the
configured backend, relaxes the query when no document satisfies every
clause (those satisfying most come first, and ``partial`` says so), and
returns results in the API's shape (docs/interfaces.md, ``GET
/api/v1/search/``: event results also carry ``start`` and ``ended``) plus
what the page needs for help on empty results.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.taxonomy import Category
from search import analyzer as analyzers
from search.backends import BackendUnavailable, SearchRequest, SearchResult, get_backend
from search.highlight import highlight, snippet

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
API_RESULT_KEYS = ("type", "slug", "title", "url", "incubator", "category", "snippet")
MAX_PAGE = 500


@dataclass
class SearchParams:
    q: str = ""
    filters: dict = field(default_factory=dict)
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass
class SearchOutcome:
    params: SearchParams
    count: int
    results: list
    facets: dict
    plan: object
    partial: bool = False
    unavailable: bool = False

    @property
    def pages(self):
        return max(1, -(-self.count // self.params.page_size))

    def as_api(self):
        return {
            "count": self.count,
            "page": self.params.page,
            "results": [api_result(result) for result in self.results],
            "facets": self.facets,
        }


def api_result(result):
    out = {key: result[key] for key in API_RESULT_KEYS}
    if result["type"] == "event":
        out["start"] = result["data"].get("start") or None
        out["ended"] = result["ended"]
    return out


def run_search(params, backend=None, now=None):
    analyzer = analyzers.current()
    backend = backend or get_backend()
    now = now or timezone.now()
    plan = analyzer.parse(params.q)
    plan.mode = "all"
    if params.q.strip() and plan.is_empty:
        # Only punctuation, emoji or filler words: nothing can match.
        return SearchOutcome(params, 0, [], SearchResult.empty().facets, plan)
    request = SearchRequest(
        plan=plan,
        filters=dict(params.filters),
        offset=(params.page - 1) * params.page_size,
        limit=params.page_size,
        now=now,
    )
    partial = False
    try:
        result = backend.search(request, analyzer)
        if result.total == 0 and len(plan.required) > 1:
            plan.mode = "relaxed"
            result = backend.search(request, analyzer)
            partial = result.total > 0
    except BackendUnavailable as error:
        logger.warning("search backend unavailable: %s", error)
        return SearchOutcome(params, 0, [], SearchResult.empty().facets, plan, unavailable=True)
    results = [present(hit, analyzer, plan, now) for hit in result.hits]
    return SearchOutcome(params, result.total, results, result.facets, plan, partial=partial)


def has_ended(data, now):
    """An event is over once its end (else its start) has passed."""
    moment = data.get("end") or data.get("start")
    if not moment:
        return False
    try:
        return datetime.fromisoformat(moment) < now
    except (TypeError, ValueError):
        return False


def present(hit, analyzer, plan, now=None):
    phrases = plan.phrases
    return {
        "type": hit.type,
        "slug": hit.slug,
        "title": hit.title,
        "url": hit.url,
        "incubator": hit.incubator or None,
        "category": hit.category[0] if hit.type != "incubator" and hit.category else None,
        "snippet": str(snippet(hit.body, analyzer, hit.marked.get("body"), phrases)),
        "title_html": highlight(hit.title, analyzer, hit.marked.get("title"), phrases),
        "page_id": hit.page_id,
        "categories": hit.category,
        "district": hit.district,
        "fee": hit.fee,
        "data": hit.data,
        "ended": hit.type == "event" and has_ended(hit.data, now or timezone.now()),
    }


def empty_help(q, limit=4):
    """For a search that found nothing: vocabulary terms that look like the
    query, and the categories its intent words point to (none when it has
    no intent word: a category suggested at random helps nobody)."""

    analyzer = analyzers.current()
    suggestions = analyzer.suggestions(q, limit=limit)
    categories = [code for code in analyzer.parse(q).categories if code in Category.values]
    return {"suggestions": suggestions, "categories": categories}


FACET_LABELS = {
    "type": _("Type"),
    "category": _("Category"),
    "incubator": _("Incubator"),
    "district": _("District"),
    "fee": _("Fee"),
}
