"""The "demands" section of import_directory (DESIGN.md keys)."""

import pytest

from core.importer import run_import
from matchmaking.demands import demand_index
from matchmaking.models import DemandPage

pytestmark = pytest.mark.django_db

ROW = {
    "slug": "d-import-test",
    "title": "海参养殖水质在线监测",
    "description": "需要在线监测海参养殖池水质。",
    "field": "智能装备",
    "maturity_min": 5,
    "maturity_max": 8,
    "transfer_modes": ["license", "joint"],
    "budget": "50-100万元",
    "deadline": "2099-06-30",
    "company": "荣成某某水产有限公司",
    "incubator": "huigu",
    "published": "2026-01-05",
}


def test_import_publishes_and_is_idempotent(demo):
    report = run_import({"demands": [ROW]})
    assert report.ok and report.counts["demands"]["created"] == 1
    assert report.summary_lines() == ["技术需求：新建 1，更新 0，未变 0"]  # the section's name for people
    demand = DemandPage.objects.get(slug="d-import-test")
    assert demand.live and demand.get_parent().pk == demo.incubator("huigu").pk
    assert demand.first_published_at.date().isoformat() == "2026-01-05"
    assert demand.transfer_modes == ["license", "joint"]
    again = run_import({"demands": [ROW]})
    assert again.counts["demands"]["unchanged"] == 1
    assert DemandPage.objects.filter(slug="d-import-test").count() == 1


def test_without_incubator_or_publication_it_is_a_draft_for_the_bureau(demo):
    row = {k: v for k, v in ROW.items() if k not in ("incubator", "published")}
    assert run_import({"demands": [row]}).ok
    demand = DemandPage.objects.get(slug="d-import-test")
    assert not demand.live and demand.get_parent().pk == demand_index().pk


def test_bad_rows_write_nothing_and_say_why(demo):
    rows = [
        dict(ROW, slug="d-bad-1", maturity_min=8, maturity_max=3),
        dict(ROW, slug="d-bad-2", transfer_modes=["barter"]),
        dict(ROW, slug="d-bad-3", incubator="nowhere"),
        dict(ROW, slug="d-ok"),
    ]
    report = run_import({"demands": rows})
    assert not report.ok
    assert {error.slug for error in report.errors} == {"d-bad-1", "d-bad-2", "d-bad-3"}
    assert not DemandPage.objects.filter(slug__in=["d-ok", "d-bad-1"]).exists()
