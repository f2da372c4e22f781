"""Every absolute URL in mail and feeds comes from SITE_BASE_URL, whatever
host the request came in on; so do Wagtail's own (workflow mail, sitemap,
admin API, /api/v1/), built from the default Site record that ``migrate``
keeps in step with the setting."""

import re

import pytest
from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from wagtail.models import Site, WorkflowState

from core.links import check_site_matches_base_url, sync_default_site
from events.registrations import register
from tests.achievements.factories import form_data as page_form_data
from tests.achievements.factories import make_achievement
from tests.events.factories import make_event, person
from tests.services.factories import form_data

pytestmark = pytest.mark.django_db
BASE = "https://fuhua.example.cn"


@pytest.fixture(autouse=True)
def base_url(settings, db):
    """The site deployed with SITE_BASE_URL=BASE: ``migrate`` ran with it."""
    settings.SITE_BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


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


def default_site():
    return Site.objects.get(is_default_site=True)


def test_migrate_gives_the_default_site_the_settings_host_and_port(settings):
    assert (default_site().hostname, default_site().port) == ("fuhua.example.cn", 443)
    assert default_site().root_url == BASE
    settings.SITE_BASE_URL = "http://127.0.0.1:8000/"
    assert sync_default_site()
    assert default_site().root_url == "http://127.0.0.1:8000"
    assert not sync_default_site()  # already in step


def test_workflow_mail_links_start_with_the_setting(client, login, demo):
    page = make_achievement(demo.incubator("huigu"), live=False)
    login("op-huigu")
    edit = page_form_data(client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    edit["action-submit"] = "1"
    client.post(f"/admin/pages/{page.pk}/edit/", edit)
    login("bureau")
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {})
    page.refresh_from_db()
    assert page.live
    for message in mail.outbox:
        bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
        urls = [url for body in bodies for url in _urls(body)]
        assert all(url.startswith(BASE + "/") for url in urls), urls
    # The "approved" mail to the operator links to the live page.
    assert any(url == BASE + page.url for message in mail.outbox for url in _urls(message.body))


def test_sitemap_and_api_urls_use_the_settings_host(client, login, demo):
    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(location.startswith(BASE + "/") for location in locations)
    incubators = client.get("/api/v1/incubators/", HTTP_HOST="127.0.0.1").json()["results"]
    assert all(item["url"].startswith(BASE + "/") for item in incubators)
    login("op-huigu")
    huigu = demo.incubator("huigu")
    meta = client.get(f"/admin/api/main/pages/{huigu.pk}/").json()["meta"]
    assert meta["html_url"] == BASE + huigu.url


def test_a_check_warns_when_the_site_and_the_setting_differ(settings):
    assert check_site_matches_base_url(databases=["default"]) == []
    settings.SITE_BASE_URL = "https://fuhua.example.cn:8443"  # no Site record can say it
    assert [warning.id for warning in check_site_matches_base_url()] == ["core.W001"]
    settings.SITE_BASE_URL = "https://other.example.cn"
    assert check_site_matches_base_url() == []  # without database checks
    assert [warning.id for warning in check_site_matches_base_url(databases=["default"])] == ["core.W002"]
