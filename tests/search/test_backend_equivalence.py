"""Embedded and Elasticsearch backends give the same answers: every query of
the shared dev cases and of the founders' question set, in both modes, over
the dev corpus, our own cases, the demo services and two events (one over).
The embedded backend answers from its index; the Elasticsearch backend is
judged by the query bodies it sends, read by tests.search.es_bodies (the
live suite, test_backend_contract.py, runs them on a cluster when
ELASTICSEARCH_URL is set). Same documents, and the same tier order: along
the embedded ranking, the body's constant scores (tiers, "not ended") never
rise. Only the order within a tier (each engine's own BM25) may differ."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from search.analyzer import build_shipped
from search.backends import SearchRequest
from search.backends.elastic import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.documents import SearchDocument
from tests.search.conftest import load_dev_cases
from tests.search.es_bodies import score
from tests.search.factories import OWN_CASES, OWN_SERVICES, as_documents

DATA = Path(__file__).resolve().parent / "data"
DEMO = Path(__file__).resolve().parents[2] / "site" / "home" / "demo" / "directory.json"
NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)


def founder_questions():
    return json.loads((DATA / "founder-questions.json").read_text(encoding="utf-8"))["cases"]


def documents():
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    keys = ("slug", "category", "title", "description")
    services = [{key: row[key] for key in keys} for row in demo["services"]]
    docs = as_documents(load_dev_cases()["services"] + OWN_SERVICES)
    docs += as_documents(services, incubator="demo")
    for offset, doc in enumerate(docs):
        doc.page_id = 1000 + offset
    docs += [
        SearchDocument(
            type="event",
            page_id=900,
            slug="hitech-ended",
            title="高新技术企业认定申报辅导",
            url="/e/1/",
            body="讲解高企认定条件",
            incubator="demo",
            ends=NOW - timedelta(days=90),
        ),
        SearchDocument(
            type="event",
            page_id=901,
            slug="hitech-upcoming",
            title="高企政策宣讲会",
            url="/e/2/",
            body="高新技术企业认定新政解读",
            incubator="demo",
            ends=NOW + timedelta(days=20),
        ),
    ]
    return docs


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    analyzer = build_shipped()
    docs = documents()
    embedded = EmbeddedBackend(path=tmp_path_factory.mktemp("equivalence") / "index.sqlite3")
    embedded.apply(docs, [], analyzer)
    elastic = ElasticsearchBackend(url="http://127.0.0.1:9", index_name="equivalence")
    elastic.client  # noqa: B018  (registers the connection; nothing is sent)
    sources = {action["_id"]: dict(action["_source"]) for action in elastic.actions(docs, [], analyzer)}
    for source in sources.values():
        if isinstance(source.get("ends_at"), str):
            source["ends_at"] = datetime.fromisoformat(source["ends_at"])
    yield analyzer, embedded, elastic, sources
    embedded.db.close()


QUERIES = sorted(
    {case["q"] for case in load_dev_cases()["cases"]}
    | {case["q"] for case in OWN_CASES}
    | {case["q"] for case in founder_questions()}
    | {"高企认定", "量子计算 专利", "代账 区块链", "!!!"}
)


@pytest.mark.parametrize("q", QUERIES)
def test_both_backends_select_the_same_documents_in_the_same_tiers(setup, q):
    analyzer, embedded, elastic, sources = setup
    plan = analyzer.parse(q)
    modes = ["all", "relaxed"] if len(plan.required) > 1 else ["all"]
    for mode in modes:
        plan.mode = mode
        request = SearchRequest(plan=plan, limit=1000, now=NOW)
        ranked = [hit.key for hit in embedded.search(request, analyzer).hits] if not plan.is_empty else []
        if plan.is_empty:
            continue
        body = elastic.faceted(request).__dict__["_s"].to_dict()["query"]
        scores = {key: score(body, source) for key, source in sources.items()}
        assert set(ranked) == {key for key, found in scores.items() if found is not None}, mode
        tiers = [scores[key] for key in ranked]
        assert tiers == sorted(tiers, reverse=True), (mode, list(zip(ranked, tiers, strict=True)))


def test_ended_events_come_after_services_and_upcoming_events(setup):
    analyzer, embedded, _elastic, _sources = setup
    request = SearchRequest(plan=analyzer.parse("高企认定"), limit=100, now=NOW)
    keys = [hit.key for hit in embedded.search(request, analyzer).hits]
    assert keys[-1] == "event:900" and "event:901" in keys[:-1]
