"""GET /api/v1/search/ as docs/interfaces.md shows it, over the demo network."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/search/"
BAD_INPUTS = [
    '"',
    "'",
    "*",
    "AND",
    "OR",
    "NEAR(",
    "代理 AND 记账 OR NEAR(专利, 5)",
    "-",
    "-代理记账",
    "((",
    "))",
    "[专利",
    "{融资}",
    "专利*",
    "x" * 10_000,
    "代理记账" * 2500,
    "😀",
    "融资🚀贷款",
    "'; DROP TABLE search_fts_doc; --",
    "1 OR 1=1",
    "title_terms:专利",
    "\\",
    "%",
    "_",
    "\u200b",
    "　",
]


def get(client, **params):
    response = client.get(API, params)
    return response, response.json()


def test_results_have_exactly_the_keys_of_the_contract(client, demo):
    response, data = get(client, q="代理记账")
    assert response.status_code == 200
    assert set(data) == {"count", "page", "results", "facets"}
    assert data["page"] == 1 and data["count"] >= 1
    first = data["results"][0]
    assert set(first) == {"type", "slug", "title", "url", "incubator", "category", "snippet"}
    assert first == first | {"type": "service", "slug": "huigu-bookkeeping", "incubator": "huigu"}
    assert first["category"] == "finance_tax"
    assert first["url"] == demo.service("huigu-bookkeeping").url


def test_facets_count_each_value_of_the_result_set(client):
    _response, data = get(client, q="融资")
    facets = data["facets"]
    assert set(facets) == {"type", "category", "incubator", "district", "fee"}
    assert sum(facets["type"].values()) == data["count"]
    assert facets["category"]["financing"] >= 5
    assert all(isinstance(n, int) and n > 0 for values in facets.values() for n in values.values())


def test_a_filter_narrows_the_count_and_keeps_the_alternatives_of_its_own_facet(client):
    _r, everything = get(client, q="融资")
    _r, services = get(client, q="融资", type="service")
    assert services["count"] == everything["facets"]["type"]["service"]
    assert {r["type"] for r in services["results"]} == {"service"}
    # FacetedSearch semantics: the type facet still shows the other types
    assert services["facets"]["type"] == everything["facets"]["type"]


def test_category_incubator_district_and_fee_filters_apply(client, demo):
    _r, data = get(client, q="服务", category="legal", fee="paid")
    assert data["count"] >= 1
    for result in data["results"]:
        service = demo.service(result["slug"])
        assert service.category == "legal" and service.fee == "paid"
    _r, data = get(client, q="服务", incubator="lihai")
    assert data["results"] and {r["incubator"] for r in data["results"]} == {"lihai"}
    district = demo.incubator("lihai").district
    _r, by_district = get(client, q="服务", district=district)
    assert by_district["count"] >= data["count"]


def test_snippets_mark_the_match_and_escape_everything_else(client):
    _r, data = get(client, q="知识产权")
    snippets = [r["snippet"] for r in data["results"]]
    assert any("<mark>知识产权</mark>" in s or "<mark>知识</mark><mark>产权</mark>" in s for s in snippets)
    for snippet in snippets:
        stripped = snippet.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped and ">" not in stripped


def test_a_boundary_trap_is_not_highlighted(client, demo, drained):
    from tests.factories import make_service

    with drained():
        make_service(demo.incubator("huigu"), title="化工商品检测委托", slug="trap-chem")
        make_service(demo.incubator("huigu"), title="工商变更登记", slug="real-gongshang")
    _r, data = get(client, q="工商")
    slugs = [r["slug"] for r in data["results"]]
    assert "real-gongshang" in slugs and "trap-chem" not in slugs


def test_paging_is_one_based_and_pages_do_not_overlap(client):
    _r, first = get(client, q="企业")
    _r, second = get(client, q="企业", page=2)
    assert first["count"] > 10 and second["page"] == 2
    assert len(first["results"]) == 10
    assert not {r["slug"] for r in first["results"]} & {r["slug"] for r in second["results"]}
    _r, beyond = get(client, q="企业", page=400)
    assert beyond["results"] == [] and beyond["count"] == first["count"]


def test_an_empty_query_lists_everything_with_facets(client):
    _r, data = get(client)
    assert data["count"] >= 46 + 5
    assert data["facets"]["type"]["incubator"] == 5


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"category": "nope"}, "category"),
        ({"type": "page"}, "type"),
        ({"fee": "cheap"}, "fee"),
        ({"incubator": "not a slug!"}, "incubator"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    data = response.json()
    assert data["error"] and field in data["fields"]


@pytest.mark.parametrize("typed", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_any_typed_string_gets_results_or_an_empty_list(client, typed):
    response = client.get(API, {"q": typed})
    assert response.status_code == 200
    data = response.json()
    assert isinstance(data["results"], list) and data["count"] >= 0


def test_typing_a_quote_finds_nothing_rather_than_failing(client):
    response, data = get(client, q='"')
    assert response.status_code == 200 and data["count"] == 0


def test_an_operator_word_is_searched_as_a_word(client):
    _r, data = get(client, q="SYB")
    assert [r["slug"] for r in data["results"]][:1] == ["zhulangzhe-sybcourse"]


def test_only_get_is_allowed(client):
    assert client.post(API, {"q": "x"}).status_code == 405


def test_events_are_searchable_with_their_host_incubator(client):
    from events.models import EventPage

    event = EventPage.objects.live().first()
    _r, data = get(client, q=event.title, type="event")
    assert data["results"][0]["slug"] == event.slug
    assert data["results"][0]["incubator"]


def test_published_achievements_are_searchable(client):
    from achievements.models import AchievementPage

    achievement = AchievementPage.objects.live().first()
    _r, data = get(client, q=achievement.title, type="achievement")
    assert data["results"][0]["slug"] == achievement.slug
    assert data["facets"]["type"] == {"achievement": data["count"]}


def test_unapproved_achievements_stay_out(client):
    from achievements.models import AchievementPage

    draft = AchievementPage.objects.filter(live=False).first()
    if draft is None:
        pytest.skip("the demo has no unapproved achievement")
    _r, data = get(client, q=draft.title, type="achievement")
    assert draft.slug not in [r["slug"] for r in data["results"]]


def test_event_results_carry_their_start_and_whether_they_ended(client):
    from django.utils import timezone

    _response, data = get(client, q="对接会")
    events = [result for result in data["results"] if result["type"] == "event"]
    assert events
    for result in events:
        start = timezone.datetime.fromisoformat(result["start"])
        assert isinstance(result["ended"], bool)
        if start > timezone.now():
            assert result["ended"] is False
    services = [result for result in data["results"] if result["type"] != "event"]
    assert all("ended" not in result and "start" not in result for result in services)


def test_ended_events_rank_after_services_and_upcoming_events(client, demo, drained):
    import datetime

    from django.utils import timezone

    from tests.events.factories import make_event
    from tests.factories import make_service

    huigu = demo.incubator("huigu")
    with drained():
        over = make_event(huigu, title="海蜇养殖技术培训", start=timezone.now() - datetime.timedelta(days=30))
        make_event(huigu, title="海蜇养殖技术对接会")
        make_service(huigu, title="海蜇养殖技术咨询", slug="jellyfish")
    _response, data = get(client, q="海蜇养殖")
    ranked = [(result["slug"], result.get("ended")) for result in data["results"]]
    assert ranked[-1] == (over.slug, True) and len(ranked) == 3
    assert {slug for slug, _ended in ranked[:2]} >= {"jellyfish"}
    page = client.get("/search/", {"q": "海蜇养殖"}).content.decode()
    assert page.count("tag--ended") == 1


def test_a_question_with_no_result_for_every_word_is_relaxed_and_says_so(client):
    _response, data = get(client, q="代理记账 火箭发射")
    assert data["count"] >= 1 and "huigu-bookkeeping" in [r["slug"] for r in data["results"]]
    page = client.get("/search/", {"q": "代理记账 火箭发射"}).content.decode()
    assert "没有同时包含所有关键词的条目" in page
