"""The scorer on its own: words compared as the search compares them, the
field not counted twice, reasons, dismissal penalties."""

import pytest

from matchmaking.scoring import OfferIndex, make_profile, penalties_from, score_need
from search.analyzer import current

pytestmark = pytest.mark.django_db

# A field is an entry of the bureau's list: its id is what is compared.
MARINE = {"field": "海洋生物", "field_id": 1}


def offer(analyzer, pk, title, body="", **values):
    return make_profile(analyzer, pk=pk, kind="service", title=title, body=body, **values)


def need(analyzer, title, body="", **values):
    return make_profile(analyzer, pk=1000, kind="demand", title=title, body=body, **values)


def test_a_word_crossing_a_boundary_is_not_shared():
    analyzer = current()
    offers = [
        offer(analyzer, 1, "高新技术企业认定辅导", "高企申报"),
        offer(analyzer, 2, "融资路演组织", "股权融资"),
        offer(analyzer, 3, "冷链仓储咨询", "冷库节能"),
    ]
    index = OfferIndex(offers)
    results = score_need(need(analyzer, "提高企业冷链仓储效率", "盘活金融资产，冷库能耗高"), index)
    assert [r.offer.pk for r in results] == [3]


def test_a_synonym_in_the_need_finds_the_long_form():
    analyzer = current()
    index = OfferIndex([offer(analyzer, 1, "高新技术企业认定辅导"), offer(analyzer, 2, "创业辅导课程")])
    results = score_need(need(analyzer, "申报高企需要辅导"), index)
    assert [r.offer.pk for r in results][0] == 1
    assert "高新" in results[0].shared_terms


def test_sharing_only_the_field_is_no_match():
    analyzer = current()
    index = OfferIndex(
        [
            make_profile(analyzer, pk=1, kind="achievement", title="海带岩藻多糖提取", body="", **MARINE),
            make_profile(analyzer, pk=2, kind="achievement", title="海参肽制备", body="", **MARINE),
        ]
    )
    demand = need(analyzer, "海参加工副产物利用", "海洋生物方向", **MARINE)
    assert [r.offer.pk for r in score_need(demand, index)] == [2]


def test_reasons_name_field_maturity_modes_and_terms():
    analyzer = current()
    achievement = make_profile(
        analyzer,
        pk=1,
        kind="achievement",
        title="海参肽酶解制备技术",
        body="海参内脏酶解",
        **MARINE,
        maturity=6,
        modes=frozenset({"license", "joint"}),
        incubator_id=7,
        incubator_title="石岛",
        district="石岛管理区",
    )
    demand = need(
        analyzer,
        "海参肽制备",
        "海参内脏酶解",
        **MARINE,
        maturity_range=(5, 8),
        modes=frozenset({"license"}),
        incubator_id=7,
    )
    [result] = score_need(demand, OfferIndex([achievement]))
    codes = [code for code, _values in result.reasons]
    assert codes == ["field", "maturity_in", "modes", "same_incubator", "terms"]
    assert result.reasons[0][1] == {"field": "海洋生物", "field_id": 1}
    assert result.reasons[2][1] == {"modes": ["license"]}
    assert "海参" in result.reasons[-1][1]["terms"] and result.reasons[-1][1]["count"] >= 3
    assert result.score > 0.8


def test_fields_are_compared_by_identity_not_by_words():
    """海洋装备 and 智能装备 share the word 装备 but are two entries: no field
    point; two pages in one entry get it whatever their texts say."""
    analyzer = current()
    smart = {"field": "智能装备", "field_id": 2}
    marine = {"field": "海洋装备", "field_id": 3}
    index = OfferIndex(
        [
            make_profile(analyzer, pk=1, kind="achievement", title="网箱投饵无人船", body="投饵", **smart),
            make_profile(analyzer, pk=2, kind="achievement", title="网箱投饵无人船", body="投饵", **marine),
        ]
    )
    results = {r.offer.pk: r for r in score_need(need(analyzer, "网箱投饵", "投饵无人船", **marine), index)}
    assert [code for code, _values in results[2].reasons][0] == "field"
    assert "field" not in [code for code, _values in results[1].reasons]
    assert results[2].score > results[1].score


def test_maturity_outside_the_range_lowers_the_score():
    analyzer = current()
    offers = [
        make_profile(analyzer, pk=pk, kind="achievement", title="海参肽制备", body="", maturity=trl)
        for pk, trl in ((1, 6), (2, 2))
    ]
    results = score_need(need(analyzer, "海参肽制备", maturity_range=(5, 8)), OfferIndex(offers))
    assert [r.offer.pk for r in results] == [1, 2]
    assert results[1].reasons[0] == ["maturity_out", {"trl": 2, "low": 5, "high": 8}]


def test_dismissed_terms_weigh_less():
    penalties = penalties_from([["装备", "智能"], ["智能"]])
    assert penalties["智能"] == pytest.approx(1 / 3)
    assert penalties["装备"] == pytest.approx(1 / 2)
    analyzer = current()
    offers = [offer(analyzer, 1, "智能分拣机器人"), offer(analyzer, 2, "海参分拣设备")]
    demand = need(analyzer, "海参智能分拣")
    plain = {r.offer.pk: r.score for r in score_need(demand, OfferIndex(offers))}
    tuned = {r.offer.pk: r.score for r in score_need(demand, OfferIndex(offers), penalties_from([["智能"]]))}
    assert tuned[1] < plain[1]
    assert tuned[2] == plain[2]
