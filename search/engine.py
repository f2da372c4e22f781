"""Searching, as the page, the API, the benchmark and the tests call it.

``run_search(params)`` reads the query with the current analyzer, asks the
configured backend, falls back to "any word" when "every word" found
nothing, and returns results in the API's shape (docs/interfaces.md, ``GET
/api/v1/search/``) plus what the page needs for help on empty results.
"""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.taxonomy import Category
from search import analyzer as analyzers
from search.backends import BackendUnavailable, SearchRequest, SearchResult, get_backend
from search.highlight import highlight, snippet

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
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
            "results": [
                {
                    key: result[key]
                    for key in ("type", "slug", "title", "url", "incubator", "category", "snippet")
                }
                for result in self.results
            ],
            "facets": self.facets,
        }


def run_search(params, backend=None):
    analyzer = analyzers.current()
    backend = backend or get_backend()
    plan = analyzer.parse(params.q)
    plan.mode = "all"
    if params.q.strip() and plan.is_empty:
        # Only punctuation, emoji or stopwords: nothing can match.
        return SearchOutcome(params, 0, [], SearchResult.empty().facets, plan)
    request = SearchRequest(
        plan=plan,
        filters=dict(params.filters),
        offset=(params.page - 1) * params.page_size,
        limit=params.page_size,
    )
    partial = False
    try:
        result = backend.search(request, analyzer)
        if result.total == 0 and len(plan.clauses) > 1:
            plan.mode = "any"
            result = backend.search(request, analyzer)
            partial = result.total > 0
    except BackendUnavailable as error:
        logger.warning("search backend unavailable: %s", error)
        return SearchOutcome(params, 0, [], SearchResult.empty().facets, plan, unavailable=True)
    results = [present(hit, analyzer, plan) for hit in result.hits]
    return SearchOutcome(params, result.total, results, result.facets, plan, partial=partial)


def present(hit, analyzer, plan):
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
    }


def empty_help(q, limit=4):
    """For a search that found nothing: vocabulary terms that look like the
    query, and the categories its words point to (from the shipped keyword
    lists; every category when none does)."""

    analyzer = analyzers.current()
    suggestions = analyzer.suggestions(q, limit=limit)
    folded = analyzers.normalize_term(q)
    pairs = {folded[i : i + 2] for i in range(len(folded) - 1)} or {folded}
    scores = []
    for code, words in analyzers.category_keywords().items():
        if code not in Category.values:
            continue
        score = sum(1 for word in words if word in folded or any(pair in word for pair in pairs))
        if score:
            scores.append((-score, code))
    categories = [code for _score, code in sorted(scores)] or list(Category.values)
    return {"suggestions": suggestions, "categories": categories}


FACET_LABELS = {
    "type": _("Type"),
    "category": _("Category"),
    "incubator": _("Incubator"),
    "district": _("District"),
    "fee": _("Fee"),
}
