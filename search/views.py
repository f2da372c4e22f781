"""The public search page (the JSON API is ``api.v1.search``)."""

from datetime import datetime
from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page

from core.taxonomy import Category
from incubators.models import IncubatorPage
from search import analytics
from search.engine import FACET_LABELS, empty_help, run_search
from search.forms import FILTER_NAMES, params_from, type_choices
from services.hints import strongest_incubators
from services.taxonomy import Fee


def request_url(result):
    """Where "request this service" goes: the referral form when the referral
    feature is installed, else the service page."""
    try:
        return reverse("referral_request", args=[result["page_id"]])
    except NoReverseMatch:
        return result["url"]


def _query_string(params, **changes):
    values = {"q": params.q, **params.filters}
    values.update(changes)
    return "?" + urlencode({key: value for key, value in values.items() if value not in (None, "")})


def _incubators_by_slug(slugs):
    if not slugs:
        return {}
    pages = IncubatorPage.objects.live().filter(slug__in=slugs).prefetch_related("specialties")
    return {page.slug: page for page in pages}


def _labels():
    return {
        "type": dict(type_choices()),
        "category": dict(Category.choices),
        "fee": dict(Fee.choices),
    }


def facet_groups(outcome, incubators):
    """Each facet as links that toggle its value, with counts."""
    labels = _labels()
    params = outcome.params
    groups = []
    for name in FILTER_NAMES:
        counts = outcome.facets.get(name, {})
        selected = params.filters.get(name)
        options = []
        for value, count in counts.items():
            if name == "incubator":
                label = incubators[value].title if value in incubators else value
            else:
                label = labels.get(name, {}).get(value, value)
            options.append(
                {
                    "value": value,
                    "label": label,
                    "count": count,
                    "selected": value == selected,
                    "url": _query_string(
                        params, **{name: None if value == selected else value, "page": None}
                    ),
                }
            )
        if options:
            groups.append(
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "options": options,
                    "selected": selected,
                    "clear_url": _query_string(params, **{name: None, "page": None}),
                }
            )
    return groups


def search_page(request):
    params, _errors = params_from(request.GET, strict=False)
    outcome = run_search(params)
    slugs = {result["incubator"] for result in outcome.results if result["incubator"]}
    slugs |= set(outcome.facets.get("incubator", {}))
    incubators = _incubators_by_slug(slugs)
    labels = _labels()
    token = None
    if params.q.strip() and not outcome.unavailable:
        token = analytics.record_search(params.q, params.filters, outcome.count, params.page)
    for position, result in enumerate(outcome.results, start=(params.page - 1) * params.page_size + 1):
        if token is not None:
            result["open_url"] = reverse("search_open", args=[token, position, result["page_id"]])
        incubator = incubators.get(result["incubator"])
        result["incubator_page"] = incubator
        result["type_label"] = labels["type"].get(result["type"], result["type"])
        if result["type"] == "event" and result["data"].get("start"):
            result["start"] = datetime.fromisoformat(result["data"]["start"])
        if result["type"] == "service":
            result["category_label"] = labels["category"].get(result["category"], "")
            result["fee_label"] = labels["fee"].get(result["fee"], "")
            result["strength"] = incubator.strength_in(result["category"]) if incubator else 0
            result["request_url"] = request_url(result)
    help_ = {}
    hints = []
    if params.q and (outcome.count == 0 or outcome.partial) and not outcome.unavailable:
        help_ = empty_help(params.q)
        help_["suggestions"] = [
            {"term": term, "url": _query_string(params, q=term, page=None)} for term in help_["suggestions"]
        ]
        help_["categories"] = [
            {
                "code": code,
                "label": labels["category"][code],
                "url": _query_string(params, q=None, category=code),
            }
            for code in help_["categories"]
        ]
        if help_["categories"]:
            hints = strongest_incubators(help_["categories"][0]["code"])
    category = params.filters.get("category")
    if category and not hints:
        hints = strongest_incubators(category)
    pages = []
    if outcome.pages > 1:
        for number in range(max(1, params.page - 3), min(outcome.pages, params.page + 3) + 1):
            pages.append(
                {
                    "number": number,
                    "url": _query_string(params, page=number),
                    "current": number == params.page,
                }
            )
    context = {
        "params": params,
        "outcome": outcome,
        "results": outcome.results,
        "facet_groups": facet_groups(outcome, incubators),
        "empty_help": help_,
        "hints": hints,
        "hint_category": labels["category"].get(category)
        if category
        else (help_["categories"][0]["label"] if help_.get("categories") else ""),
        "pages": pages,
        "previous_url": _query_string(params, page=params.page - 1) if params.page > 1 else None,
        "next_url": _query_string(params, page=params.page + 1) if params.page < outcome.pages else None,
        "filters_active": bool(params.filters),
        "clear_all_url": _query_string(params, **{name: None for name in FILTER_NAMES}, page=None),
    }
    # 503 with the page's own notice when the backend cannot be reached.
    return render(request, "search/search_page.html", context, status=503 if outcome.unavailable else 200)


def search_open(request, token, position, page_id):
    """A result opened from the search page: noted for the bureau's report
    (search.analytics), then on to the page. Only live, public pages are
    reachable, so the link cannot be turned into an open redirect."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    incubator_id = (
        IncubatorPage.objects.ancestor_of(page, inclusive=True).values_list("pk", flat=True).first()
    )
    analytics.record_open(token, page.pk, position, incubator_id)
    return HttpResponseRedirect(page.get_url(request) or "/")
