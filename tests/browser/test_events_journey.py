"""A visitor finds an upcoming training in the calendar and registers."""

import datetime
import json
import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REPO


@pytest.fixture(scope="module")
def upcoming_training(live_site):
    """An event a week ahead, imported into the live site's database, so the
    journey works whatever day of the year it runs."""
    start = datetime.datetime.now(datetime.UTC).astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    start = (start + datetime.timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    row = {
        "slug": "browser-journey-training",
        "incubator": "huigu",
        "kind": "training",
        "title": "浏览器测试专场培训",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=2)).isoformat(),
        "place": "慧谷大厦三楼报告厅",
        "capacity": 30,
    }
    path = live_site.root / "journey-events.json"
    path.write_text(json.dumps({"events": [row]}, ensure_ascii=False), encoding="utf-8")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{live_site.root / 'db.sqlite3'}",
        "MEDIA_ROOT": str(live_site.root / "media"),
    }
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "import_directory", str(path)],
        env=env,
        check=True,
        capture_output=True,
    )
    return row


def test_find_an_upcoming_training_and_register(page, site_url, upcoming_training, screenshot):
    page.goto(site_url + "/")
    expect(page.get_by_role("heading", name="近期活动")).to_be_visible()
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="活动日历").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("活动日历")
    screenshot(page, "events-calendar")

    page.get_by_label("类型").select_option("training")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"kind=training"))
    cards = page.locator(".event-card")
    expect(cards.first).to_be_visible()
    for tag in cards.locator(".tag").filter(has_text=re.compile("对接|路演")).all():
        raise AssertionError(f"a non-training event is listed: {tag.inner_text()}")
    screenshot(page, "events-calendar-training")

    page.get_by_role("link", name=upcoming_training["title"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(upcoming_training["title"])
    expect(page.get_by_text("报名截止")).to_be_visible()

    page.get_by_label("姓名").fill("测试访客")
    page.get_by_label("单位").fill("荣成示例科技有限公司")
    page.get_by_label("邮箱").fill("not-an-email")
    page.get_by_role("button", name="报名", exact=True).click()
    expect(page.get_by_text("这不是有效的邮箱地址")).to_be_visible()
    expect(page.get_by_label("姓名")).to_have_value("测试访客")  # what was typed is kept
    screenshot(page, "events-register-error")

    page.get_by_label("邮箱").fill("visitor@example.cn")
    page.get_by_label("手机").press_sequentially("13800001234")
    page.get_by_role("button", name="报名", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的报名")
    expect(page.get_by_role("status").first).to_contain_text("您的名额已确认")
    screenshot(page, "events-registration-confirmed")


def test_month_view_on_a_phone(page, site_url, upcoming_training, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    month = upcoming_training["start"][:7]
    page.goto(f"{site_url}/events/?month={month}")
    expect(page.get_by_role("link", name=re.compile(upcoming_training["title"])).first).to_be_visible()
    screenshot(page, "events-month-phone")
