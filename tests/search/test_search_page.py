"""The public search page: one box, facets with counts, highlighted results
with incubator, strength and request link, help when nothing matched."""

import pytest
from django.urls import reverse

from tests.search.test_api import BAD_INPUTS

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_search_page_is_linked_from_the_navigation(client):
    assert f'href="{reverse("search")}"' in client.get("/").content.decode()


def test_a_result_shows_its_incubator_strength_and_request_link(client, demo):
    response = client.get("/search/", {"q": "代理记账"})
    html = response.content.decode()
    service = demo.service("huigu-bookkeeping")
    incubator = demo.incubator("huigu")
    # The title links through /search/open/… (search analytics), which redirects to the page;
    # each search has its own token, so the link is read from this very page.
    result = next(r for r in response.context["results"] if r["slug"] == service.slug)
    assert f'href="{result["open_url"]}"' in html
    assert client.get(result["open_url"])["Location"] == service.url
    assert "<mark>代理</mark><mark>记账</mark>" in html or "<mark>代理记账</mark>" in html
    assert incubator.title in html and f'href="{incubator.url}"' in html
    assert f"强度 {incubator.strength_in('finance_tax')}" in html
    assert f'href="{reverse("referral_request", args=[service.pk])}"' in html
    assert "申请此服务" in html


def test_the_request_link_falls_back_to_the_service_page(monkeypatch):
    from django.urls import NoReverseMatch

    from search import views

    def missing(*args, **kwargs):
        raise NoReverseMatch("referral feature not installed")

    monkeypatch.setattr(views, "reverse", missing)
    assert views.request_url({"page_id": 1, "url": "/x/"}) == "/x/"


def test_facets_link_to_filtered_searches_with_counts(client):
    html = page(client, q="融资")
    assert 'class="facet__option' in html
    assert "?q=%E8%9E%8D%E8%B5%84&amp;category=financing" in html
    filtered = page(client, q="融资", category="financing")
    assert 'aria-current="true"' in filtered
    assert "全网融资最强的孵化器" in filtered


def test_the_page_is_in_chinese_with_labelled_controls(client):
    html = page(client, q="专利")
    assert '<label for="search-q">' in html and 'id="search-q"' in html
    assert "搜索服务" in html and "筛选结果" in html
    assert 'role="search"' in html


def test_an_empty_result_offers_help_but_no_random_category(client):
    """Categories come only from the query's intent words (tests/search/test_empty_help.py)."""
    html = page(client, q="碳排放核查")
    assert "没有找到匹配的结果" in html
    assert "浏览相关类别" not in html and "最强的孵化器" not in html


def test_a_partial_match_suggests_the_term_a_person_half_remembers(client):
    html = page(client, q="量子计算")
    assert "没有同时包含所有关键词的条目" in html
    assert "云计算</a>" in html  # did you mean
    assert "category=information" in html
    assert "全网信息最强的孵化器" in html


def test_a_query_widened_by_synonyms_says_so(client):
    html = page(client, q="高企")
    assert '<p class="muted search-expansions">同时搜索了： 高新技术企业</p>' in html


def test_paging_links_appear_for_long_result_lists(client):
    html = page(client, q="企业")
    assert 'rel="next"' in html and 'aria-current="page"' in html


def test_invalid_filters_are_ignored_on_the_page(client):
    html = page(client, q="专利", category="nope", page="abc")
    assert "专利申请代理" in html


@pytest.mark.parametrize("typed", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_any_typed_string_renders_the_page(client, typed):
    response = client.get(reverse("search"), {"q": typed})
    assert response.status_code == 200


def test_the_query_is_escaped_in_the_page(client):
    html = page(client, q="<script>alert(1)</script>专利")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
