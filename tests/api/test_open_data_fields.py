"""The fields HSDS needs: on the public pages, and through import_directory."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_incubator_page_shows_hours_languages_and_verification(client, demo):
    html = client.get(demo.incubator("huigu").url).content.decode()
    assert "开放时间" in html and "星期一" in html and "08:30–17:30" in html
    assert "中文、英语" in html
    assert "2026年11月20日" in html


def test_service_page_shows_its_own_hours_and_a_status_other_than_active(client, demo):
    html = client.get(demo.service("huigu-bookkeeping").url).content.decode()
    assert "星期三" in html and "09:00–16:00" in html
    assert "暂停服务" not in html
    assert "暂停服务" in client.get(demo.service("huigu-guarantee-loan").url).content.decode()


def run_import(tmp_path, data):
    source = tmp_path / "directory.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_directory", str(source), stdout=out, stderr=err)
    except (CommandError, SystemExit):
        pass
    return out.getvalue() + err.getvalue()


def test_import_rejects_bad_hours_and_languages_and_writes_nothing(tmp_path, demo):
    output = run_import(
        tmp_path,
        {
            "incubators": [
                {
                    "slug": "huigu",
                    "languages": "zh, xx",
                    "opening_hours": [{"weekday": 8, "opens": "09:00", "closes": "17:00"}],
                }
            ],
            "services": [
                {
                    "slug": "huigu-bookkeeping",
                    "status": "closed",
                    "opening_hours": [{"weekday": 1, "opens": "17:00", "closes": "09:00"}],
                }
            ],
        },
    )
    assert "xx" in output and "weekday" in output and "status" in output
    huigu = demo.incubator("huigu")
    assert huigu.languages == "zh, en" and huigu.opening_hours.count() == 6


def test_import_is_idempotent_for_hours(tmp_path, demo):
    row = {"slug": "huigu", "opening_hours": [{"weekday": 2, "opens": "10:00", "closes": "16:00"}]}
    run_import(tmp_path, {"incubators": [row]})
    huigu = demo.incubator("huigu")
    assert [(h.weekday, h.opens.hour) for h in huigu.opening_hours.all()] == [(2, 10)]
    revisions = huigu.revisions.count()
    run_import(tmp_path, {"incubators": [row]})
    assert demo.incubator("huigu").revisions.count() == revisions
