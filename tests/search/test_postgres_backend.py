# ruff: noqa: S608
# (S608: the table name is a module constant; values are bound parameters.)
"""The PostgreSQL full-text backend (issue 11, item 2), on the test database
when it is PostgreSQL (``make pytest-postgres``); skipped on SQLite. The
contract suite (test_backend_contract.py) runs on it too, and on PostgreSQL
every API, page and lifecycle test goes through it, since it is chosen
automatically there."""

import pytest
from django.db import connection

from search.backends import SearchRequest, get_backend
from search.backends.embedded import EmbeddedBackend
from search.backends.postgres import TABLE, PostgresBackend
from tests.search.es_bodies import score
from tests.search.test_backend_equivalence import NOW, QUERIES, documents

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the test database is not PostgreSQL (make pytest-postgres runs these)",
    ),
]


@pytest.fixture
def indexed(tmp_path):
    from search.analyzer import build_shipped
    from search.backends.elastic import ElasticsearchBackend

    analyzer = build_shipped()
    docs = documents()
    postgres = PostgresBackend()
    postgres.clear()  # inside the test's transaction: rolled back afterwards
    postgres.apply(docs, [], analyzer)
    embedded = EmbeddedBackend(path=tmp_path / "index.sqlite3")
    embedded.apply(docs, [], analyzer)
    elastic = ElasticsearchBackend(url="http://127.0.0.1:9", index_name="equivalence")
    elastic.client  # noqa: B018  (registers the connection; nothing is sent)
    from datetime import datetime

    sources = {action["_id"]: dict(action["_source"]) for action in elastic.actions(docs, [], analyzer)}
    for source in sources.values():
        if isinstance(source.get("ends_at"), str):
            source["ends_at"] = datetime.fromisoformat(source["ends_at"])
    yield analyzer, postgres, embedded, elastic, sources
    embedded.db.close()


def test_it_is_chosen_when_the_database_is_postgresql(settings):
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_BACKEND = ""
    assert isinstance(get_backend(), PostgresBackend)


def test_same_documents_and_tier_order_as_the_other_backends(indexed):
    analyzer, postgres, embedded, elastic, sources = indexed
    checked = 0
    for q in QUERIES:
        plan = analyzer.parse(q)
        if plan.is_empty:
            continue
        for mode in ["all", "relaxed"] if len(plan.required) > 1 else ["all"]:
            plan.mode = mode
            request = SearchRequest(plan=plan, limit=1000, now=NOW)
            ranked = [hit.key for hit in postgres.search(request, analyzer).hits]
            assert set(ranked) == {hit.key for hit in embedded.search(request, analyzer).hits}, (q, mode)
            body = elastic.faceted(request).__dict__["_s"].to_dict()["query"]
            tiers = [score(body, sources[key]) for key in ranked]
            assert tiers == sorted(tiers, reverse=True), (q, mode, list(zip(ranked, tiers, strict=True)))
            checked += 1
    assert checked > 100


def test_ended_events_come_last(indexed):
    analyzer, postgres, *_ = indexed
    keys = [
        hit.key
        for hit in postgres.search(
            SearchRequest(plan=analyzer.parse("高企认定"), limit=100, now=NOW), analyzer
        ).hits
    ]
    assert keys[-1] == "event:900" and "event:901" in keys[:-1]


def test_a_phrase_never_runs_from_one_field_into_the_next(indexed):
    from search.analyzer import build_shipped
    from search.documents import SearchDocument

    analyzer = build_shipped()
    _analyzer, postgres, *_ = indexed
    postgres.clear()
    postgres.apply(
        [SearchDocument(type="service", page_id=1, slug="s", title="海洋 牧场", url="/s/", body="碳汇 核算")],
        [],
        analyzer,
    )
    with connection.cursor() as cursor:
        sql = "SELECT tsv @@ phraseto_tsquery('simple', %s), tsv @@ phraseto_tsquery('simple', %s)"
        sql += f" FROM {TABLE}"
        cursor.execute(sql, ["牧场 碳汇", "海洋 牧场"])
        assert cursor.fetchone() == (False, True)


def test_matches_are_read_from_the_gin_index(indexed):
    analyzer, postgres, *_ = indexed
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT key FROM {TABLE} WHERE tsv @@ phraseto_tsquery('simple', '代理 记账')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"{TABLE}_tsv" in plan
