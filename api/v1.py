"""``/api/v1/``: the project's own read API, on django-ninja.

Search, quotas and matches keep DESIGN.md's contracts exactly and call the
domain functions the pages call (``search.engine.run_search``,
``quotas.progress.year_board``, ``matchmaking.api.matches_payload``); the lists and details read the public
querysets of ``api.records``. ``/api/v1/openapi.json`` describes it and
``/api/v1/docs/`` renders that with Swagger UI from our own static files.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Status, Swagger
from ninja.renderers import JSONRenderer

from achievements.models import label_of
from api import records, schemas
from api.errors import ErrorOut, install_handlers
from api.hsds.ids import page_uuid
from core.errors import ErrorCode, error_body
from matchmaking.api import MatchQueryError, matches_payload
from quotas.progress import api_payload, year_board
from search import analytics
from search.engine import run_search
from search.forms import params_from

DESCRIPTION = """Open data of the Rongcheng incubator network (荣成市孵化器服务网络).

Read-only and public: only published pages without view restrictions appear.
Errors answer `{"error": "…", "fields": {"name": ["…"]}, "code": "…"}` in the
visitor's language (Chinese unless the language cookie chose English);
`code` is one of `invalid_parameters`, `not_found`, `search_unavailable`.
The same directory in Open Referral HSDS 3.0: `/api/hsds/`."""


class UnicodeJSONRenderer(JSONRenderer):
    """Chinese as characters, not ``\\uXXXX`` escapes (as the views before)."""

    json_dumps_params = {"ensure_ascii": False}


def _without_null(schema):
    """An optional query parameter is absent, never null: ``anyOf: [X,
    null]`` (pydantic's Optional) is described as plain X."""
    options = schema.get("anyOf")
    if options and len(options) == 2 and {"type": "null"} in options:
        rest = {key: value for key, value in schema.items() if key != "anyOf"}
        return {**next(option for option in options if option != {"type": "null"}), **rest}
    return schema


class OpenDataAPI(NinjaAPI):
    """``Content-Type: application/json`` as before (JSON is UTF-8 by RFC
    8259), and query parameters described as a client sends them."""

    def get_content_type(self):
        return self.renderer.media_type

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    parameter["schema"] = _without_null(parameter["schema"])
        return schema


api = OpenDataAPI(
    title="荣成市孵化器服务网络 API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
    renderer=UnicodeJSONRenderer(),
)
install_handlers(api)

ERRORS = {400: ErrorOut, 404: ErrorOut}


@api.get(
    "/search/",
    response={200: schemas.SearchOut, 400: ErrorOut, 503: ErrorOut},
    exclude_unset=True,
    url_name="search",
    summary="Search services, incubators, events and achievements",
)
def search(request, query: Query[schemas.SearchQuery]):
    # The form is the one validator of the page and the API: its messages,
    # its rules (a NUL in q, a slug), its vocabularies.
    params, errors = params_from(request.GET, strict=True)
    if params is None:
        return Status(400, error_body(_("Invalid search parameters."), ErrorCode.INVALID_PARAMETERS, errors))
    outcome = run_search(params)
    if outcome.unavailable:
        return Status(503, error_body(_("Search is temporarily unavailable."), ErrorCode.SEARCH_UNAVAILABLE))
    if params.q.strip():  # issue 8: search analytics (no personal data; never slows or fails the answer)
        analytics.record_search(
            params.q, params.filters, outcome.count, params.page, source=analytics.SearchLog.Source.API
        )
    return Status(200, outcome.as_api())


@api.get(
    "/quotas/",
    response={200: schemas.QuotasOut, 400: ErrorOut},
    url_name="quotas",
    summary="Progress of the plan's annual quotas",
)
def quotas(request, query: Query[schemas.QuotaQuery]):
    year = query.year if query.year is not None else timezone.localdate().year
    return Status(200, api_payload(year_board(year)))


@api.get(
    "/matches/",
    response={200: schemas.DemandMatchesOut | schemas.AchievementMatchesOut, 400: ErrorOut, 404: ErrorOut},
    url_name="matches",
    summary="Who could meet a technology demand, or whom an achievement could serve",
    description="Give exactly one of `demand` (answers `{demand, matches}`: achievements and services) "
    "and `achievement` (answers `{achievement, matches}`: demands and incubated projects). "
    "Best match first; only public records; dismissed pairs are left out. "
    "Neither or both answer 400, an unknown or unpublished slug 404.",
)
def matches(request, query: Query[schemas.MatchQuery]):
    try:
        payload = matches_payload(query.demand, query.achievement, request)
    except MatchQueryError as error:
        code = ErrorCode.NOT_FOUND if error.status == 404 else ErrorCode.INVALID_PARAMETERS
        return Status(error.status, error_body(str(error), code))
    return Status(200, payload)


def paged(queryset, page, page_size, present):
    """One page of a queryset: a count and one slice in SQL."""
    count = queryset.count()
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "pages": max(1, -(-count // page_size)),
        "results": [present(item) for item in queryset[start : start + page_size]] if start < count else [],
    }


def _one(queryset):
    item = queryset.first()
    if item is None:
        raise Http404
    return item


def _address(incubator):
    return {
        "province": incubator.address_province,
        "city": incubator.address_city,
        "district": incubator.district,
        "street": incubator.address_street,
        "postal_code": incubator.postal_code,
        "text": incubator.address,
    }


def _hours(rows):
    return [
        {"weekday": row.weekday, "opens": row.opens.strftime("%H:%M"), "closes": row.closes.strftime("%H:%M")}
        for row in rows
    ]


def _incubator(request):
    def present(incubator):
        return {
            "id": str(page_uuid(incubator)),
            "slug": incubator.slug,
            "name": incubator.title,
            "kind": incubator.kind,
            "district": incubator.district,
            "summary": incubator.summary,
            "address": _address(incubator),
            "latitude": float(incubator.latitude) if incubator.latitude is not None else None,
            "longitude": float(incubator.longitude) if incubator.longitude is not None else None,
            "website": incubator.website,
            "phone": incubator.contact_phone,
            "email": incubator.contact_email,
            "languages": incubator.language_codes,
            "opening_hours": _hours(incubator.opening_hours.all()),
            "last_verified": incubator.last_verified,
            "specialties": [
                {"category": row.category, "strength": row.strength} for row in incubator.specialties.all()
            ],
            "url": incubator.get_full_url(request),
        }

    return present


def _incubators(query):
    queryset = records.public_incubators().prefetch_related("specialties", "opening_hours")
    if query.kind:
        queryset = queryset.filter(kind=query.kind)
    if query.district:
        queryset = queryset.filter(district=query.district)
    return queryset


@api.get("/incubators/", response={200: schemas.IncubatorPageOut, 400: ErrorOut}, url_name="incubators")
def incubators(request, query: Query[schemas.IncubatorQuery]):
    return paged(_incubators(query), query.page, query.page_size, _incubator(request))


@api.get("/incubators/{slug}/", response={200: schemas.IncubatorOut, 404: ErrorOut}, url_name="incubator")
def incubator(request, slug: str):
    found = records.public_incubators().prefetch_related("specialties", "opening_hours").filter(slug=slug)
    return _incubator(request)(_one(found))


class Children:
    """Public children of public incubators (optionally of one incubator),
    each presented with its incubator."""

    def __init__(self, queryset, incubator_slug=None):
        self.by_path = records.incubators_by_path()
        if incubator_slug:
            self.by_path = {path: page for path, page in self.by_path.items() if page.slug == incubator_slug}
        self.queryset = records.children_of(queryset, self.by_path)

    def present(self, function):
        def present(item):
            return function(item, self.by_path[records.parent_path(item)])

        return present

    def one(self, function):
        return self.present(function)(_one(self.queryset))

    def page(self, query, function):
        return paged(self.queryset, query.page, query.page_size, self.present(function))


def _service(request):
    def present(service, incubator):
        return {
            "id": str(page_uuid(service)),
            "slug": service.slug,
            "title": service.title,
            "incubator": incubator.slug,
            "category": service.category,
            "status": service.status,
            "description": records.plain_text(service.description),
            "eligibility": service.eligibility,
            "fee": service.fee,
            "fee_text": service.fee_text,
            "delivery_mode": service.delivery_mode,
            "lead_time": service.lead_time,
            "voucher_eligible": service.voucher_eligible,
            "languages": service.language_codes,
            "opening_hours": _hours(service.opening_hours.all()),
            "last_verified": service.last_verified,
            "url": service.get_full_url(request),
        }

    return present


def _services(query):
    queryset = records.public_services().prefetch_related("opening_hours")
    if query.category:
        queryset = queryset.filter(category=query.category)
    if query.fee:
        queryset = queryset.filter(fee=query.fee)
    return Children(queryset, query.incubator)


@api.get("/services/", response={200: schemas.ServicePageOut, 400: ErrorOut}, url_name="services")
def services(request, query: Query[schemas.ServiceQuery]):
    return _services(query).page(query, _service(request))


@api.get("/services/{slug}/", response={200: schemas.ServiceOut, 404: ErrorOut}, url_name="service")
def service(request, slug: str):
    found = records.public_services().prefetch_related("opening_hours").filter(slug=slug)
    return Children(found).one(_service(request))


def _event(request, now):
    def present(event, incubator):
        return {
            "slug": event.slug,
            "title": event.title,
            "incubator": incubator.slug,
            "co_hosts": [host.slug for host in event.co_hosts.all()],  # public ones only (records)
            "kind": event.kind,
            "start": event.start,
            "end": event.end,
            "ended": event.end < now,
            "place": event.place,
            "online_url": event.online_url,
            "audience": event.audience,
            "description": records.plain_text(event.description),
            "url": event.get_full_url(request),
        }

    return present


@api.get("/events/", response={200: schemas.EventPageOut, 400: ErrorOut}, url_name="events")
def events(request, query: Query[schemas.EventQuery]):
    now = timezone.now()
    queryset = records.public_events()
    if query.kind:
        queryset = queryset.filter(kind=query.kind)
    if query.ended is True:
        queryset = queryset.filter(end__lt=now)
    elif query.ended is False:
        queryset = queryset.filter(end__gte=now)
    return Children(queryset, query.incubator).page(query, _event(request, now))


@api.get("/events/{slug}/", response={200: schemas.EventOut, 404: ErrorOut}, url_name="event")
def event(request, slug: str):
    return Children(records.public_events().filter(slug=slug)).one(_event(request, timezone.now()))


def _achievement(request):
    def present(achievement, incubator):
        published = achievement.first_published_at
        return {
            "slug": achievement.slug,
            "title": achievement.title,
            "incubator": incubator.slug,
            "summary": achievement.summary,
            "field": label_of(achievement.field),  # the name in the request's language
            "source_institution": achievement.source_institution,
            "maturity": achievement.maturity,
            "transfer_modes": list(achievement.transfer_modes or []),
            "published": timezone.localdate(published) if published else None,
            "url": achievement.get_full_url(request),
        }

    return present


@api.get("/achievements/", response={200: schemas.AchievementPageOut, 400: ErrorOut}, url_name="achievements")
def achievements(request, query: Query[schemas.ListQuery]):
    return Children(records.public_achievements(), query.incubator).page(query, _achievement(request))


@api.get(
    "/achievements/{slug}/", response={200: schemas.AchievementOut, 404: ErrorOut}, url_name="achievement"
)
def achievement(request, slug: str):
    return Children(records.public_achievements().filter(slug=slug)).one(_achievement(request))


def _project(request):
    def present(project, incubator):
        return {
            "slug": project.slug,
            "name": project.title,
            "incubator": incubator.slug,
            "field": project.field,
            "admitted": project.admitted,
            "team_size": project.team_size,
            "stage": project.stage,
            "summary": project.summary,
            "url": project.get_full_url(request),
        }

    return present


@api.get("/projects/", response={200: schemas.ProjectPageOut, 400: ErrorOut}, url_name="projects")
def projects(request, query: Query[schemas.ListQuery]):
    return Children(records.public_projects(), query.incubator).page(query, _project(request))


@api.get("/projects/{slug}/", response={200: schemas.ProjectOut, 404: ErrorOut}, url_name="project")
def project(request, slug: str):
    return Children(records.public_projects().filter(slug=slug)).one(_project(request))
