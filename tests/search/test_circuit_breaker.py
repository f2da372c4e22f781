"""An Elasticsearch that accepts connections and never answers: the search
page and API answer 503 within 3 s with the page's notice, and after three
failures stop trying for a while (answering at once)."""

import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from search.backends import reset_backend
from tests.serving.conftest import HangingServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_elasticsearch():
    server = HangingServer()
    cache.clear()
    reset_backend()
    with override_settings(
        SEARCH_BACKEND="search.backends.elastic.ElasticsearchBackend",
        ELASTICSEARCH_URL=f"http://127.0.0.1:{server.port}",
        SEARCH_TIMEOUT=1,
    ):
        yield server
    reset_backend()
    cache.clear()
    server.close()


def timed(client, url, params):
    started = time.monotonic()
    response = client.get(url, params)
    return response, time.monotonic() - started


def test_search_answers_503_within_3_s_then_stops_trying(client, dead_elasticsearch):
    for query in ("记账", "融资", "知识产权"):
        response, seconds = timed(client, "/api/v1/search/", {"q": query})
        assert response.status_code == 503
        assert seconds < 3
    assert len(dead_elasticsearch.held) >= 3  # each of them really tried
    tried = len(dead_elasticsearch.held)
    response, seconds = timed(client, "/search/", {"q": "培训"})
    assert response.status_code == 503
    assert len(dead_elasticsearch.held) == tried  # the breaker is open: no connection attempted
    assert seconds < 1, seconds  # nor waited for (SEARCH_TIMEOUT is 1 s)
    assert "搜索暂时不可用" in response.content.decode()  # the page's own notice


def test_the_breaker_closes_again_after_its_pause(client, dead_elasticsearch):
    with override_settings(SEARCH_BREAKER_SECONDS=1):
        for _ in range(3):
            client.get("/api/v1/search/", {"q": "记账"})
        tried = len(dead_elasticsearch.held)
        client.get("/api/v1/search/", {"q": "记账"})
        assert len(dead_elasticsearch.held) == tried
        time.sleep(1.2)
        client.get("/api/v1/search/", {"q": "记账"})
        assert len(dead_elasticsearch.held) == tried + 1
