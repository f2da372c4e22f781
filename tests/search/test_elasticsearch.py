"""The Elasticsearch backend without a server: the mapping, the query and
facet bodies, the bulk actions and the unreachable-server path. The live
contract suite (test_backend_contract.py) runs against a real cluster when
ELASTICSEARCH_URL is set."""

from datetime import UTC, datetime

import pytest

from search.analyzer import Analyzer, load_shipped
from search.backends import BackendUnavailable, SearchRequest
from search.backends.elastic import ElasticsearchBackend, make_index
from tests.search.factories import as_documents


@pytest.fixture(scope="module")
def analyzer():
    shipped = load_shipped()
    return Analyzer(
        words=shipped["words"],
        synonyms=[(s["term"], s["equivalents"], s["two_way"]) for s in shipped["synonyms"]],
        stopwords=shipped["stopwords"],
    )


NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def backend():
    return ElasticsearchBackend(url="http://127.0.0.1:9", index_name="test-search")


def test_the_mapping_splits_pre_analysed_atoms_only():
    body = make_index("test-search").to_dict()
    assert body["settings"]["analysis"]["analyzer"]["atoms"] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase"],
    }
    properties = body["mappings"]["properties"]
    for field in ("title_terms", "body_terms", "meta_terms"):
        assert properties[field] == {"type": "text", "analyzer": "atoms"}
    for facet in ("type", "category", "incubator", "district", "fee", "key"):
        assert properties[facet] == {"type": "keyword"}
    assert properties["title"]["index"] is False and properties["body"]["index"] is False
    assert properties["data"] == {"type": "object", "enabled": False}


def test_the_query_is_a_phrase_per_alternative_and_every_clause_must_match(backend, analyzer):
    backend.client  # noqa: B018  (registers the connection; nothing is sent)
    plan = analyzer.parse("高企 认定")
    body = backend.faceted(SearchRequest(plan=plan, now=NOW)).__dict__["_s"].to_dict()
    fields = ["title_terms^5", "body_terms^1", "meta_terms^0.5", "syn_terms^0.5"]
    (match,) = body["query"]["bool"]["must"]
    assert match == {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [
                            {"multi_match": {"query": "高企", "type": "phrase", "fields": fields}},
                            {"multi_match": {"query": "高新 技术 企业", "type": "phrase", "fields": fields}},
                        ],
                        "minimum_should_match": 1,
                    }
                },
                {"multi_match": {"query": "认定", "type": "phrase", "fields": fields}},
            ]
        }
    }
    # ended events: everything else gets the largest constant score
    assert body["query"]["bool"]["should"][-1] == {
        "constant_score": {
            "filter": {"bool": {"must_not": [{"range": {"ends_at": {"lt": NOW.isoformat()}}}]}},
            "boost": 1_000_000.0,
        }
    }
    assert body["track_total_hits"] is True
    assert body["highlight"]["fields"]["body_terms"] == {
        "number_of_fragments": 0,
        "pre_tags": ["\x01"],
        "post_tags": ["\x02"],
    }


def test_facets_count_with_every_other_filter_and_the_hits_with_all(backend, analyzer):
    backend.client  # noqa: B018
    request = SearchRequest(
        plan=analyzer.parse("融资"), filters={"category": "financing", "fee": "free"}, offset=10
    )
    body = backend.faceted(request).__dict__["_s"].to_dict()
    assert body["from"] == 10 and body["size"] == 10
    assert body["post_filter"] == {
        "bool": {"must": [{"terms": {"category": ["financing"]}}, {"terms": {"fee": ["free"]}}]}
    }
    aggs = body["aggs"]
    assert aggs["_filter_category"]["filter"] == {"terms": {"fee": ["free"]}}
    assert aggs["_filter_fee"]["filter"] == {"terms": {"category": ["financing"]}}
    assert aggs["_filter_incubator"]["aggs"]["incubator"] == {"terms": {"field": "incubator", "size": 500}}
    assert set(aggs) == {f"_filter_{name}" for name in ("type", "category", "incubator", "district", "fee")}


def test_the_relaxed_query_needs_one_clause_and_ranks_those_holding_more(backend, analyzer):
    backend.client  # noqa: B018
    plan = analyzer.parse("量子 区块 专利")
    plan.mode = "relaxed"
    query = backend.faceted(SearchRequest(plan=plan)).__dict__["_s"].to_dict()["query"]
    (match,) = query["bool"]["must"]
    assert match["bool"]["minimum_should_match"] == 1 and len(match["bool"]["should"]) == 3
    # one tier above "any clause": any two of the three clauses
    should = query["bool"]["should"]
    (tier,) = [clause for clause in should if clause.get("constant_score", {}).get("boost") == 1000]
    pairs = tier["constant_score"]["filter"]["bool"]["should"]
    assert len(pairs) == 3 and all(len(pair["bool"]["must"]) == 2 for pair in pairs)


def test_an_empty_query_browses_by_type_then_title(backend, analyzer):
    backend.client  # noqa: B018
    body = backend.faceted(SearchRequest(plan=analyzer.parse(""))).__dict__["_s"].to_dict()
    assert "query" not in body or body["query"] == {"match_all": {}}
    assert body["sort"] == [{"type": {"order": "desc"}}, "title"]


def test_bulk_actions_upsert_documents_and_delete_keys(backend, analyzer):
    document = as_documents(
        [{"slug": "d04", "category": "legal", "title": "公司注册代办", "description": "代办营业执照。"}]
    )[0]
    delete, upsert = list(backend.actions([document], ["service:9"], analyzer))
    assert delete == {"_op_type": "delete", "_index": "test-search", "_id": "service:9"}
    assert upsert["_id"] == document.key and upsert["_index"] == "test-search"
    source = upsert["_source"]
    assert source["title_terms"] == "公司 注册 代办"
    assert source["body_terms"] == "代办 营业 执照"
    assert source["category"] == ["legal"] and source["digest"] == document.digest()
    # index-time synonyms: 公司注册 is also stored as what stands for it
    assert "工商" in source["syn_terms"].split() and "\ue000" in source["syn_terms"]


def test_an_unreachable_cluster_is_reported_not_raised_as_500(backend, analyzer):
    with pytest.raises(BackendUnavailable):
        backend.search(SearchRequest(plan=analyzer.parse("专利")), analyzer)
    with pytest.raises(BackendUnavailable):
        backend.apply([], ["service:1"], analyzer)


@pytest.mark.django_db
def test_the_api_answers_503_when_the_backend_is_down(client, settings):
    settings.SEARCH_BACKEND = "search.backends.elastic.ElasticsearchBackend"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/api/v1/search/", {"q": "专利"})
    assert response.status_code == 503 and response.json()["error"]
    page = client.get("/search/", {"q": "专利"})
    assert page.status_code == 503
    assert "暂时不可用" in page.content.decode() or "temporarily unavailable" in page.content.decode()
