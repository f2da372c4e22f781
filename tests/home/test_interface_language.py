"""Everything the site itself writes follows the chosen language: the menu,
breadcrumbs, headings and introductions of the lists, the home hero, labels,
buttons and table headings (issue 15). What operators wrote (an incubator's
name, a service's title, a district) stays as written.

A test fails when such interface text shows the other language: Chinese
characters on an English page, Latin words on a Chinese one.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from tests.language import chrome_text, foreign_words

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
LISTS = {"HomePage", "IncubatorIndexPage", "EventIndexPage", "AchievementIndexPage", "DemandIndexPage"}


def public_urls():
    urls = {}
    for page in Page.objects.live().public().filter(depth__gte=2).specific():
        urls.setdefault(type(page).__name__, page.url)
    return {
        **urls,
        "search": "/search/?q=%E4%BB%A3%E8%B4%A6",
        "report": "/report/2026/",
        "not_found": "/no-such-page/",
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_speak_the_chosen_language(client, demo, language):
    client.cookies["lang"] = language
    urls = public_urls()
    assert LISTS | {
        "IncubatorPage",
        "ServicePage",
        "EventPage",
        "AchievementPage",
        "ProjectPage",
        "DemandPage",
    } <= set(urls)
    problems = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not_found" else 200), url
        listing = name in LISTS or name in {"search", "report", "not_found"}
        # The visitor's own query (代账) is echoed on the search page.
        words = foreign_words(chrome_text(response.content.decode(), listing), language, allowed=("代账",))
        if words:
            problems[url] = words
    assert problems == {}


def test_english_menu_breadcrumbs_and_list_headings(client, demo):
    client.cookies["lang"] = "en"
    html = client.get("/events/").content.decode()
    menu = BeautifulSoup(html, "html.parser").select_one("nav.main-nav").get_text(" ")
    assert "Incubators" in menu and "Event calendar" in menu and "Technology achievements" in menu
    assert re.search(r"<h1>\s*Event calendar\s*</h1>", html)
    service = client.get(demo.service("huigu-bookkeeping").url).content.decode()
    crumbs = BeautifulSoup(service, "html.parser").select_one("nav.breadcrumbs").get_text(" ")
    assert "Home" in crumbs and "Incubators" in crumbs and "慧谷孵化器" in crumbs
    home = client.get("/").content.decode()
    assert re.search(r"<h1>\s*Rongcheng Incubator Network\s*</h1>", home)


def test_chinese_titles_stay_for_chinese_visitors(client, demo):
    html = client.get("/events/").content.decode()
    assert re.search(r"<h1>\s*活动日历\s*</h1>", html)


def test_an_english_introduction_is_shown_only_in_english(client, demo):
    from events.models import EventIndexPage

    calendar = EventIndexPage.objects.get()
    calendar.intro_en = ""
    calendar.save()
    client.cookies["lang"] = "en"
    html = client.get("/events/").content.decode()
    assert calendar.intro not in html  # no Chinese introduction on the English page


def test_templates_hold_no_chinese_text():
    """Interface text lives in the catalogues, never in a template."""
    offenders = [
        str(path.relative_to(REPO))
        for path in REPO.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and re.search(r"[\u3400-\u9fff]", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
