"""``/api/hsds/``: every answer validated with jsonschema against HSDS 3.0's
own schemas (``../shared/hsds-3.0/schema``), the Page envelope, the filters,
stable ids."""

import datetime

import pytest
from django.utils import timezone

from api.hsds.ids import page_uuid
from services.models import ServicePage
from tests.api.hsds_reference import errors, needs_hsds, page_validator

pytestmark = pytest.mark.django_db

ENVELOPE = [
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
]


def get_page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert list(body) == ENVELOPE
    return body


def every_page(client, url, per_page=7, **params):
    contents, number = [], 1
    while True:
        body = get_page(client, url, page=number, per_page=per_page, **params)
        contents += body["contents"]
        if body["last_page"]:
            return contents
        number += 1


def test_root_names_version_profile_and_openapi(client):
    body = client.get("/api/hsds/").json()
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    assert client.get("/api/hsds/openapi.json").status_code == 200


def test_services_page_envelope(client):
    first = get_page(client, "/api/hsds/services", per_page=20)
    assert first["total_items"] == 46 and first["total_pages"] == 3
    assert first["page_number"] == 1 and first["size"] == 20
    assert first["first_page"] is True and first["last_page"] is False and first["empty"] is False
    last = get_page(client, "/api/hsds/services", per_page=20, page=3)
    assert last["size"] == 6 and last["last_page"] is True and last["first_page"] is False
    beyond = get_page(client, "/api/hsds/services", per_page=20, page=9)
    assert beyond["empty"] is True and beyond["contents"] == []


@needs_hsds
def test_every_answer_matches_the_hsds_schemas(client):
    page = page_validator()
    listings = {
        "/api/hsds/services": "compiled/service_list.json",
        "/api/hsds/organizations": "compiled/organization_list.json",
        "/api/hsds/service_at_locations": "compiled/service_at_location_list.json",
        "/api/hsds/taxonomies": "taxonomy.json",
        "/api/hsds/taxonomy_terms": "taxonomy_term.json",
    }
    problems = []
    for url, schema in listings.items():
        body = get_page(client, url, per_page=200)
        problems += [f"{url} page: {e.message}" for e in page.iter_errors(body)]
        assert body["contents"], url
        for item in body["contents"]:
            problems += [f"{url} {item['id']}: {error}" for error in errors(schema, item)]
    for item in get_page(client, "/api/hsds/services", per_page=200)["contents"]:
        detail = client.get(f"/api/hsds/services/{item['id']}").json()
        problems += [
            f"service {item['id']}: {e}" for e in errors("compiled/service_with_definitions.json", detail)
        ]
    for item in get_page(client, "/api/hsds/organizations", per_page=200)["contents"]:
        detail = client.get(f"/api/hsds/organizations/{item['id']}").json()
        problems += [f"organization {item['id']}: {e}" for e in errors("organization.json", detail)]
    assert problems == []


@needs_hsds
def test_the_schema_check_catches_a_broken_answer():
    assert errors("compiled/service_list.json", {"id": "not-a-uuid", "name": "x", "status": "open"})


def test_a_service_is_fully_nested(client, demo):
    service = demo.service("huigu-bookkeeping")
    body = client.get(f"/api/hsds/services/{page_uuid(service)}").json()
    assert body["id"] == str(service.translation_key) and body["status"] == "active"
    assert body["organization"]["name"] == "慧谷孵化器"
    [at] = body["service_at_locations"]
    assert at["location"]["addresses"][0]["address_1"] == "成山大道388号慧谷大厦"
    assert at["location"]["addresses"][0]["postal_code"] == "264300"
    assert [s["byday"] for s in body["schedules"]] == ["MO", "WE", "FR"]
    assert body["schedules"][0]["opens_at"] == "09:00:00"
    assert {language["code"] for language in body["languages"]} == {"zh", "en"}
    assert body["cost_options"][0]["currency"] == "CNY"
    [attribute] = body["attributes"]
    assert attribute["taxonomy_term"]["code"] == "finance_tax"
    assert body["assured_date"] == "2026-11-20"
    closed = demo.service("huigu-guarantee-loan")
    assert client.get(f"/api/hsds/services/{page_uuid(closed)}").json()["status"] == "temporarily closed"


def test_ids_are_stable_across_requests_and_edits(client, demo):
    service = demo.service("huigu-bookkeeping")
    before = client.get(f"/api/hsds/services/{page_uuid(service)}").json()
    service.title = "代理记账（新版）"
    service.save_revision().publish()
    after = client.get(f"/api/hsds/services/{page_uuid(service)}").json()
    assert after["name"] == "代理记账（新版）"

    def ids(body):
        return [body["id"], body["cost_options"][0]["id"], body["service_at_locations"][0]["location"]["id"]]

    assert ids(before) == ids(after)


def test_filters(client, demo):
    huigu = demo.incubator("huigu")
    by_org = every_page(client, "/api/hsds/services", organization_id=str(page_uuid(huigu)))
    assert by_org and {item["organization_id"] for item in by_org} == {str(page_uuid(huigu))}
    assert len(by_org) == ServicePage.objects.child_of(huigu).live().count()
    terms = {term["code"]: term["id"] for term in get_page(client, "/api/hsds/taxonomy_terms")["contents"]}
    assert len(terms) == 7
    legal = every_page(client, "/api/hsds/services", taxonomy_term_id=terms["legal"])
    assert legal and len(legal) == ServicePage.objects.live().filter(category="legal").count()
    found = every_page(client, "/api/hsds/services", search="代账")
    assert "代理记账" in {item["name"] for item in found}
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert get_page(client, "/api/hsds/services", modified_after=future)["total_items"] == 0
    assert get_page(client, "/api/hsds/services", organization_id="nonsense")["total_items"] == 0


def test_unknown_ids_answer_404_in_the_one_error_shape(client):
    for url in [
        "/api/hsds/services/nonsense",
        "/api/hsds/organizations/6f1c2a48-0000-4000-8000-000000000000",
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    bad = client.get("/api/hsds/services", {"per_page": 0})
    assert bad.status_code == 400 and "per_page" in bad.json()["fields"]


def test_modified_after_takes_only_an_iso_date_and_time(client, demo):
    for value in ["0.5", "1700000000", "2026-03-05", "yesterday"]:
        response = client.get("/api/hsds/services", {"modified_after": value})
        assert response.status_code == 400, value
        assert response.json()["fields"]["modified_after"] == [
            "请输入日期时间，例如 2026-03-05T09:00:00+08:00。"
        ]
    everything = ServicePage.objects.live().public().count()
    for value in ["2000-01-01T00:00:00+08:00", "2000-01-01T00:00:00Z", "2000-01-01T00:00"]:
        assert get_page(client, "/api/hsds/services", modified_after=value)["total_items"] == everything


@pytest.mark.parametrize(
    ("value", "found"),
    [
        # offsets ISO 8601 allows and PostgreSQL does not (±15:59 at most):
        # schemathesis found the first one answering 500 on PostgreSQL
        ("0771-01-22T17:07:58-19:09", "all"),
        ("2999-01-01T00:00:00+23:59", "none"),
        # outside datetime's range once in UTC
        ("0001-01-01T00:00:00+05:00", "all"),
        ("9999-12-31T23:59:59-05:00", "none"),
    ],
)
def test_modified_after_takes_every_iso_offset(client, demo, value, found):
    everything = ServicePage.objects.live().public().count()
    total = get_page(client, "/api/hsds/services", modified_after=value)["total_items"]
    assert total == (everything if found == "all" else 0)


@pytest.mark.parametrize("name", ["services", "organizations"])
def test_a_search_answers_503_when_the_search_backend_is_down(client, demo, settings, name):
    settings.SEARCH_BACKEND = "search.backends.elastic.ElasticsearchBackend"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get(f"/api/hsds/{name}", {"search": "孵化"})
    assert response.status_code == 503
    assert response.json()["code"] == "search_unavailable" and response.json()["error"]
    assert get_page(client, f"/api/hsds/{name}")["total_items"] > 0  # without a search: the list
