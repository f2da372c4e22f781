"""Both languages on every public page type, on a desktop and a 390-px
phone; the branded error pages; the operators' inbox and the refer chooser
(issue 15). The interface text of each page is read for words of the other
language (tests/language.py)."""

import re

import pytest
from playwright.sync_api import expect

from tests.language import chrome_text, foreign_words

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
QUERY = ("代账",)  # the visitor's own search words, echoed on the search page
LISTS = {"home", "incubators", "events", "achievements", "search", "report", "demands"}


PUBLIC_PAGES = {
    "home": "/",
    "incubators": "/incubators/",
    "incubator": "/incubators/huigu/",
    "service": "/incubators/huigu/huigu-bookkeeping/",
    "event": "/incubators/huigu/huigu-rd-expense-2026/",
    "achievement": "/incubators/huigu/ach-2026-01/",
    "project": "/incubators/huigu/proj-2026-01/",
    "events": "/events/",
    "achievements": "/achievements/",
    "search": "/search/?q=%E4%BB%A3%E8%B4%A6",
    "report": "/report/2026/",
    "demands": "/demands/",
    "demand": "/demands/d-fishing-boat-energy/",
}


def switch_to(page, language_code, button):
    page.locator("#language-select").select_option(language_code)
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language_code)


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_language_switch_on_every_public_page_type(page, site_url, screenshot, screen):
    page.set_viewport_size(VIEWPORTS[screen])
    problems = {}
    for name, url in PUBLIC_PAGES.items():
        page.goto(site_url + url)
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        words = foreign_words(chrome_text(page.content(), name in LISTS), "zh-hans")
        if words:
            problems[f"zh {url}"] = words
        switch_to(page, "en", "切换")
        assert page.url.endswith(url)  # the switch stays on the page
        words = foreign_words(chrome_text(page.content(), name in LISTS), "en", allowed=QUERY)
        if words:
            problems[f"en {url}"] = words
        if name in {"home", "events", "service"} or screen == "phone":
            screenshot(page, f"language-{screen}-{name}-en")
        switch_to(page, "zh-hans", "Switch")
    assert problems == {}


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_english_menu_and_list_headings(page, site_url, screenshot, screen):
    page.set_viewport_size(VIEWPORTS[screen])
    page.goto(site_url + "/events/")
    switch_to(page, "en", "切换")
    menu = page.get_by_role("navigation", name="Main menu")
    for name in ("Incubators", "Event calendar", "Technology achievements"):
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Event calendar")
    menu.get_by_role("link", name="Incubators").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Incubators")
    screenshot(page, f"language-{screen}-incubators-en")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("screen", VIEWPORTS)
def test_branded_error_page_in_the_site_layout(page, site_url, screenshot, screen, language):
    page.set_viewport_size(VIEWPORTS[screen])
    page.context.add_cookies([{"name": "lang", "value": language, "url": site_url}])
    response = page.goto(site_url + "/report/3000/")
    assert response.status == 404
    heading = {"zh-hans": "页面不存在", "en": "Page not found"}[language]
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("header.site-header .brand")).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    assert foreign_words(chrome_text(page.content(), True), language) == []
    assert page.request.get(site_url + "/favicon.ico").ok
    screenshot(page, f"error-404-{screen}-{language}")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_operator_inbox_links_to_its_lists(page, site_url, admin_login, screenshot, language):
    page.context.add_cookies([{"name": "lang", "value": language, "url": site_url}])
    admin_login("op-kechuang", "kechuang-demo-2026")
    inbox = page.get_by_test_id("inbox")
    expect(inbox).to_be_visible()
    expect(inbox.locator("li")).to_have_count(5)
    assert foreign_words(inbox.inner_text(), language) == []
    screenshot(page, f"inbox-{language}")
    inbox.locator("[data-kind=new_referrals] a").click()
    expect(page).to_have_url(re.compile(r"/admin/referrals/\?status=new"))


def test_refer_chooser_searches_groups_and_names_the_startup(page, site_url, admin_login, screenshot):
    admin_login("op-huigu", "huigu-demo-2026")
    page.goto(site_url + "/admin/referrals/refer/")
    chooser = page.locator("select[data-service-chooser]")
    expect(chooser.locator("optgroup[label='科创中心']")).to_have_count(1)
    page.locator("#service-search").fill("专利")
    visible = chooser.locator("option:not([hidden])")
    expect(visible.first).to_be_attached()
    texts = visible.all_inner_texts()
    assert texts and all("专利" in text for text in texts if text.strip() != "---------")
    screenshot(page, "refer-chooser-search")
    patent = next(text for text in texts if "专利申请代理" in text)
    chooser.select_option(label=patent)
    startup = page.locator("select[data-startup-chooser]")
    project = startup.locator("option").nth(1).inner_text()
    startup.select_option(index=1)
    expect(page.locator("input[name=company]")).to_have_value(project)
    page.fill("input[name=requester_name]", "浏览器测试")
    page.fill("input[name=phone]", "13906319999")
    page.fill("textarea[name=need]", "专利布局咨询")
    page.get_by_role("button", name="发送转介").click()
    expect(page.locator("body")).to_contain_text(project)
    expect(page.locator("body")).to_contain_text("科创中心")
    screenshot(page, "refer-chooser-sent")
