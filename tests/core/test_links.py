"""Every absolute URL in mail and feeds comes from SITE_BASE_URL, whatever
host the request came in on."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from events.registrations import register
from tests.events.factories import make_event, person
from tests.services.factories import form_data

pytestmark = pytest.mark.django_db
BASE = "https://fuhua.example.cn"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.SITE_BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE


def _urls(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_registration_mail_links_start_with_the_setting(demo, django_capture_on_commit_callbacks):
    event = make_event(demo.incubator("huigu"))
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, **person(1))
    (message,) = mail.outbox
    assert f"{BASE}/registration/{registration.token}/" in message.body
    assert all(url.startswith(BASE) for url in _urls(message.body))


def test_referral_mails_link_to_the_setting_not_the_request_host(
    client, demo, django_capture_on_commit_callbacks
):
    service = demo.service("lihai-brand")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("referral_request", args=[service.pk]), form_data(), HTTP_HOST="127.0.0.1")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        urls = _urls(message.body)
        assert urls
        assert all(url.startswith(BASE) for url in urls), urls
