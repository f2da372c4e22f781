"""Losing the search index answers 503 and the commands rebuild it (issue 9,
item 16): dropped index tables, a SQLite index file replaced or deleted under
running workers, an Elasticsearch URL that reaches a proxy's 404 page."""

import io
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from search.analyzer import Analyzer, load_shipped
from search.backends import BackendUnavailable, SearchRequest, get_backend
from search.backends.elastic import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from tests.search.conftest import load_dev_cases
from tests.search.es_server import RecordingElasticsearch
from tests.search.factories import as_documents


@pytest.fixture(scope="module")
def analyzer():
    shipped = load_shipped()
    return Analyzer(
        words=shipped["words"],
        synonyms=[(s["term"], s["equivalents"], s["two_way"]) for s in shipped["synonyms"]],
        stopwords=shipped["stopwords"],
    )


def drop_index_tables(backend):
    """What a careless ``DROP TABLE`` or a restore without them leaves."""
    module = __import__(type(backend).__module__, fromlist=["DROP"])
    with connection.cursor() as cursor:
        for statement in module.DROP:
            cursor.execute(statement)


@pytest.mark.django_db
def test_dropped_index_tables_answer_503_and_reindex_recreates_them(client):
    drop_index_tables(get_backend())
    api = client.get("/api/v1/search/", {"q": "代理记账"})
    assert api.status_code == 503 and api.json()["error"]
    page = client.get("/search/", {"q": "代理记账"})
    assert page.status_code == 503
    assert "搜索暂时不可用" in page.content.decode()

    out = io.StringIO()
    call_command("search_reindex", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "已重新创建缺失的搜索索引" in out.getvalue()
    slugs = [r["slug"] for r in client.get("/api/v1/search/", {"q": "代理记账"}).json()["results"]]
    assert "huigu-bookkeeping" in slugs


@pytest.mark.django_db
def test_search_check_recreates_dropped_tables_and_reports_the_drift(client):
    drop_index_tables(get_backend())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=out)
    assert "索引中缺失" in out.getvalue()
    call_command("search_check", "--fix", stdout=io.StringIO())
    call_command("search_check", stdout=(out := io.StringIO()))
    assert "索引与数据库一致" in out.getvalue()
    assert client.get("/api/v1/search/", {"q": "代理记账"}).status_code == 200


def _file_backend(path, analyzer, rows):
    backend = EmbeddedBackend(path=path)
    backend.apply(as_documents(rows), [], analyzer)
    return backend


def _slugs(backend, analyzer, q):
    return [hit.slug for hit in backend.search(SearchRequest(plan=analyzer.parse(q)), analyzer).hits]


def test_a_replaced_index_file_is_reopened_not_served_from_the_old_copy(tmp_path, analyzer):
    rows = load_dev_cases()["services"]
    live_path = tmp_path / "search.sqlite3"
    worker = _file_backend(live_path, analyzer, rows[:1])  # a running worker with the file open
    (first,) = _slugs(worker, analyzer, rows[0]["title"])[:1]

    rebuilt = _file_backend(tmp_path / "rebuilt.sqlite3", analyzer, rows[1:2])
    rebuilt.db.close()
    os.replace(tmp_path / "rebuilt.sqlite3", live_path)  # restored or rebuilt elsewhere, moved in

    assert _slugs(worker, analyzer, rows[0]["title"]) != [first]
    assert _slugs(worker, analyzer, rows[1]["title"])[:1] == [f"case-{rows[1]['slug']}"]
    worker.db.close()


def test_a_deleted_index_file_is_unavailable_until_rebuilt(tmp_path, analyzer):
    rows = load_dev_cases()["services"]
    worker = _file_backend(tmp_path / "search.sqlite3", analyzer, rows)
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"search.sqlite3{suffix}").unlink(missing_ok=True)
    with pytest.raises(BackendUnavailable):
        worker.search(SearchRequest(plan=analyzer.parse("企业")), analyzer)
    worker.ensure_schema()  # search_reindex's first step
    worker.apply(as_documents(rows), [], analyzer)
    assert worker.search(SearchRequest(plan=analyzer.parse("企业")), analyzer).total > 0
    worker.db.close()


def test_elasticsearch_behind_a_proxy_answering_404_is_unavailable(analyzer):
    with RecordingElasticsearch(proxy_404=True) as proxy:
        backend = ElasticsearchBackend(url=proxy.url, index_name="rongcheng-search")
        with pytest.raises(BackendUnavailable):
            backend.search(SearchRequest(plan=analyzer.parse("专利")), analyzer)
        assert proxy.recorder.calls("POST", "/rongcheng-search/_search")


@pytest.mark.django_db
def test_the_api_and_page_answer_503_for_a_proxy_404(client, settings):
    with RecordingElasticsearch(proxy_404=True) as proxy:
        settings.ELASTICSEARCH_URL = proxy.url
        api = client.get("/api/v1/search/", {"q": "专利"})
        page = client.get("/search/", {"q": "专利"})
    assert api.status_code == 503 and api.json()["error"]
    assert page.status_code == 503


@pytest.mark.django_db
def test_the_file_index_is_refused_beside_a_server_database(settings, monkeypatch):
    """Several app servers would each keep their own copy of the index."""
    settings.SEARCH_SQLITE_PATH = ""
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(ImproperlyConfigured, match="SEARCH_SQLITE_PATH"):
        EmbeddedBackend()
    settings.SEARCH_SQLITE_PATH = "/tmp/rongcheng-explicit-opt-in.sqlite3"  # noqa: S108
    assert EmbeddedBackend().db.path == settings.SEARCH_SQLITE_PATH
