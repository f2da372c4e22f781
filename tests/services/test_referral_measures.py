"""The bureau's measures on known data (the year 2019, which the demo data
does not touch), their CSV export, the quota feed and the ranking hints."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from services import referrals
from services.hints import strongest_incubators
from tests.services.factories import make_referral

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=9, year=2019):
    return datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def known(demo):
    """Five referrals requested in 2019:

    huigu → kechuang  legal            completed, first response 2 h, rated 5
    huigu → kechuang  tech_innovation  completed, first response 4 h, rated 3
    lihai → kechuang  legal            declined,  first response 6 h
    none  → kechuang  legal            new
    kechuang → huigu  finance_tax      accepted,  first response 10 h
    """
    huigu, kechuang, lihai = (demo.incubator(s) for s in ("huigu", "kechuang", "lihai"))
    patent, testing = demo.service("kechuang-patent"), demo.service("kechuang-testing")
    hours = timedelta(hours=1)
    return [
        make_referral(patent, from_incubator=huigu, status="completed", at=at(1, 10),
                      first_response_after=2 * hours, rating=5),
        make_referral(testing, from_incubator=huigu, status="completed", at=at(2, 1),
                      first_response_after=4 * hours, rating=3),
        make_referral(patent, from_incubator=lihai, status="declined", at=at(3, 1),
                      first_response_after=6 * hours),
        make_referral(patent, status="new", at=at(3, 2)),
        make_referral(demo.service("huigu-bookkeeping"), from_incubator=kechuang, status="accepted",
                      at=at(4, 1), first_response_after=10 * hours),
    ]  # fmt: skip


def test_matrix_counts_by_pair_status_and_category(known):
    result = referrals.measures(2019)
    pairs = [(s.slug if s else None, t.slug) for s, t, _cell in result.rows]
    assert pairs == [("huigu", "kechuang"), ("kechuang", "huigu"), ("lihai", "kechuang"), (None, "kechuang")]
    cells = {pair: cell for pair, (_s, _t, cell) in zip(pairs, result.rows, strict=True)}

    first = cells[("huigu", "kechuang")]
    assert first.total == 2
    assert first.by_status == {"new": 0, "accepted": 0, "declined": 0, "completed": 2}
    assert first.by_category["legal"] == 1 and first.by_category["tech_innovation"] == 1
    assert first.completion_rate == 1.0
    assert first.median_first_response == timedelta(hours=3)
    assert first.average_rating == 4.0

    assert cells[("lihai", "kechuang")].by_status["declined"] == 1
    assert cells[("kechuang", "huigu")].by_category["finance_tax"] == 1
    assert cells[(None, "kechuang")].median_first_response is None


def test_totals_median_completion_rate_and_average_rating(known):
    total = referrals.measures(2019).total
    assert total.total == 5
    assert total.by_status == {"new": 1, "accepted": 1, "declined": 1, "completed": 2}
    assert total.completion_rate == pytest.approx(0.4)
    assert total.median_first_response == timedelta(hours=5)  # median of 2, 4, 6, 10
    assert total.average_rating == 4.0
    assert referrals.measures(2019).cross_completed == 2


def test_other_years_and_all_years(known):
    assert referrals.measures(2018).total.total == 0
    everything = referrals.measures(None).total.total
    assert everything >= 5 + 9  # the demo's referrals of this year too


def bureau_client():
    client = Client()
    client.force_login(get_user_model().objects.get(username="bureau"))
    return client


def test_measures_page_shows_the_matrix(known):
    html = bureau_client().get(reverse("referrals:measures"), {"year": "2019"}).content.decode()
    matrix = html[html.index('data-testid="matrix"') :]
    assert matrix.index("慧谷孵化器") < matrix.index("利海创客") < matrix.index("无所在孵化器")
    summary = html[html.index('data-testid="summary"') : html.index('data-testid="matrix"')]
    for figure in (">5<", ">40.0%<", ">5.0<", ">4.00<", ">2<"):
        assert figure in summary


def test_csv_export(known):
    response = bureau_client().get(reverse("referrals:measures_csv"), {"year": "2019"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "referral-measures-2019.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = rows[0]
    assert header[:7] == ["转出孵化器", "服务孵化器", "合计", "新申请", "已受理", "未受理", "已完成"]
    assert header[7:14] == ["财税", "法律", "信息", "融资", "培训", "市场营销", "技术创新"]
    assert header[14:] == ["完成率", "首次响应时间中位数（小时）", "平均评分"]
    assert rows[1] == ["慧谷孵化器", "科创中心", "2", "0", "0", "0", "2", "0", "1", "0", "0", "0", "0", "1",
                       "1.000", "3.0", "4.00"]  # fmt: skip
    assert rows[4][:3] == ["无所在孵化器", "科创中心", "1"] and rows[4][14:] == ["0.000", "", ""]
    assert rows[-1] == ["全部", "全部", "5", "1", "1", "1", "2", "1", "3", "0", "0", "0", "0", "1",
                        "0.400", "5.0", "4.00"]  # fmt: skip
    assert len(rows) == 6


def test_completed_cross_referrals_count_only_different_incubators(demo):
    huigu = demo.incubator("huigu")
    year = 2018
    counted = make_referral(demo.service("kechuang-patent"), from_incubator=huigu, status="completed",
                            at=at(5, 1, year=year))  # fmt: skip
    make_referral(
        demo.service("huigu-tax-filing"), from_incubator=huigu, status="completed", at=at(5, 2, year=year)
    )
    make_referral(demo.service("kechuang-patent"), status="completed", at=at(5, 3, year=year))  # no incubator
    make_referral(
        demo.service("kechuang-patent"), from_incubator=huigu, status="accepted", at=at(5, 4, year=year)
    )
    late = make_referral(demo.service("lihai-brand"), from_incubator=huigu, status="completed",
                         at=at(12, 31, 20, year=year), first_response_after=timedelta(hours=1),
                         complete_after=timedelta(days=2))  # fmt: skip

    qs = referrals.completed_cross_referrals()
    assert list(qs.filter(completed_at__year=year)) == [counted]
    assert qs.filter(completed_at__year=year + 1, pk=late.pk).exists()  # completed in the next year
    by_incubator = dict(
        qs.filter(completed_at__year=year)
        .values_list("to_incubator__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assert by_incubator == {"kechuang": 1}


def test_demo_referrals_feed_the_quota_metric_this_year(demo):
    from django.utils import timezone

    this_year = referrals.completed_cross_referrals().filter(completed_at__year=timezone.localdate().year)
    assert this_year.count() == 4  # five completed demo referrals, one inside 慧谷孵化器
    assert this_year.values("to_incubator").distinct().count() == 4


def test_hints_rank_a_proven_record_higher(demo):
    maker, kechuang = demo.incubator("huigu-maker"), demo.incubator("kechuang")
    before = [i.slug for i in strongest_incubators("legal", exclude=demo.incubator("huigu"))]
    assert before.index("kechuang") < before.index("huigu-maker")  # kechuang: one demo referral rated 5
    for _n in range(3):
        make_referral(
            demo.service("huigu-maker-trademark"), from_incubator=kechuang, status="completed", rating=5
        )
    hints = strongest_incubators("legal", exclude=demo.incubator("huigu"))
    assert [i.slug for i in hints][:2] == ["huigu-maker", "kechuang"]
    top = hints[0]
    assert top.category_strength == 4 and top.completed_referrals == 3 and top.average_rating == 5
    assert top.service_count == 3 and top.hint_score == pytest.approx(4 + 0.3 + 1)
    assert maker.pk == top.pk


def test_poor_ratings_move_an_incubator_down(demo):
    for _n in range(2):
        make_referral(
            demo.service("kechuang-patent"),
            from_incubator=demo.incubator("huigu"),
            status="completed",
            rating=1,
        )
    hints = strongest_incubators("legal", exclude=demo.incubator("huigu"))
    assert [i.slug for i in hints].index("huigu-maker") < [i.slug for i in hints].index("kechuang")


def test_grid_has_a_row_per_requesting_and_a_column_per_delivering_incubator(known):
    grid = referrals.measures(2019).grid
    assert [c.slug for c in grid["columns"]] == ["huigu", "kechuang"]
    rows = {
        (source.slug if source else None): ([c.total if c else 0 for c in cells], total)
        for source, cells, total in grid["rows"]
    }
    assert rows == {"huigu": ([0, 2], 2), "kechuang": ([1, 0], 1), "lihai": ([0, 1], 1), None: ([0, 1], 1)}
    html = bureau_client().get(reverse("referrals:measures"), {"year": "2019"}).content.decode()
    assert "2 (2)" in html[html.index('data-testid="grid"') :]
