"""Chinese first, English on request; dates and numbers formatted for China."""

import datetime

import pytest
from django.utils import formats, translation

pytestmark = pytest.mark.django_db


def test_chinese_by_default_even_for_an_english_browser(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "荣成市孵化器服务网络" in html
    assert response["Content-Language"] == "zh-hans"


def test_english_after_choosing_it(client, demo):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/incubators/"})
    assert response.status_code == 302
    html = client.get("/incubators/").content.decode()
    assert '<html lang="en">' in html
    assert "Rongcheng Incubator Network" in html and "All specialties" in html
    assert "慧谷孵化器" in html  # content stays as written


def test_unknown_language_cookie_falls_back_to_chinese(client, demo):
    client.cookies["lang"] = "xx"
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


def test_dates_and_numbers_follow_chinese_formats():
    with translation.override("zh-hans"):
        assert formats.date_format(datetime.date(2026, 3, 5)) == "2026年3月5日"
        assert (
            formats.date_format(datetime.datetime(2026, 3, 5, 9, 30), "DATETIME_FORMAT")
            == "2026年3月5日 09:30"
        )


def test_language_switcher_offers_both_languages_by_their_own_names(client, demo):
    html = client.get("/").content.decode()
    assert ">简体中文</option>" in html and ">English</option>" in html


def test_an_english_request_does_not_leave_english_active(client, demo):
    client.cookies["lang"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()
    assert translation.get_language() == "zh-hans"
