"""The admin's matchmaking and search screens write dates as the rest of
the site does (Django's DATE_FORMAT/DATETIME_FORMAT of the user's
language), never a fixed "2026-01-14" (issue 15)."""

import re

import pytest

from tests.language import interface_text

pytestmark = pytest.mark.django_db

SCREENS = ["/admin/matchmaking/demands/", "/admin/matchmaking/events/", "/admin/search-report/"]
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
WRITTEN = {
    "zh-hans": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "en": re.compile(r"\b(?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)\.? \d{1,2}, \d{4}\b"),
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_admin_dates_in_the_users_language(client, login, demo, language):
    login("bureau")
    client.cookies["lang"] = language
    for url in SCREENS:
        response = client.get(url)
        assert response.status_code == 200, url
        text = interface_text(response.content.decode())
        assert ISO.findall(text) == [], url
        assert WRITTEN[language].search(text), url
