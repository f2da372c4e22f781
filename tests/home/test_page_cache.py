"""What anonymous visitors see is served from the cache until a publish or a
record change makes it stale; nothing personal or form-bearing is cached."""

import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def page_cache():
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


def test_the_second_visitor_gets_the_cached_page(client, demo):
    url = demo.service("huigu-bookkeeping").url
    first = client.get(url)
    second = client.get(url)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_a_publish_shows_at_once(client, demo):
    service = demo.service("huigu-bookkeeping")
    client.get(service.url)
    service.title = "代理记账（新版）"
    service.save_revision().publish()
    response = client.get(service.url)
    assert response["X-Cache"] == "miss"
    assert "代理记账（新版）" in response.content.decode()


def test_a_record_feeding_public_pages_clears_the_cache(client, demo):
    from quotas.models import QuotaTarget

    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    QuotaTarget.objects.create(year=2031, metric="training_sessions", target=12)
    assert client.get("/")["X-Cache"] == "miss"


def test_search_results_and_the_api_are_cached_by_query(client, demo):
    assert client.get("/api/v1/search/", {"q": "记账"})["X-Cache"] == "miss"
    assert client.get("/api/v1/search/", {"q": "记账"})["X-Cache"] == "hit"
    assert client.get("/api/v1/search/", {"q": "融资"})["X-Cache"] == "miss"


def test_each_language_has_its_own_copy(client, demo):
    chinese = client.get("/events/")
    client.cookies["lang"] = "en"
    english = client.get("/events/")
    assert english["X-Cache"] == "miss"
    assert english["Content-Language"] == "en" and chinese["Content-Language"] == "zh-hans"


def test_signed_in_users_and_forms_are_never_cached(client, demo, login):
    form = f"/referrals/request/{demo.service('huigu-bookkeeping').pk}/"
    client.get(form)
    assert "X-Cache" not in client.get(form)  # holds a CSRF token
    login("op-huigu")
    client.get("/")
    assert "X-Cache" not in client.get("/")
