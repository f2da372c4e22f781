"""Help when a search finds nothing (issue 8, item 6): categories come from
the query's intent words, never at random; close vocabulary terms are
offered; the message takes the whole results column."""

import pytest

from search.engine import empty_help

pytestmark = pytest.mark.django_db


def test_categories_come_from_the_intent_of_the_query(demo):
    assert empty_help("律师咨询服务费多少")["categories"] == ["legal"]


def test_no_intent_no_category(demo):
    assert empty_help("xyzzyplugh")["categories"] == []


def test_close_vocabulary_terms_are_offered(demo):
    assert "知识产权" in empty_help("知识产全")["suggestions"]


def test_the_page_spans_the_results_column_and_suggests_no_random_category(client, demo):
    response = client.get("/search/", {"q": "xyzzyplugh"})
    html = response.content.decode()
    assert response.context["outcome"].count == 0
    assert 'class="search-layout search-layout--single"' in html
    assert 'class="card search-help"' in html
    assert "浏览相关类别" not in html and not response.context["hints"]


def test_an_intent_category_is_offered_with_its_strongest_incubators(client, demo):
    response = client.get("/search/", {"q": "律师", "type": "event"})
    if response.context["outcome"].count:
        pytest.skip("the demo network has a legal event")
    categories = [item["code"] for item in response.context["empty_help"]["categories"]]
    assert categories == ["legal"] and response.context["hints"]
