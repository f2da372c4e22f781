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


def _import_event(live_site, slug, title, capacity):
    """An event a week ahead, imported into the live site's database, so the
    journey works whatever day of the year it runs."""
    start = datetime.datetime.now(datetime.UTC).astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    start = (start + datetime.timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    row = {
        "slug": slug,
        "incubator": "huigu",
        "kind": "training",
        "title": title,
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=2)).isoformat(),
        "place": "慧谷大厦三楼报告厅",
        "capacity": capacity,
    }
    path = live_site.root / f"{slug}.json"
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


@pytest.fixture(scope="module")
def upcoming_training(live_site):
    return _import_event(live_site, "browser-journey-training", "浏览器测试专场培训", 30)


@pytest.fixture(scope="module")
def one_place_training(live_site):
    return _import_event(live_site, "browser-journey-one-place", "浏览器测试候补专场", 1)


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


def _register(page, site_url, event, name, email):
    page.goto(site_url + "/events/")
    page.get_by_role("link", name=event["title"]).first.click()
    page.get_by_label("姓名").fill(name)
    page.get_by_label("邮箱").fill(email)
    page.get_by_role("button", name=re.compile("报名|加入候补名单")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的报名")
    return page.url


def test_cancel_through_the_page_moves_the_waiting_list_up(browser, site_url, one_place_training, screenshot):
    first = browser.new_context(locale="zh-CN")
    second = browser.new_context(locale="zh-CN")
    try:
        first_page, second_page = first.new_page(), second.new_page()
        _register(first_page, site_url, one_place_training, "第一位访客", "first@example.cn")
        expect(first_page.get_by_role("status").first).to_contain_text("您的名额已确认")
        _register(second_page, site_url, one_place_training, "第二位访客", "second@example.cn")
        expect(second_page.get_by_role("status").first).to_contain_text("候补名单第 1 位")

        first_page.get_by_role("button", name="取消我的报名").click()
        expect(first_page.get_by_text("您的报名已取消")).to_be_visible()
        expect(first_page.get_by_role("button", name="取消我的报名")).to_have_count(0)
        screenshot(first_page, "events-registration-cancelled")

        # The waiting person refreshes their private page. (A goto to the URL
        # the tab already shows, which ends in a #fragment, would be a
        # same-document navigation: nothing would be fetched.)
        second_page.reload()
        expect(second_page.get_by_role("status").first).to_contain_text("您的名额已确认")
    finally:
        first.close()
        second.close()
