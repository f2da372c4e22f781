"""The English admin speaks English on the screens operators use most (the
dashboard, the page explorer, a page's edit form): what Chinese it shows is
what operators wrote (page titles, the incubators' names) or named (the
bureau's workflow task), never the interface, and the network is named in
English, not by the site record's Chinese name. The Chinese admin's
JavaScript catalogue translates what the editors' widgets say (issue 15)."""

import json
import re

import pytest
from wagtail.models import Page, Site, Task

from tests.language import foreign_words, interface_text

pytestmark = pytest.mark.django_db

NETWORK = "荣成市孵化器服务网络"


def operators_words():
    """Titles of the pages operators write, and the workflow tasks' names;
    the pages the site itself writes (those with an English title) are not
    content."""
    titles = {
        page.title for page in Page.objects.filter(depth__gte=2).specific() if not hasattr(page, "title_en")
    }
    return titles | set(Task.objects.values_list("name", flat=True))


def english_problems(client, urls):
    client.cookies["lang"] = "en"
    content = operators_words()
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        words = foreign_words(interface_text(response.content.decode()), "en", allowed=content)
        if words:
            problems[url] = words
    return problems


def test_operator_screens_in_english(client, login, demo):
    login("op-huigu")
    incubator = demo.incubator("huigu")
    service = demo.service("huigu-bookkeeping")
    urls = ["/admin/", f"/admin/pages/{incubator.id}/", f"/admin/pages/{incubator.id}/edit/"]
    urls.append(f"/admin/pages/{service.id}/edit/")
    assert english_problems(client, urls) == {}


def test_bureau_screens_in_english(client, login, demo):
    login("bureau")
    home = Site.objects.get(is_default_site=True).root_page
    urls = ["/admin/", f"/admin/pages/{home.id}/", f"/admin/pages/{home.id}/edit/"]
    assert english_problems(client, urls) == {}


def test_dashboard_names_the_network_in_the_users_language(client, login):
    login("op-huigu")
    assert Site.objects.get(is_default_site=True).site_name == NETWORK  # the record stays Chinese
    client.cookies["lang"] = "en"
    html = client.get("/admin/").content.decode()
    assert NETWORK not in html
    assert "created in Rongcheng Incubator Network" in html
    client.cookies["lang"] = "zh-hans"
    assert NETWORK in interface_text(client.get("/admin/").content.decode())


def test_explorer_names_the_home_page_in_english(client, login):
    login("bureau")
    client.cookies["lang"] = "en"
    home = Site.objects.get(is_default_site=True).root_page
    html = client.get(f"/admin/pages/{home.id}/").content.decode()
    assert re.search(r"<title>Exploring: Rongcheng Incubator Network", html)
    assert "Event calendar" in interface_text(html)


def test_chinese_javascript_catalogue_translates_the_editors_widgets(client, login):
    login("op-huigu")
    client.cookies["lang"] = "zh-hans"
    script = client.get("/admin/jsi18n/").content.decode()
    translation = json.loads(re.search(r'"Insert a block": ("(?:[^"\\]|\\.)*")', script).group(1))
    assert translation == "插入区块"
