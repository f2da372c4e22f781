"""Elasticsearch rebuilds without downtime (issue 11, item 3): a new versioned
index, an alias swapped when it is complete, the old index deleted — checked
through the requests the backend sends over HTTP to a recording stand-in
(tests/search/es_server.py); the live contract suite covers a real cluster."""

import io
import json

import pytest
from django.core.management import call_command

from search.analyzer import Analyzer, load_shipped
from search.backends import BackendUnavailable, SearchRequest
from search.backends.elastic import ElasticsearchBackend
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


@pytest.fixture
def es():
    with RecordingElasticsearch() as server:
        yield server


def total(backend, analyzer):
    return backend.search(SearchRequest(plan=analyzer.parse("企业")), analyzer).total


def test_the_first_write_creates_a_versioned_index_behind_the_alias(es, analyzer):
    backend = ElasticsearchBackend(url=es.url, index_name="rc")
    backend.apply(as_documents(load_dev_cases()["services"][:3]), [], analyzer)
    (index,) = es.recorder.aliased("rc")
    assert index.startswith("rc-v")
    (_method, _path, body) = es.recorder.calls("PUT", f"/{index}")[0]
    assert json.loads(body)["aliases"] == {"rc": {}}
    # documents go through the alias
    (_method, _path, bulk) = es.recorder.calls(path_contains="/_bulk")[0]
    assert json.loads(bulk.splitlines()[0])["index"]["_index"] == "rc"


def test_a_rebuild_fills_a_new_index_while_searches_use_the_old_one(es, analyzer):
    rows = load_dev_cases()["services"]
    backend = ElasticsearchBackend(url=es.url, index_name="rc")
    backend.apply(as_documents(rows[:3]), [], analyzer)
    (old,) = es.recorder.aliased("rc")

    with backend.rebuilding() as target:
        new = target.index_name
        assert new != old and new.startswith("rc-v")
        created = json.loads(es.recorder.calls("PUT", f"/{new}")[0][2])
        assert created["aliases"] == {"rc-building": {}}
        assert created["settings"]["refresh_interval"] == "-1"
        target.apply(as_documents(rows), [], analyzer)
        assert len(es.recorder.indexes[new]["docs"]) == len(rows)
        # Meanwhile: searches answer from the complete old index ...
        assert es.recorder.aliased("rc") == [old]
        assert total(backend, analyzer) == 3
        # ... and a drain leaves its rows queued rather than write to an
        # index that is about to be replaced.
        with pytest.raises(BackendUnavailable, match="rebuild"):
            backend.apply(as_documents(rows[:1]), [], analyzer)

    assert es.recorder.aliased("rc") == [new]
    assert es.recorder.aliased("rc-building") == []
    assert old not in es.recorder.indexes, "the old index is cleaned up"
    assert total(backend, analyzer) == len(rows)
    (swap,) = es.recorder.calls("POST", "/_aliases")
    actions = json.loads(swap[2])["actions"]
    assert {"remove": {"index": old, "alias": "rc"}} in actions
    assert {"add": {"index": new, "alias": "rc"}} in actions, "one atomic _aliases call swaps the alias"
    assert es.recorder.indexes[new]["settings"]["index"] == {"refresh_interval": None}
    backend.apply(as_documents(rows[:1]), [], analyzer)  # drains work again


def test_a_failed_rebuild_leaves_the_live_index_alone(es, analyzer):
    rows = load_dev_cases()["services"]
    backend = ElasticsearchBackend(url=es.url, index_name="rc")
    backend.apply(as_documents(rows[:3]), [], analyzer)
    (old,) = es.recorder.aliased("rc")
    with pytest.raises(RuntimeError), backend.rebuilding() as target:
        target.apply(as_documents(rows[:5]), [], analyzer)
        raise RuntimeError("the database went away mid-rebuild")
    assert set(es.recorder.indexes) == {old}
    assert es.recorder.aliased("rc") == [old]
    assert total(backend, analyzer) == 3


def test_a_rebuild_replaces_an_unversioned_index_of_the_alias_name(es, analyzer):
    """Deployments from before versioning have a concrete index called like the alias."""
    es.recorder.indexes["rc"] = {"aliases": set(), "docs": {"service:1": {}}, "settings": {}, "mappings": {}}
    backend = ElasticsearchBackend(url=es.url, index_name="rc")
    with backend.rebuilding() as target:
        target.apply(as_documents(load_dev_cases()["services"]), [], analyzer)
    (swap,) = es.recorder.calls("POST", "/_aliases")
    assert json.loads(swap[2])["actions"][1] == {"remove_index": {"index": "rc"}}
    assert es.recorder.aliased("rc") == [target.index_name]


def test_a_rebuild_left_half_done_by_a_crash_is_removed_by_the_next(es, analyzer):
    backend = ElasticsearchBackend(url=es.url, index_name="rc")
    backend.apply(as_documents(load_dev_cases()["services"][:2]), [], analyzer)
    es.recorder.indexes["rc-v20000101T000000000000"] = {
        "aliases": {"rc-building"},
        "docs": {},
        "settings": {},
        "mappings": {},
    }
    with backend.rebuilding() as target:
        target.apply(as_documents(load_dev_cases()["services"]), [], analyzer)
    assert set(es.recorder.indexes) == {target.index_name}


@pytest.mark.django_db
def test_search_reindex_swaps_the_alias_and_then_applies_the_queue(es, settings):
    settings.ELASTICSEARCH_URL = es.url
    settings.SEARCH_ELASTICSEARCH_INDEX = "rc"
    call_command("search_reindex", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    (first,) = es.recorder.aliased("rc")
    from search.indexing import count_documents

    assert len(es.recorder.indexes[first]["docs"]) == count_documents()
    call_command("search_reindex", "--no-progress", stdout=(out := io.StringIO()), stderr=io.StringIO())
    (second,) = es.recorder.aliased("rc")
    assert second != first and set(es.recorder.indexes) == {second}
    assert "elasticsearch" in out.getvalue()
