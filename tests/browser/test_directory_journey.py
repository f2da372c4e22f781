"""A startup finds an incubator good at what it needs and one of its services."""

import re

from playwright.sync_api import expect


def test_home_lists_the_network_in_chinese(page, site_url, screenshot):
    page.goto(site_url + "/")
    expect(page).to_have_title(re.compile("荣成市孵化器服务网络"))
    expect(page.get_by_role("heading", name="全网七大专长")).to_be_visible()
    for name in ("慧谷孵化器", "科创中心", "利海创客", "逐浪者创客", "慧谷创客"):
        expect(page.locator(".card-grid").get_by_role("link", name=name, exact=True)).to_be_visible()
    screenshot(page, "directory-home")


def test_filter_by_specialty_then_open_profile_and_service(page, site_url, screenshot):
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="孵化器").click()
    page.get_by_label("专长").select_option("marketing")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"specialty=marketing"))
    cards = page.locator(".incubator-card")
    expect(cards.first).to_contain_text("利海创客")  # marketing 5: strongest first
    screenshot(page, "directory-list-filtered")

    cards.first.get_by_role("link", name="利海创客").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("利海创客")
    expect(page.get_by_role("img", name="利海创客")).to_be_visible()  # the SVG chart
    expect(page.get_by_role("heading", name="市场营销")).to_be_visible()
    screenshot(page, "directory-profile")

    page.get_by_role("link", name="直播电商基地入驻").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("直播电商基地入驻")
    hints = page.locator(".hints")
    expect(hints).to_contain_text("其他擅长市场营销的孵化器")
    expect(hints.get_by_role("link", name="逐浪者创客")).to_be_visible()
    screenshot(page, "directory-service")


def test_phone_layout_and_keyboard(page, site_url, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "/incubators/kechuang/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
    screenshot(page, "directory-profile-phone")


def test_switch_to_english_and_back(page, site_url):
    page.goto(site_url + "/incubators/")
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.get_by_role("heading", name="Kind")).to_have_count(0)
    expect(page.get_by_label("Specialty")).to_be_visible()
    expect(page.get_by_role("button", name="Filter")).to_be_visible()
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("button", name="筛选")).to_be_visible()
