"""Response and query schemas of ``/api/v1/`` (pydantic, through django-ninja)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from core.taxonomy import Category
from core.years import YEAR_MAX, YEAR_MIN
from incubators.open_data import ServiceStatus
from search.engine import MAX_PAGE
from services.taxonomy import DeliveryMode, Fee

PAGE_SIZE_MAX = 100
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"
# Every free-text query parameter says it holds no NUL: PostgreSQL text
# cannot, so core.null_bytes answers 400 to one, and a description that
# allowed it would call that answer a rejected valid request.
NO_NUL = r"^[^\x00]*$"


def _enum(values):
    """An OpenAPI enum for a search parameter whose closed vocabulary is
    checked by the search form (so its message stays the form's); empty
    means no filter, as on the search page."""
    return {"enum": ["", *values]}


def one_of(values):
    """A closed vocabulary as a type: anything else answers 400."""
    return Literal[tuple(values)]


CategoryCode = one_of(Category.values)
FeeCode = one_of(Fee.values)
IncubatorKindCode = one_of(["incubator", "maker_space", "innovation_center"])
EventKindCode = one_of(["training", "matchmaking", "roadshow", "other"])
ServiceStatusCode = one_of(ServiceStatus.values)


class SearchQuery(Schema):
    q: str = Field(
        "",
        pattern=NO_NUL,
        description="Free text; Chinese is segmented, Latin words and numbers kept whole. "
        "Longer than 200 characters is cut, not refused.",
    )
    type: str | None = Field(
        None,
        description="service, incubator, event or achievement",
        json_schema_extra=_enum(["service", "incubator", "event", "achievement"]),
    )
    category: str | None = Field(None, json_schema_extra=_enum(Category.values))
    incubator: str | None = Field(
        None, max_length=100, pattern=SLUG_PATTERN, description="an incubator's slug"
    )
    district: str | None = Field(None, max_length=64, pattern=NO_NUL)
    fee: str | None = Field(None, json_schema_extra=_enum(Fee.values))
    page: int | None = Field(None, ge=1, le=MAX_PAGE, description="1-based, 10 results a page")


class SearchResultOut(Schema):
    type: str
    slug: str
    title: str
    url: str
    incubator: str | None
    category: str | None
    snippet: str = Field(description="HTML-escaped text with only <mark> added")
    start: datetime | None = Field(None, description="events only")
    ended: bool | None = Field(None, description="events only")


class SearchOut(Schema):
    count: int
    page: int
    results: list[SearchResultOut]
    facets: dict[str, dict[str, int]]


class QuotaQuery(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="defaults to the current year")


class QuotaMetricOut(Schema):
    metric: str
    target: int
    actual: int
    scheduled: int
    expected_to_date: float
    status: one_of(["met", "on_track", "behind"])


class QuotasOut(Schema):
    year: int
    metrics: list[QuotaMetricOut]


class MatchQuery(Schema):
    demand: str | None = Field(
        None,
        max_length=255,
        pattern=NO_NUL,
        description="an open, published technology demand's slug; give exactly one of demand and achievement",
    )
    achievement: str | None = Field(
        None,
        max_length=255,
        pattern=NO_NUL,
        description="a published achievement's slug; give exactly one of demand and achievement",
    )


class MatchOut(Schema):
    type: str
    slug: str
    title: str
    url: str
    incubator: str | None = Field(description="the owning incubator's slug; null outside the network")
    score: float = Field(description="0 to 1, two decimals")
    reasons: list[str] = Field(description="why the pair was suggested, in the visitor's language")


class OfferMatchOut(MatchOut):
    type: one_of(["achievement", "service"])


class NeedMatchOut(MatchOut):
    type: one_of(["demand", "project"])


class DemandMatchesOut(Schema):
    demand: str
    matches: list[OfferMatchOut] = Field(description="best match first")


class AchievementMatchesOut(Schema):
    achievement: str
    matches: list[NeedMatchOut] = Field(description="best match first")


class ListQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=PAGE_SIZE_MAX)
    incubator: str | None = Field(
        None, max_length=100, pattern=SLUG_PATTERN, description="an incubator's slug"
    )


class IncubatorQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=PAGE_SIZE_MAX)
    kind: IncubatorKindCode | None = None
    district: str | None = Field(None, max_length=64, pattern=NO_NUL)


class ServiceQuery(ListQuery):
    category: CategoryCode | None = None
    fee: FeeCode | None = None


class EventQuery(ListQuery):
    kind: EventKindCode | None = None
    ended: bool | None = Field(None, description="true: past events only; false: upcoming and running")


class AddressOut(Schema):
    province: str
    city: str
    district: str
    street: str
    postal_code: str
    text: str = Field(description="the free-text address as the operator wrote it")


class OpeningHoursOut(Schema):
    weekday: int = Field(ge=1, le=7, description="1 Monday … 7 Sunday")
    opens: str
    closes: str


class SpecialtyOut(Schema):
    category: CategoryCode
    strength: int = Field(ge=0, le=5)


class IncubatorOut(Schema):
    id: str = Field(description="stable UUID (the HSDS organization id)")
    slug: str
    name: str
    kind: str
    district: str
    summary: str
    address: AddressOut
    latitude: float | None
    longitude: float | None
    website: str
    phone: str
    email: str
    languages: list[str]
    opening_hours: list[OpeningHoursOut]
    last_verified: date | None
    specialties: list[SpecialtyOut]
    url: str


class ServiceOut(Schema):
    id: str = Field(description="stable UUID (the HSDS service id)")
    slug: str
    title: str
    incubator: str
    category: CategoryCode
    status: ServiceStatusCode
    description: str
    eligibility: str
    fee: FeeCode
    fee_text: str
    delivery_mode: one_of(DeliveryMode.values)
    lead_time: str
    voucher_eligible: bool
    languages: list[str]
    opening_hours: list[OpeningHoursOut]
    last_verified: date | None
    url: str


class EventOut(Schema):
    slug: str
    title: str
    incubator: str
    co_hosts: list[str]
    kind: str
    start: datetime
    end: datetime
    ended: bool
    place: str
    online_url: str
    audience: str
    description: str
    url: str


class AchievementOut(Schema):
    slug: str
    title: str
    incubator: str
    summary: str
    field: str = Field(
        description="The technical field, an entry of the bureau's list, named in the request's language "
        "(Chinese unless the language cookie chose English); empty when the page has none."
    )
    source_institution: str
    maturity: int | None
    transfer_modes: list[str]
    published: date | None
    url: str


class ProjectOut(Schema):
    slug: str
    name: str
    incubator: str
    field: str
    admitted: date
    team_size: int | None
    stage: str
    summary: str
    url: str


def page_of(item_schema, name):
    """A paged list envelope for one record type."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {"count": int, "page": int, "pages": int, "results": list[item_schema]},
        },
    )


IncubatorPageOut = page_of(IncubatorOut, "IncubatorPageOut")
ServicePageOut = page_of(ServiceOut, "ServicePageOut")
EventPageOut = page_of(EventOut, "EventPageOut")
AchievementPageOut = page_of(AchievementOut, "AchievementPageOut")
ProjectPageOut = page_of(ProjectOut, "ProjectPageOut")
