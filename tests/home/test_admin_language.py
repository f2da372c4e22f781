"""The Chinese admin speaks Chinese on every screen operators and the bureau
use: Wagtail's own catalogue is completed by site/overrides/locale, and the
site name is the network's, never "localhost" (issue 15)."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page, Site

from achievements.models import TechnologyField
from incubators.models import IncubatorPage
from tests.language import foreign_words, interface_text

pytestmark = pytest.mark.django_db

OVERRIDES = Path(__file__).resolve().parents[2] / "site" / "overrides" / "locale" / "zh_Hans" / "LC_MESSAGES"
# Wagtail's time-zone menu on the account screen lists IANA names.
ACCOUNT = "/admin/account/"


def operator_screens(incubator):
    children = {child.specific_class.__name__: child for child in incubator.get_children()}
    screens = [
        "/admin/",
        f"/admin/pages/{incubator.id}/",
        f"/admin/pages/{incubator.id}/edit/",
        f"/admin/pages/{incubator.id}/add_subpage/",
        f"/admin/pages/{incubator.id}/history/",
        "/admin/pages/search/?q=%E4%BB%A3%E7%90%86",
        "/admin/referrals/",
        "/admin/referrals/refer/",
        "/admin/event-registrations/",
        "/admin/images/",
        "/admin/documents/",
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:workflow"),
    ]
    for child in children.values():
        content_type = child.content_type
        screens.append(f"/admin/pages/{child.id}/edit/")
        screens.append(f"/admin/pages/add/{content_type.app_label}/{content_type.model}/{incubator.id}/")
    return screens


@pytest.mark.parametrize("username", ["op-huigu", "bureau"])
def test_admin_screens_show_no_english_in_chinese(client, login, demo, username):
    login(username)
    client.cookies["lang"] = "zh-hans"
    screens = operator_screens(demo.incubator("huigu"))
    if username == "bureau":
        screens += [
            "/admin/quota-board/",
            "/admin/referrals/measures/",
            reverse("wagtailadmin_reports:page_types_usage"),
            # The technology-field list's forms (the list itself shows the
            # English names the bureau wrote: content).
            "/admin/snippets/achievements/technologyfield/add/",
            f"/admin/snippets/achievements/technologyfield/edit/{TechnologyField.objects.first().pk}/",
        ]
    # Content the demo wrote with Latin letters (image titles such as "logo ·
    # huigu", "SaaS", "SYB" training), and Wagtail printing Python's None as
    # the editor of pages that an import, not a person, last saved (a Wagtail
    # template quirk).
    slugs = set(IncubatorPage.objects.values_list("slug", flat=True))
    content = {"logo", "photo", "SaaS", "SYB", "DHA", "None", *slugs}
    problems = {}
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        english = foreign_words(interface_text(response.content.decode()), "zh-hans", allowed=content)
        if english:
            problems[url] = english
    assert problems == {}


def test_admin_greets_with_the_network_name_in_the_users_language(client, login):
    login("op-huigu")
    for language, name in (("zh-hans", "荣成市孵化器服务网络"), ("en", "Rongcheng Incubator Network")):
        client.cookies["lang"] = language
        html = client.get("/admin/").content.decode()
        assert re.search(rf"<h1[^>]*>\s*{name}\s*</h1>", html), language
        assert "localhost" not in interface_text(html)


def test_wagtail_pages_menu_is_not_translated_as_pagination(client, login):
    login("op-huigu")
    html = client.get("/admin/").content.decode()
    assert "分页" not in html
    assert "页面" in interface_text(html)


def test_root_page_and_default_workflow_have_chinese_names():
    assert Page.objects.get(depth=1).title == "全站"
    from wagtail.models import Task

    assert not Task.objects.filter(name="Moderators approval").exists()


ROOT_LABEL = {"en": "All pages", "zh-hans": "全站"}


def page_text(html):
    """The text and labelling attributes of ``html`` outside scripts,
    collapsed breadcrumbs included (interface_text leaves hidden parts out)."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "template"]):
        element.decompose()
    attributes = [element.get("title") or "" for element in soup.find_all(title=True)]
    return " ".join([soup.get_text(" "), *attributes])


def root_page_screens(client, language):
    """What the bureau reads where Wagtail names the tree's root: the
    explorer at the root (its title and header) and below it (breadcrumbs),
    the move form's current parent, the page chooser at the root and below
    it, and the admin API's ancestors of the home page (what the sidebar's
    page menu reads)."""
    client.cookies["lang"] = language
    home = Site.objects.get(is_default_site=True).root_page
    screens = {}
    for url in ("/admin/pages/", f"/admin/pages/{home.id}/", f"/admin/pages/{home.id}/move/"):
        response = client.get(url)
        assert response.status_code == 200, url
        screens[url] = page_text(response.content.decode())
    for url in ("/admin/choose-page/", f"/admin/choose-page/{home.id}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        screens[url] = page_text(response.json()["html"])
    detail = client.get(f"/admin/api/main/pages/{home.id}/").json()
    screens["api ancestors"] = " ".join(page["admin_display_title"] for page in detail["meta"]["ancestors"])
    return screens


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_root_page_is_named_in_the_admin_users_language(client, login, language):
    login("bureau")
    other = ROOT_LABEL["zh-hans" if language == "en" else "en"]
    screens = root_page_screens(client, language)
    assert {url for url, text in screens.items() if ROOT_LABEL[language] not in text} == set()
    assert {url for url, text in screens.items() if other in text} == set()
    explorer = client.get("/admin/pages/").content.decode()
    title = {"en": "Exploring: All pages", "zh-hans": "浏览: 全站"}[language]
    assert re.search(rf"<title>{title} ", explorer)
    # The stored title is unchanged (migration home.0004); only its label follows the language.
    assert Page.objects.get(depth=1).title == "全站"


@pytest.mark.parametrize("catalogue", ["django.po", "djangojs.po"])
def test_override_catalogue_translates_every_entry_keeping_placeholders(catalogue):
    text = (OVERRIDES / catalogue).read_text(encoding="utf-8")
    blocks = [
        block for block in text.split("\n\n") if "msgid " in block and 'msgid ""\nmsgstr ""\n"' not in block
    ]
    assert len(blocks) > 10
    for block in blocks:
        source = "".join(re.findall(r'^msgid(?:_plural)? "(.*)"$', block, re.M))
        translation = "".join(re.findall(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M))
        assert translation, source
        words = re.sub(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>|Wagtail|API|v\d+|JavaScript", "", translation)
        assert re.search(r"[\u4e00-\u9fff]", translation) or not re.search(r"[A-Za-z]", words), source
        placeholders = set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", translation))
        assert placeholders <= set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", source)), source
