"""Brand pieces a visitor meets (issue 15): the branded 403, 500 and
CSRF-failure pages in the site's layout and the visitor's language, a meta
description on every kind of page, date chips written the Chinese way, an
incubator's address with a way to get there instead of raw coordinates."""

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import formats, translation

from tests.language import chrome_text, foreign_words

pytestmark = pytest.mark.django_db

HEADINGS = {
    "403": {"zh-hans": "无权访问", "en": "Access denied"},
    "500": {"zh-hans": "服务器错误", "en": "Server error"},
    "csrf": {"zh-hans": "表单已失效", "en": "The form has expired"},
}


def visitor(language, **options):
    client = Client(raise_request_exception=False, **options)
    client.cookies["lang"] = language
    return client


def error_page(kind, language):
    if kind == "csrf":  # a form sent without its token
        return visitor(language, enforce_csrf_checks=True).post("/test-forbidden/", {"name": "x"})
    return visitor(language).get({"403": "/test-forbidden/", "500": "/test-broken/"}[kind])


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.home.error_urls"
    settings.DEBUG = False


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("kind", ["403", "500", "csrf"])
def test_error_pages_are_branded_and_in_the_visitors_language(failing_urls, kind, language):
    response = error_page(kind, language)
    assert response.status_code == (500 if kind == "500" else 403)
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == language
    assert soup.select_one("header.site-header .brand")  # the site's layout, not Django's page
    assert soup.select_one("h1").get_text(strip=True) == HEADINGS[kind][language]
    assert foreign_words(chrome_text(html, True), language) == []


def page_urls(demo):
    return {
        "home": "/",
        "incubators": "/incubators/",
        "events": "/events/",
        "achievements": "/achievements/",
        "incubator": demo.incubator("huigu").url,
        "service": demo.service("huigu-bookkeeping").url,
    }


def test_every_kind_of_page_has_a_meta_description(client, demo):
    for name, url in page_urls(demo).items():
        soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
        description = soup.select_one('meta[name="description"]')
        assert description and len(description["content"].strip()) > 10, name


def test_date_chips_write_month_and_day_the_chinese_way(client, demo):
    with translation.override("zh-hans"):
        assert formats.date_format(date(2027, 1, 4), "MONTH_DAY_FORMAT") == "1月4日"
    soup = BeautifulSoup(client.get("/events/").content.decode(), "html.parser")
    chips = [chip.get_text(strip=True) for chip in soup.select(".event-card__day")]
    assert chips
    assert all(re.fullmatch(r"[1-9]\d?月[1-9]\d?日", chip) for chip in chips), chips


def test_incubator_page_shows_address_and_directions_not_coordinates(client, demo):
    incubator = demo.incubator("huigu")
    assert incubator.latitude is not None and incubator.address
    html = client.get(incubator.url).content.decode()
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    assert incubator.address in text
    directions = BeautifulSoup(html, "html.parser").select(".directions a")
    assert any(link["href"].startswith("https://") for link in directions)
    assert any(link["href"].startswith("geo:") for link in directions)
    assert "坐标" not in text
    assert f"{incubator.latitude:.4f}" not in text  # no raw coordinates in the text
