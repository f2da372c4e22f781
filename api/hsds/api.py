"""``/api/hsds/``: the directory as Open Referral HSDS 3.0 (read-only).

The endpoints, parameters and Page envelope of HSDS's own OpenAPI
description; every answer is checked against HSDS's JSON schemas in the
tests (``tests/api/test_hsds_api.py``). Only public records (``api.records``).
"""

import re
import uuid
from datetime import UTC, datetime

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status, Swagger
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from api import records
from api.errors import ErrorOut, install_handlers
from api.hsds import mapping
from api.schemas import NO_NUL
from api.v1 import OpenDataAPI, UnicodeJSONRenderer
from core.errors import ErrorCode, error_body
from search.engine import SearchParams, run_search

PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
SEARCH_LIMIT = 2000
# ISO 8601 / RFC 3339 date and time; without an offset it is local time.
ISO_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?")

api = OpenDataAPI(
    title="荣成市孵化器服务网络 · Open Referral HSDS 3.0",
    version=mapping.HSDS_VERSION,
    description="The network's public directory in the Human Services Data Specification 3.0.",
    urls_namespace="hsds",
    docs=Swagger(),
    docs_url="/docs/",
    openapi_url="/openapi.json",
    renderer=UnicodeJSONRenderer(),
)
install_handlers(api)


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(PER_PAGE_DEFAULT, ge=1, le=PER_PAGE_MAX)


class ServiceQuery(PageQuery):
    search: str = Field("", max_length=200, pattern=NO_NUL)
    taxonomy_term_id: str | None = Field(None, pattern=NO_NUL)
    taxonomy_id: str | None = Field(None, pattern=NO_NUL)
    organization_id: str | None = Field(None, pattern=NO_NUL)
    modified_after: datetime | None = None

    @field_validator("modified_after", mode="before")
    @classmethod
    def iso_date_time(cls, value):
        """Only an ISO date and time, as the description says (``format:
        date-time``): pydantic alone also reads ``0.5`` as a Unix timestamp."""
        if value is None or isinstance(value, datetime):
            return value
        if not isinstance(value, str) or not ISO_DATE_TIME.fullmatch(value):
            raise PydanticCustomError("datetime_parsing", "Input should be an ISO 8601 date and time")
        return value

    @field_validator("modified_after")
    @classmethod
    def in_utc(cls, value):
        """Aware and in UTC. ISO 8601 allows offsets up to ±23:59, PostgreSQL
        only up to ±15:59 (``-19:09`` was a 500 there). A moment that leaves
        datetime's range once in UTC (year 1 east of Greenwich, year 9999
        west) is every record or none, so it is clamped to that range."""
        if value is None:
            return value
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        try:
            return value.astimezone(UTC)
        except OverflowError:
            return (datetime.min if value.year == datetime.min.year else datetime.max).replace(tzinfo=UTC)


class OrganizationQuery(PageQuery):
    search: str = Field("", max_length=200, pattern=NO_NUL)


def envelope(items, query, present):
    """HSDS's Page: total_items, total_pages, page_number, size, first_page,
    last_page, empty, contents."""
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    pages = max(1, -(-total // query.per_page))
    start = (query.page - 1) * query.per_page
    contents = [present(item) for item in items[start : start + query.per_page]] if start < total else []
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": query.page,
        "size": len(contents),
        "first_page": query.page == 1,
        "last_page": query.page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


class Directory:
    """The public incubators once, and their public services."""

    def __init__(self):
        self.by_path = records.incubators_by_path()

    def owner(self, page):
        return self.by_path[records.parent_path(page)]

    def services(self):
        queryset = records.public_services().prefetch_related("opening_hours")
        return records.children_of(queryset, self.by_path)


@api.get("/", response=dict, url_name="root", summary="HSDS version, profile and this API's description")
def root(request):
    return {
        "version": mapping.HSDS_VERSION,
        "profile": mapping.PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json")),
    }


def _matching_ids(text, kind):
    """Pages of ``kind`` ("service", "incubator") the search engine finds for
    ``text`` (the one Chinese analyzer, not substring matching); None when
    search is down."""
    outcome = run_search(SearchParams(q=text, filters={"type": kind}, page=1, page_size=SEARCH_LIMIT))
    if outcome.unavailable:
        return None
    return [result["page_id"] for result in outcome.results]


def _search_unavailable():
    return Status(503, error_body(_("Search is temporarily unavailable."), ErrorCode.SEARCH_UNAVAILABLE))


@api.get("/services", response={200: dict, 400: ErrorOut, 503: ErrorOut}, url_name="services")
def services(request, query: Query[ServiceQuery]):
    directory = Directory()
    queryset = directory.services()
    if query.search.strip():
        ids = _matching_ids(query.search, "service")
        if ids is None:
            return _search_unavailable()
        queryset = queryset.filter(pk__in=ids)
    if query.taxonomy_id is not None and query.taxonomy_id != str(mapping.taxonomy_uuid()):
        queryset = queryset.none()
    if query.taxonomy_term_id is not None:
        queryset = queryset.filter(category=mapping.code_of_term(query.taxonomy_term_id) or "-")
    if query.organization_id is not None:
        owners = [
            path
            for path, incubator in directory.by_path.items()
            if incubator.translation_key == _uuid(query.organization_id)
        ]
        queryset = records.children_of(queryset, {path: None for path in owners})
    if query.modified_after is not None:
        queryset = queryset.filter(last_published_at__gte=query.modified_after)
    return Status(200, envelope(queryset, query, lambda s: mapping.service(s, directory.owner(s), request)))


@api.get("/services/{id}", response={200: dict, 404: ErrorOut}, url_name="service")
def service(request, id: str):  # noqa: A002  (HSDS's name)
    directory = Directory()
    key = _uuid(id)
    found = directory.services().filter(translation_key=key).first() if key else None
    if found is None:
        raise Http404
    return Status(200, mapping.service_full(found, directory.owner(found), request))


def _organizations():
    return records.public_incubators().prefetch_related("specialties", "opening_hours")


@api.get("/organizations", response={200: dict, 400: ErrorOut, 503: ErrorOut}, url_name="organizations")
def organizations(request, query: Query[OrganizationQuery]):
    queryset = _organizations()
    if query.search.strip():
        ids = _matching_ids(query.search, "incubator")
        if ids is None:
            return _search_unavailable()
        queryset = queryset.filter(pk__in=ids)
    return Status(200, envelope(queryset, query, lambda o: mapping.organization(o, request)))


@api.get("/organizations/{id}", response={200: dict, 404: ErrorOut}, url_name="organization")
def organization(request, id: str):  # noqa: A002
    key = _uuid(id)
    found = _organizations().filter(translation_key=key).first() if key else None
    if found is None:
        raise Http404
    return Status(200, mapping.organization_full(found, request))


@api.get("/taxonomies", response={200: dict, 400: ErrorOut}, url_name="taxonomies")
def taxonomies(request, query: Query[PageQuery]):
    return Status(200, envelope([mapping.taxonomy()], query, lambda t: t))


@api.get("/taxonomy_terms", response={200: dict, 400: ErrorOut}, url_name="taxonomy_terms")
def taxonomy_terms(request, query: Query[PageQuery]):
    return Status(200, envelope(mapping.taxonomy_terms(), query, lambda t: t))


@api.get("/service_at_locations", response={200: dict, 400: ErrorOut}, url_name="service_at_locations")
def service_at_locations(request, query: Query[PageQuery]):
    directory = Directory()

    def present(service_page):
        incubator = directory.owner(service_page)
        return {
            **mapping.service_at_location(service_page, incubator),
            "service": mapping.service(service_page, incubator, request),
        }

    return Status(200, envelope(directory.services(), query, present))
