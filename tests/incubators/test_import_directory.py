"""import_directory: all-or-nothing, idempotent by slug, publishes, reports
every bad row with its reason and exits non-zero."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry, Revision

from incubators.models import IncubatorPage
from services.models import ServicePage

pytestmark = pytest.mark.django_db

GOOD = {
    "incubators": [
        {
            "slug": "haiyang",
            "name": "海洋科创孵化器",
            "kind": "incubator",
            "district": "石岛管理区",
            "summary": "海洋生物技术孵化",
            "specialties": {"tech_innovation": 5, "legal": 2},
        }
    ],
    "services": [
        {
            "slug": "haiyang-lab",
            "incubator": "haiyang",
            "category": "tech_innovation",
            "title": "海洋生物实验室共享",
            "description": "开放实验室。\n\n按小时预约。",
            "fee": "subsidized",
        },
        {
            "slug": "haiyang-ip",
            "incubator": "huigu",
            "category": "legal",
            "title": "海洋专利导航",
            "fee": "free",
        },
    ],
}


def write(tmp_path, data, name="directory.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(path):
    out, err = [], []

    class Sink:
        def __init__(self, store):
            self.store = store

        def write(self, text):
            self.store.append(text)

        def flush(self):
            pass

    call_command("import_directory", path, stdout=Sink(out), stderr=Sink(err))
    return "".join(out), "".join(err)


def snapshot():
    return (
        list(IncubatorPage.objects.order_by("pk").values_list("pk", "slug", "title", "live")),
        list(
            ServicePage.objects.order_by("pk").values_list("pk", "slug", "title", "category", "live", "path")
        ),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )


def test_good_file_creates_and_publishes(tmp_path, demo):
    out, _err = run(write(tmp_path, GOOD))
    assert "孵化器：新建 1" in out and "服务：新建 2" in out
    haiyang = IncubatorPage.objects.get(slug="haiyang")
    assert haiyang.live and haiyang.title == "海洋科创孵化器" and haiyang.kind == "incubator"
    assert {s.category: s.strength for s in haiyang.specialties.all()} == {"tech_innovation": 5, "legal": 2}
    lab = ServicePage.objects.get(slug="haiyang-lab")
    assert lab.live and lab.get_parent().specific == haiyang
    assert lab.description == "<p>开放实验室。</p><p>按小时预约。</p>"
    assert ServicePage.objects.get(slug="haiyang-ip").incubator == demo.incubator("huigu")
    assert lab.get_latest_revision() is not None  # shows in page history
    assert haiyang.operator_group is not None  # new incubator got its team


def test_second_run_changes_nothing(tmp_path, demo):
    path = write(tmp_path, GOOD)
    run(path)
    before = snapshot()
    out, _err = run(path)
    assert "孵化器：新建 0，更新 0，未变 1" in out
    assert "服务：新建 0，更新 0，未变 2" in out
    assert snapshot() == before


def test_update_changes_only_given_keys_and_moves(tmp_path, demo):
    run(write(tmp_path, GOOD))
    update = {
        "services": [
            {"slug": "haiyang-ip", "incubator": "kechuang", "title": "海洋专利导航服务", "move": True}
        ],
    }
    out, _err = run(write(tmp_path, update, "update.json"))
    assert "更新 1" in out
    service = ServicePage.objects.get(slug="haiyang-ip")
    assert service.title == "海洋专利导航服务"
    assert service.category == "legal" and service.fee == "free"  # untouched keys kept
    assert service.incubator == demo.incubator("kechuang")
    assert ServicePage.objects.filter(slug="haiyang-ip").count() == 1


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path, demo):
    bad = {
        "incubators": [
            {"slug": "ok-one", "name": "正常孵化器"},
            {"slug": "bad-kind", "name": "坏类型", "kind": "spaceport"},
            {"slug": "bad-strength", "name": "坏强度", "specialties": {"legal": 9, "cooking": 3}},
        ],
        "services": [
            {"slug": "no-title", "incubator": "huigu", "category": "legal"},
            {"slug": "orphan", "incubator": "nowhere", "category": "legal", "title": "孤儿服务"},
            {"slug": "orphan", "incubator": "huigu", "category": "legal", "title": "重复"},
            {"slug": "typo", "incubator": "huigu", "category": "legal", "title": "拼错", "fees": "free"},
            "not an object",
        ],
        "unknown_section": [],
    }
    before = snapshot()
    with pytest.raises(CommandError, match="未导入任何数据"):
        out, err = run(write(tmp_path, bad))
    assert snapshot() == before
    assert not IncubatorPage.objects.filter(slug="ok-one").exists()


def test_error_report_names_every_row_and_reason(tmp_path, demo, capsys):
    bad = {
        "incubators": [{"slug": "bad-kind", "name": "坏类型", "kind": "spaceport"}],
        "services": [
            {"slug": "no-title", "incubator": "huigu", "category": "legal"},
            {"slug": "orphan", "incubator": "nowhere", "category": "legal", "title": "孤儿服务"},
            {"slug": "typo", "incubator": "huigu", "category": "legal", "title": "拼错", "fees": "free"},
        ],
    }
    from core.importer import run_import

    report = run_import(bad)
    lines = [str(error) for error in report.errors]
    assert any(line.startswith("incubators[0] (bad-kind): kind:") for line in lines)
    assert any(line.startswith("services[0] (no-title):") and "title" in line for line in lines)
    assert "services[1] (orphan): 未知的孵化器“nowhere”" in lines
    assert any(line.startswith("services[2] (typo): 未知字段“fees”") for line in lines)
    assert len(lines) == 4


def test_invalid_json_and_missing_file_fail_cleanly(tmp_path, demo):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        run(str(broken))
    with pytest.raises(CommandError, match="无法读取"):
        run(str(tmp_path / "missing.json"))
    with pytest.raises(CommandError):
        run(write(tmp_path, ["a", "list"]))


def test_every_key_is_optional(tmp_path, demo):
    out, _err = run(write(tmp_path, {}))
    assert out == ""
    out, _err = run(write(tmp_path, {"incubators": [{"name": "无别名孵化器"}]}))
    page = IncubatorPage.objects.get(title="无别名孵化器")
    assert page.slug  # derived deterministically from the name
    again, _err = run(write(tmp_path, {"incubators": [{"name": "无别名孵化器"}]}))
    assert "未变 1" in again


def test_failure_while_applying_rolls_everything_back(tmp_path, demo, monkeypatch):
    from services import importer

    calls = []
    real_apply = importer.ServiceSection.apply

    def failing_apply(self, slug, cleaned, context):
        calls.append(slug)
        if slug == "haiyang-ip":
            from django.core.exceptions import ValidationError

            raise ValidationError("boom")
        return real_apply(self, slug, cleaned, context)

    monkeypatch.setattr(importer.ServiceSection, "apply", failing_apply)
    # Row by row through Wagtail's path (test_bulk_import covers the bulk one).
    monkeypatch.setattr(importer.ServiceSection, "bulk", False)
    before = snapshot()
    with pytest.raises(CommandError):
        run(write(tmp_path, GOOD))
    assert calls == ["haiyang-lab", "haiyang-ip"]
    assert snapshot() == before


def test_rows_may_name_an_incubator_by_its_derived_unicode_slug(tmp_path, demo):
    """An incubator imported without a slug gets one from its Chinese name;
    every section's `incubator` key accepts that slug."""
    from core.importer import run_import

    report = run_import(
        {
            "incubators": [{"name": "新区孵化器"}],
            "services": [
                {"slug": "xq-tax", "incubator": "新区孵化器", "category": "finance_tax", "title": "税务咨询"}
            ],
            "events": [
                {
                    "slug": "xq-training",
                    "incubator": "新区孵化器",
                    "kind": "training",
                    "title": "新区政策培训",
                    "start": "2026-03-05T09:00:00+08:00",
                    "end": "2026-03-05T11:00:00+08:00",
                    "co_hosts": ["新区孵化器"],
                }
            ],
            "projects": [
                {
                    "slug": "xq-p",
                    "incubator": "新区孵化器",
                    "name": "新区项目",
                    "admitted": "2026-04-01",
                    "stage": "incubating",
                }
            ],
            "quotas": [{"year": 2026, "metric": "training_sessions", "target": 3, "incubator": "新区孵化器"}],
        }
    )
    assert report.errors == []
    incubator = IncubatorPage.objects.get(slug="新区孵化器")
    assert ServicePage.objects.get(slug="xq-tax").incubator == incubator


def test_another_incubators_service_is_not_moved_without_asking(tmp_path, demo):
    service = demo.service("lihai-brand")
    before = snapshot()
    row = {"slug": "lihai-brand", "incubator": "huigu", "title": "被改名的服务"}
    path = write(tmp_path, {"services": [row]}, "hijack.json")
    with pytest.raises(CommandError):
        run(path)
    assert snapshot() == before
    service.refresh_from_db()
    assert service.title != "被改名的服务" and service.incubator == demo.incubator("lihai")


@pytest.mark.parametrize(
    "row",
    [
        {
            "slug": "huigu-shape",
            "incubator": "huigu",
            "category": "legal",
            "fee": "free",
            "title": ["a", "b"],
        },
        {
            "slug": "huigu-shape",
            "incubator": "huigu",
            "category": "legal",
            "fee": "free",
            "title": {"zh": "x"},
        },
        {"slug": "huigu-shape", "incubator": "huigu", "category": 12345, "fee": "free", "title": "ok"},
        {"slug": "huigu-shape", "incubator": ["huigu"], "category": "legal", "fee": "free", "title": "ok"},
    ],
)
def test_values_of_the_wrong_shape_are_row_errors(tmp_path, demo, row):
    before = snapshot()
    with pytest.raises(CommandError):
        run(write(tmp_path, {"services": [row]}, "shape.json"))
    assert snapshot() == before
    assert not ServicePage.objects.filter(title="['a', 'b']").exists()


def test_a_number_for_a_date_is_a_row_error(tmp_path, demo):
    row = {"slug": "num-start", "incubator": "huigu", "kind": "training", "title": "数字时间",
           "start": 12345, "end": 12346}  # fmt: skip
    with pytest.raises(CommandError):
        run(write(tmp_path, {"events": [row]}, "number.json"))
    from events.models import EventPage

    assert not EventPage.objects.filter(slug="num-start").exists()


def test_deeply_nested_json_fails_cleanly(tmp_path, demo):
    path = tmp_path / "deep.json"
    path.write_text('{"services": [' + "[" * 100_000 + "]" * 100_000 + "]}", encoding="utf-8")
    with pytest.raises(CommandError) as failure:
        run(str(path))
    assert "RecursionError" not in str(failure.value)
