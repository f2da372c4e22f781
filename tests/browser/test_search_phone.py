"""The search page where it used to fail people (issue 8, item 6): on a
390-px phone the first result is on the first screen, with the filters
folded behind a button; a search that finds nothing gets its message across
the whole results column, with close vocabulary terms to try."""

import re

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def test_on_a_phone_the_first_result_is_on_the_first_screen(page, site_url, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(site_url + "/search/")
    page.get_by_label("您需要什么？输入服务、政策或简称").fill("代理记账")
    page.keyboard.press("Enter")
    first = page.locator(".result-list > li").first
    expect(first).to_contain_text("代理记账")
    title = first.locator(".card__title").bounding_box()
    assert title["y"] + title["height"] <= PHONE["height"], f"first result title ends at {title}"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    panel = page.locator(".search-facets__panel")
    expect(panel).not_to_have_attribute("open", re.compile(".*"))
    category = page.get_by_role("navigation", name="类别")
    expect(category).to_be_hidden()
    screenshot(page, "search-phone-first-screen")

    page.locator(".search-facets__toggle").click()
    expect(category).to_be_visible()
    category.get_by_role("link", name=re.compile("财税")).click()
    expect(page).to_have_url(re.compile(r"category=finance_tax"))
    expect(page.locator(".search-facets__toggle")).to_contain_text("1")
    expect(page.get_by_role("navigation", name="类别")).to_be_hidden()
    expect(page.locator(".result-list > li").first).to_be_in_viewport()
    screenshot(page, "search-phone-filtered")


def test_the_filters_stay_open_beside_the_results_on_a_desktop(page, site_url):
    page.goto(site_url + "/search/?q=代理记账")
    expect(page.get_by_role("navigation", name="类别")).to_be_visible()
    facets = page.locator(".search-facets").bounding_box()
    results = page.locator(".search-results").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"], "filters sit in their own column"


def test_nothing_found_spans_the_results_column_and_offers_close_terms(page, site_url, screenshot):
    page.goto(site_url + "/search/?q=xyzzyplugh")
    expect(page.get_by_role("status")).to_contain_text("0 条结果")
    layout = page.locator(".search-layout").bounding_box()
    message = page.locator(".search-help").bounding_box()
    assert message["width"] >= 0.9 * layout["width"], (message, layout)
    expect(page.locator(".search-help")).not_to_contain_text("相关类别")  # no intent, no random category
    screenshot(page, "search-nothing-found")

    # A clipped term: found only by relaxation, so the page offers the whole one
    # (高新企业 itself is a synonym now and finds its services outright).
    page.get_by_label("您需要什么？输入服务、政策或简称").fill("高新企")
    page.keyboard.press("Enter")
    help_box = page.locator(".search-help")
    help_box.get_by_role("link", name="高新技术企业", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=%E9%AB%98%E6%96%B0%E6%8A%80%E6%9C%AF%E4%BC%81%E4%B8%9A"))
    expect(page.locator(".result-list > li").first).to_be_visible()


def test_a_phone_search_that_finds_nothing_suggests_the_intent_category(page, site_url, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(site_url + "/search/?q=律师&type=event")
    help_box = page.locator(".search-help")
    expect(help_box).to_contain_text("法律")
    box = help_box.bounding_box()
    assert box["y"] < PHONE["height"], "the help is on the first screen"
    screenshot(page, "search-phone-nothing-found")
