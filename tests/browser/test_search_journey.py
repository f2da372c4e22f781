"""A startup types a word it knows (工商), finds company registration, and
narrows the results with a facet — on a desktop and on a phone."""

import re

from playwright.sync_api import expect


def test_search_from_the_home_page_and_filter_by_category(page, site_url, screenshot):
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="搜索服务").click()
    page.get_by_label("您需要什么？输入服务、政策或简称").fill("工商")
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=%E5%B7%A5%E5%95%86"))
    results = page.locator(".result-list")
    expect(results.get_by_role("link", name="公司注册代办", exact=True)).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    expect(results.get_by_role("link", name=re.compile("申请此服务"))).to_have_count(
        results.locator(".result--service").count()
    )
    screenshot(page, "search-results")

    category = page.get_by_role("navigation", name="类别")
    category.get_by_role("link", name=re.compile("法律")).click()
    expect(page).to_have_url(re.compile(r"category=legal"))
    selected = page.get_by_role("navigation", name="类别").locator('[aria-current="true"]')
    expect(selected).to_contain_text("法律")
    expect(results.get_by_role("link", name="公司注册代办", exact=True)).to_be_visible()
    expect(page.locator(".search-hints")).to_contain_text("全网法律最强的孵化器")
    screenshot(page, "search-filtered")


def test_search_on_a_phone_and_with_hostile_input(page, site_url, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "/search/?q=" + "%22%27*%20AND%20OR%20NEAR(%20-%20((")
    # Operators are plain words (English field names hold "and"): an answer,
    # never an error page.
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"共 \d+ 条结果"))
    page.get_by_label("您需要什么？输入服务、政策或简称").fill("高企")
    page.keyboard.press("Enter")
    expect(page.locator(".result-list")).to_contain_text("高新技术企业认定辅导")
    expect(page.locator(".search-expansions")).to_contain_text("高新技术企业")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the search page scrolls sideways on a phone ({width}px)"
    screenshot(page, "search-phone")
