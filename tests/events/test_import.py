"""The "events" section of import_directory: all-or-nothing, idempotent,
published, every key optional on update."""

import datetime
import json
import zoneinfo

import pytest
from django.core.management import CommandError, call_command

from core.importer import run_import
from events.models import EventPage

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

ROW = {
    "slug": "huigu-tax-2030-03",
    "incubator": "huigu",
    "kind": "training",
    "title": "研发费用归集专题培训",
    "start": "2030-03-05T09:00:00+08:00",
    "end": "2030-03-05T11:30:00+08:00",
    "place": "慧谷孵化器三楼",
    "capacity": 40,
}


def import_file(tmp_path, data):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("import_directory", str(path), stdout=_Sink(), stderr=_Sink())


class _Sink:
    def __init__(self):
        self.text = []

    def write(self, text):
        self.text.append(text)

    def flush(self):
        pass


def events_state():
    return list(
        EventPage.objects.order_by("pk").values_list("pk", "slug", "title", "start", "end", "live", "path")
    )


def test_the_design_row_creates_a_published_event(tmp_path, demo):
    import_file(tmp_path, {"events": [ROW]})
    event = EventPage.objects.get(slug=ROW["slug"])
    assert event.live and not event.has_unpublished_changes
    assert event.host == demo.incubator("huigu")
    assert event.start == datetime.datetime(2030, 3, 5, 9, 0, tzinfo=SHANGHAI)
    assert event.end == datetime.datetime(2030, 3, 5, 11, 30, tzinfo=SHANGHAI)
    assert (event.kind, event.place, event.capacity) == ("training", "慧谷孵化器三楼", 40)


def test_a_second_run_changes_nothing(demo):
    first = run_import({"events": [ROW]})
    assert first.counts["events"]["created"] == 1
    before = events_state()
    second = run_import({"events": [ROW]})
    assert second.counts["events"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert events_state() == before


def test_update_with_some_keys_keeps_the_rest(demo):
    run_import({"events": [ROW]})
    # Moving a page to another incubator is asked for explicitly (issue 9).
    report = run_import(
        {"events": [{"slug": ROW["slug"], "capacity": 60, "incubator": "kechuang", "move": True}]}
    )
    assert report.ok and report.counts["events"]["updated"] == 1
    event = EventPage.objects.get(slug=ROW["slug"])
    assert event.capacity == 60 and event.title == ROW["title"]
    assert event.host == demo.incubator("kechuang")


def test_optional_extras_and_co_hosts(demo):
    row = {
        **ROW,
        "co_hosts": ["kechuang", "lihai"],
        "audience": "财务人员",
        "description": "第一段。\n\n第二段。",
    }
    report = run_import({"events": [row]})
    assert report.ok
    event = EventPage.objects.get(slug=ROW["slug"])
    assert sorted(event.co_hosts.values_list("slug", flat=True)) == ["kechuang", "lihai"]
    assert event.description == "<p>第一段。</p><p>第二段。</p>"
    again = run_import({"events": [row]})
    assert again.counts["events"]["unchanged"] == 1


def test_naive_times_are_read_as_shanghai_time(demo):
    report = run_import({"events": [{**ROW, "start": "2030-03-05 09:00", "end": "2030-03-05 11:30"}]})
    assert report.ok
    assert EventPage.objects.get(slug=ROW["slug"]).start == datetime.datetime(2030, 3, 5, 9, tzinfo=SHANGHAI)


def test_bad_rows_write_nothing_and_are_all_reported(tmp_path, demo):
    bad = {
        "events": [
            ROW,
            {**ROW, "slug": "bad-kind", "kind": "party"},
            {**ROW, "slug": "backwards", "end": "2030-03-05T08:00:00+08:00"},
            {**ROW, "slug": "nowhere", "incubator": "nowhere"},
            {**ROW, "slug": "bad-date", "start": "next tuesday"},
            {**ROW, "slug": "bad-cohost", "co_hosts": ["atlantis"]},
            {"slug": "half", "incubator": "huigu", "title": "缺时间"},
            {**ROW, "slug": "negative", "capacity": -1},
        ]
    }
    before = events_state()
    report = run_import(bad)
    assert not report.ok
    bad_slugs = {error.slug for error in report.errors}
    assert bad_slugs == {"bad-kind", "backwards", "nowhere", "bad-date", "bad-cohost", "half", "negative"}
    assert events_state() == before
    with pytest.raises(CommandError):
        import_file(tmp_path, bad)
    assert not EventPage.objects.filter(slug=ROW["slug"]).exists()


def test_an_end_before_an_existing_start_is_refused(demo):
    run_import({"events": [ROW]})
    report = run_import({"events": [{"slug": ROW["slug"], "end": "2030-03-04T10:00:00+08:00"}]})
    assert not report.ok
    assert EventPage.objects.get(slug=ROW["slug"]).end.day == 5
