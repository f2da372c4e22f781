"""The same contract for every backend, over the dev corpus indexed directly:
the embedded backend in its own SQLite file (SEARCH_SQLITE_PATH), PostgreSQL
full text when the test database is PostgreSQL (``make test`` runs the suite
on both), and Elasticsearch when ELASTICSEARCH_URL is set."""

import os
import uuid

import pytest
from django.db import connection

from search.analyzer import Analyzer, load_shipped
from search.backends import SearchRequest
from search.backends.elastic import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.backends.postgres import PostgresBackend
from search.engine import SearchParams, run_search
from tests.search.conftest import load_dev_cases
from tests.search.factories import as_documents

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture(scope="module")
def analyzer():
    shipped = load_shipped()
    return Analyzer(
        words=shipped["words"],
        synonyms=[(s["term"], s["equivalents"], s["two_way"]) for s in shipped["synonyms"]],
        stopwords=shipped["stopwords"],
    )


@pytest.fixture(
    params=[
        "embedded-file",
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(
                not ON_POSTGRES, reason="the test database is not PostgreSQL (make pytest-postgres runs it)"
            ),
        ),
        pytest.param(
            "elasticsearch",
            marks=[
                pytest.mark.elasticsearch,
                pytest.mark.skipif(not ES_URL, reason="ELASTICSEARCH_URL is not set: no live Elasticsearch"),
            ],
        ),
    ]
)
def backend(request, tmp_path, analyzer):
    rows = load_dev_cases()["services"]
    if request.param == "embedded-file":
        backend = EmbeddedBackend(path=tmp_path / "index.sqlite3")
    elif request.param == "postgres":
        request.getfixturevalue("db")  # the table is in the test database; each test rolls back
        backend = PostgresBackend()
        backend.clear()  # without the demo network load_demo indexed
    else:
        backend = ElasticsearchBackend(url=ES_URL, index_name=f"test-search-{uuid.uuid4().hex[:8]}")
        backend.clear()
    half = len(rows) // 2
    backend.apply(as_documents(rows[:half]), [], analyzer)
    backend.apply(as_documents(rows)[half:], [], analyzer)  # a second batch: upserts add up
    yield backend
    if request.param == "elasticsearch":
        backend.drop()
    elif request.param == "embedded-file":
        backend.db.close()


def search(backend, analyzer, q, **filters):
    return backend.search(SearchRequest(plan=analyzer.parse(q), filters=filters, limit=10), analyzer)


def slugs(result):
    return [hit.slug.removeprefix("case-") for hit in result.hits]


@pytest.mark.parametrize("case", load_dev_cases()["cases"], ids=lambda case: case["q"])
def test_dev_case(backend, analyzer, case):
    filters = {"category": case["category"]} if case.get("category") else {}
    top = slugs(search(backend, analyzer, case["q"], **filters))
    assert all(gold in top for gold in case["gold"]), top
    assert not any(trap in top for trap in case["traps"]), top


def test_title_matches_rank_first(backend, analyzer):
    assert slugs(search(backend, analyzer, "市场"))[:1] in (["d07"], ["d08"])


def test_facets_and_total(backend, analyzer):
    result = search(backend, analyzer, "企业")
    assert result.total == sum(result.facets["type"].values()) == sum(result.facets["category"].values())
    assert result.facets["incubator"] == {"dev-cases": result.total}
    filtered = search(backend, analyzer, "企业", category="tech_innovation")
    assert filtered.total == result.facets["category"]["tech_innovation"]
    assert filtered.facets["category"] == result.facets["category"]


def test_matched_atoms_are_marked(backend, analyzer):
    (hit,) = search(backend, analyzer, "揭榜挂帅").hits
    assert "\x01" in hit.marked["title"] and "\x01" in hit.marked["body"]


def test_paging_and_deletes(backend, analyzer):
    first = backend.search(SearchRequest(plan=analyzer.parse("企业"), limit=2), analyzer)
    second = backend.search(SearchRequest(plan=analyzer.parse("企业"), limit=2, offset=2), analyzer)
    assert not {h.key for h in first.hits} & {h.key for h in second.hits}
    backend.apply([], [first.hits[0].key], analyzer)
    assert search(backend, analyzer, "企业").total == first.total - 1


def test_digests_list_every_document(backend):
    assert len(backend.digests()) == len(load_dev_cases()["services"])


@pytest.mark.django_db
def test_the_engine_runs_on_this_backend(backend):
    outcome = run_search(SearchParams(q="个税"), backend=backend)
    assert [r["slug"] for r in outcome.results] == ["case-d01"]
    assert "<mark>" in outcome.results[0]["snippet"]
