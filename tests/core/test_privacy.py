"""A login- or password-restricted page is served only to those who pass the
restriction, and everything public (listings, home page, incubator page,
iCalendar feeds, search, the referral form) leaves it out; a privacy change
re-indexes search."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def _restrict(page, kind):
    extra = {"password": "s3cret-page"} if kind == PageViewRestriction.PASSWORD else {}
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, **extra)


KINDS = [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD]


@pytest.mark.parametrize("kind", KINDS)
def test_a_restricted_event_is_listed_nowhere(client, demo, kind):
    huigu = demo.incubator("huigu")
    event = make_event(huigu, title="内部闭门培训会")
    public_places = ["/", "/events/", huigu.url, reverse("events:calendar_ics")]
    assert all("内部闭门培训会" in client.get(url).content.decode() for url in public_places)
    _restrict(event, kind)
    for url in public_places:
        assert "内部闭门培训会" not in client.get(url).content.decode(), url
    assert client.get(reverse("events:event_ics", args=[event.pk])).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_restricted_service_cannot_be_requested_or_listed(client, demo, kind):
    service = demo.service("huigu-bookkeeping")
    huigu = demo.incubator("huigu")
    _restrict(service, kind)
    assert client.get(reverse("referral_request", args=[service.pk])).status_code == 404
    assert service.title not in client.get(huigu.url).content.decode()


def test_a_privacy_change_reindexes_search(client, demo, django_capture_on_commit_callbacks):
    service = demo.service("huigu-bookkeeping")

    def found():
        results = client.get("/api/v1/search/", {"q": service.title}).json()["results"]
        return any(result["slug"] == service.slug for result in results)

    assert found()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = _restrict(service, PageViewRestriction.LOGIN)
    assert not found()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found()
