"""import_directory's "achievements", "projects" and "quotas" sections, in
docs/interfaces.md's shape: a good file applies, a second run changes nothing, any
bad row leaves the database untouched."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from achievements.approval import awaiting_approval
from achievements.models import AchievementPage, ProjectPage
from core.importer import run_import
from quotas.models import QuotaTarget
from quotas.progress import year_board

pytestmark = pytest.mark.django_db

GOOD = {
    "achievements": [
        {
            "slug": "marine-peptide",
            "incubator": "huigu",
            "title": "海参肽制备技术",
            "summary": "酶解制备海参肽。",
            "field": "海洋生物",
            "source": "某大学",
            "maturity": 6,
            "transfer_modes": ["license", "joint"],
            "published": "2019-02-01",
            "patents": [{"number": "ZL2017 1 0000001.2", "status": "granted"}],
        },
        {
            "slug": "kelp-fibre",
            "incubator": "kechuang",
            "title": "海带膳食纤维",
            "summary": "海带渣制膳食纤维。",
            "field": "食品加工",
            "maturity": 4,
        },
    ],
    "projects": [
        {
            "slug": "blue-ocean-tech",
            "incubator": "huigu",
            "name": "蓝海智能养殖",
            "field": "智能装备",
            "admitted": "2019-04-01",
            "stage": "incubating",
        },
        {
            "slug": "quiet-one",
            "incubator": "lihai",
            "name": "保密项目",
            "admitted": "2019-12-31",
            "stage": "incubating",
            "private": True,
            "team_size": 4,
        },
    ],
    "quotas": [
        {"year": 2019, "metric": "training_sessions", "target": 12},
        {"year": 2019, "metric": "incubated_projects", "incubator": "huigu", "target": 8},
        {"year": 2019, "metric": "incubated_projects", "district": "石岛管理区", "target": 5},
    ],
}


def snapshot():
    return (
        list(
            AchievementPage.objects.order_by("pk").values_list(
                "pk", "slug", "title", "live", "first_published_at"
            )
        ),
        list(
            ProjectPage.objects.order_by("pk").values_list(
                "pk", "slug", "title", "live", "admitted", "private"
            )
        ),
        list(
            QuotaTarget.objects.order_by("pk").values_list(
                "pk", "year", "metric", "district", "incubator", "target"
            )
        ),
        Revision.objects.count(),
        WorkflowState.objects.count(),
    )


def run_command(tmp_path, data):
    path = tmp_path / "year.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = []

    class Sink:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("import_directory", str(path), stdout=Sink(), stderr=Sink())
    return "".join(out)


def test_good_file_applies(tmp_path, demo):
    out = run_command(tmp_path, GOOD)
    assert "科技成果：新建 2" in out
    assert "新增孵化项目：新建 2" in out
    assert "年度指标目标：新建 3" in out

    peptide = AchievementPage.objects.get(slug="marine-peptide")
    assert peptide.live
    assert peptide.incubator == demo.incubator("huigu")
    assert peptide.transfer_modes == ["license", "joint"]
    assert peptide.source_institution == "某大学"
    assert [p.number for p in peptide.patents.all()] == ["ZL2017 1 0000001.2"]
    assert timezone.localdate(peptide.first_published_at) == datetime.date(2019, 2, 1)

    fibre = AchievementPage.objects.get(slug="kelp-fibre")
    assert not fibre.live
    assert fibre in awaiting_approval()

    board = year_board(2019, today=datetime.date(2019, 12, 31))
    assert board.metric("achievements_published").progress.actual == 1
    assert board.metric("incubated_projects").progress.actual == 2
    assert board.metric("training_sessions").progress.target == 12
    assert board.metric("training_sessions").target_set_by_bureau
    assert board.metric("incubated_projects").by_incubator[demo.incubator("huigu").pk].target == 8
    assert board.metric("incubated_projects").by_district["石岛管理区"].target == 5
    assert board.metric("incubated_projects").by_district["石岛管理区"].actual == 1

    quiet = ProjectPage.objects.get(slug="quiet-one")
    assert quiet.live and quiet.private and quiet.team_size == 4


def test_second_run_changes_nothing(tmp_path, demo):
    run_command(tmp_path, GOOD)
    before = snapshot()
    out = run_command(tmp_path, GOOD)
    assert "科技成果：新建 0，更新 0，未变 2" in out
    assert "新增孵化项目：新建 0，更新 0，未变 2" in out
    assert "年度指标目标：新建 0，更新 0，未变 3" in out
    assert snapshot() == before


def test_a_changed_target_is_updated_in_place(tmp_path, demo):
    run_command(tmp_path, GOOD)
    out = run_command(tmp_path, {"quotas": [{"year": 2019, "metric": "training_sessions", "target": 14}]})
    assert "年度指标目标：新建 0，更新 1" in out
    assert (
        QuotaTarget.objects.get(year=2019, metric="training_sessions", district="", incubator=None).target
        == 14
    )


def test_a_published_date_can_be_corrected(tmp_path, demo):
    run_command(tmp_path, GOOD)
    row = {**GOOD["achievements"][0], "published": "2019-03-15"}
    out = run_command(tmp_path, {"achievements": [row]})
    assert "科技成果：新建 0，更新 1" in out
    page = AchievementPage.objects.get(slug="marine-peptide")
    assert timezone.localdate(page.first_published_at) == datetime.date(2019, 3, 15)


@pytest.mark.parametrize(
    ("section", "row", "reason"),
    [
        ("achievements", {"slug": "x1", "incubator": "huigu", "title": "缺字段"}, "summary"),
        ("achievements", {**GOOD["achievements"][0], "slug": "x2", "maturity": 10}, "maturity"),
        ("achievements", {**GOOD["achievements"][0], "slug": "x3", "transfer_modes": ["gift"]}, "gift"),
        ("achievements", {**GOOD["achievements"][0], "slug": "x4", "published": "2019-13-01"}, "published"),
        ("achievements", {**GOOD["achievements"][0], "slug": "x5", "published": "2999-01-01"}, "published"),
        ("achievements", {**GOOD["achievements"][0], "slug": "x6", "incubator": "nowhere"}, "nowhere"),
        ("projects", {"slug": "p1", "incubator": "huigu", "name": "无日期"}, "admitted"),
        ("projects", {**GOOD["projects"][0], "slug": "p2", "stage": "flying"}, "stage"),
        ("projects", {**GOOD["projects"][0], "slug": "p3", "team_size": -1}, "team_size"),
        ("quotas", {"year": 2019, "metric": "parties", "target": 3}, "metric"),
        ("quotas", {"year": 1900, "metric": "training_sessions", "target": 3}, "year"),
        ("quotas", {"year": 2019, "metric": "training_sessions", "target": -3}, "target"),
        ("quotas", {"year": 2019, "metric": "training_sessions"}, "target"),
        (
            "quotas",
            {"year": 2019, "metric": "training_sessions", "target": 3, "district": "x", "incubator": "huigu"},
            "区域",
        ),
    ],
)
def test_a_bad_row_leaves_the_database_untouched(section, row, reason, demo):
    data = {key: list(rows) for key, rows in GOOD.items()}
    data[section] = data[section] + [row]
    before = snapshot()
    report = run_import(data)
    assert not report.ok
    assert snapshot() == before
    messages = [str(error) for error in report.errors]
    assert len(messages) >= 1
    assert all(error.section == section for error in report.errors)
    assert any(reason in message for message in messages), messages


def test_duplicate_quota_rows_are_refused(demo):
    row = {"year": 2019, "metric": "training_sessions", "target": 3}
    report = run_import({"quotas": [row, {**row, "target": 4}]})
    assert not report.ok
    assert not QuotaTarget.objects.filter(year=2019).exists()


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path, demo):
    before = snapshot()
    with pytest.raises(CommandError):
        run_command(tmp_path, {"projects": [{"slug": "p1", "incubator": "huigu", "name": "无日期"}]})
    assert snapshot() == before
