"""``/api/v1/``: lists and details of public records, errors, OpenAPI, docs."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from tests.achievements.factories import make_achievement, make_project
from tests.events.factories import make_event
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_incubators_list_every_public_incubator_with_absolute_urls(client):
    body = client.get("/api/v1/incubators/").json()
    assert body["count"] == 5 and body["page"] == 1 and body["pages"] == 1
    huigu = next(item for item in body["results"] if item["slug"] == "huigu")
    assert huigu["url"] == f"{settings.SITE_BASE_URL}/incubators/huigu/"
    assert huigu["address"] == {
        "province": "山东省",
        "city": "荣成市",
        "district": "经济开发区",
        "street": "成山大道388号慧谷大厦",
        "postal_code": "264300",
        "text": "荣成市经济开发区成山大道388号慧谷大厦",
    }
    assert huigu["languages"] == ["zh", "en"]
    assert huigu["opening_hours"][0] == {"weekday": 1, "opens": "08:30", "closes": "17:30"}
    assert huigu["last_verified"] == "2026-11-20"
    assert {"category": "finance_tax", "strength": 5} in huigu["specialties"]


def test_incubator_detail_and_unknown_slug(client):
    detail = client.get("/api/v1/incubators/kechuang/").json()
    assert detail["slug"] == "kechuang" and detail["url"].startswith("http://")
    missing = client.get("/api/v1/incubators/nowhere/")
    assert missing.status_code == 404
    assert missing.json() == {"error": "未找到。", "fields": {}, "code": "not_found"}


def test_services_are_paged_and_filtered(client):
    first = client.get("/api/v1/services/", {"page_size": 10}).json()
    assert first["count"] == 46 and first["pages"] == 5 and len(first["results"]) == 10
    second = client.get("/api/v1/services/", {"page_size": 10, "page": 2}).json()
    assert not {s["slug"] for s in first["results"]} & {s["slug"] for s in second["results"]}
    beyond = client.get("/api/v1/services/", {"page": 99}).json()
    assert beyond["results"] == [] and beyond["count"] == 46
    legal = client.get(
        "/api/v1/services/", {"category": "legal", "incubator": "huigu", "page_size": 100}
    ).json()
    assert legal["count"] >= 1
    assert {(s["category"], s["incubator"]) for s in legal["results"]} == {("legal", "huigu")}


def test_service_detail_carries_status_hours_and_plain_text(client):
    body = client.get("/api/v1/services/huigu-bookkeeping/").json()
    assert body["incubator"] == "huigu" and body["status"] == "active"
    assert "<" not in body["description"]
    assert [row["weekday"] for row in body["opening_hours"]] == [1, 3, 5]
    assert client.get("/api/v1/services/huigu-guarantee-loan/").json()["status"] == "temporarily_closed"


def test_events_say_whether_they_ended(client, demo):
    huigu = demo.incubator("huigu")
    past = make_event(huigu, start=timezone.now() - datetime.timedelta(days=3), title="已结束的测试活动")
    coming = make_event(huigu, start=timezone.now() + datetime.timedelta(days=3), title="即将举行的测试活动")
    assert client.get(f"/api/v1/events/{past.slug}/").json()["ended"] is True
    assert client.get(f"/api/v1/events/{coming.slug}/").json()["ended"] is False
    ended = client.get("/api/v1/events/", {"ended": "true", "page_size": 100}).json()["results"]
    assert ended and all(item["ended"] for item in ended)
    assert past.slug in {item["slug"] for item in ended} and coming.slug not in {
        item["slug"] for item in ended
    }


def test_only_published_achievements_and_public_projects(client, demo):
    huigu = demo.incubator("huigu")
    draft = make_achievement(huigu, live=False, title="草稿成果")
    published = make_achievement(huigu, published=datetime.date(2026, 2, 1), title="已发布成果")
    private = make_project(huigu, datetime.date(2026, 4, 1), private=True, title="保密项目")
    public = make_project(huigu, datetime.date(2026, 4, 1), title="公开项目")
    achievements = client.get("/api/v1/achievements/", {"page_size": 100, "incubator": "huigu"}).json()
    slugs = {item["slug"] for item in achievements["results"]}
    assert published.slug in slugs and draft.slug not in slugs
    assert client.get(f"/api/v1/achievements/{published.slug}/").json()["published"] == "2026-02-01"
    assert client.get(f"/api/v1/achievements/{draft.slug}/").status_code == 404
    projects = {
        item["slug"] for item in client.get("/api/v1/projects/", {"page_size": 100}).json()["results"]
    }
    assert public.slug in projects and private.slug not in projects
    assert client.get(f"/api/v1/projects/{private.slug}/").status_code == 404


def test_a_draft_service_is_neither_listed_nor_served(client, demo):
    draft = make_service(demo.incubator("huigu"), title="草稿服务", live=False)
    listed = {s["slug"] for s in client.get("/api/v1/services/", {"page_size": 100}).json()["results"]}
    assert draft.slug not in listed
    assert client.get(f"/api/v1/services/{draft.slug}/").status_code == 404


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/services/?page=0", "page"),
        ("/api/v1/services/?page_size=1000", "page_size"),
        ("/api/v1/events/?ended=perhaps", "ended"),
        ("/api/v1/quotas/?year=abc", "year"),
        ("/api/v1/quotas/?year=1999", "year"),
        ("/api/v1/search/?page=abc", "page"),
    ],
)
def test_bad_parameters_answer_the_one_error_shape(client, url, field):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error", "fields", "code"}
    assert body["code"] == "invalid_parameters" and field in body["fields"]
    assert re.search(r"[\u4e00-\u9fff]", body["error"] + "".join(body["fields"][field]))


def test_errors_follow_the_visitors_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/api/v1/services/?page=0").json()
    assert body["error"] == "Invalid parameters."
    assert body["fields"]["page"] == ["Ensure this value is greater than or equal to 1."]
    search = client.get("/api/v1/search/?category=nope").json()
    assert search["error"] == "Invalid search parameters." and search["code"] == "invalid_parameters"


def test_search_keeps_its_contract(client):
    body = client.get("/api/v1/search/", {"q": "记账"}).json()
    assert list(body) == ["count", "page", "results", "facets"]
    result = body["results"][0]
    assert {"type", "slug", "title", "url", "incubator", "category", "snippet"} <= set(result)


def test_openapi_describes_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    lists = ("incubators", "services", "events", "achievements", "projects")
    for name in ("search", "quotas", "matches", *lists):
        assert f"/api/v1/{name}/" in paths
    for name in ("incubators", "services", "events", "achievements", "projects"):
        assert f"/api/v1/{name}/{{slug}}/" in paths


def test_docs_page_loads_nothing_from_another_site(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/") for source in sources), sources
    assert "/api/v1/openapi.json" in html


def test_list_query_counts_do_not_grow_with_the_directory(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = [
        "/api/v1/incubators/?page_size=100",
        "/api/v1/services/?page_size=100",
        "/api/v1/events/?page_size=100",
        "/api/hsds/services?per_page=200",
        "/api/hsds/organizations?per_page=200",
        "/api/hsds/service_at_locations?per_page=200",
    ]

    def counts():
        result = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured.captured_queries))
        return result

    before = counts()
    huigu = demo.incubator("huigu")
    for _ in range(4):
        make_service(huigu)
        make_event(huigu)
    assert counts() == before
