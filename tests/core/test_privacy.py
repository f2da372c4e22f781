"""A login- or password-restricted page is served only to those who pass the
restriction, and everything public (listings, home page, incubator page,
iCalendar feeds, search, the referral form) leaves it out; a privacy change
re-indexes search.

Each place is checked twice: the page is there before the restriction (so
the check can fail) and gone after it. Incubator pages list services, not
events, so an event is looked for on the event places only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from achievements.models import AchievementIndexPage
from events.models import EventIndexPage
from matchmaking.models import DemandIndexPage
from services.hints import strongest_incubators
from tests.events.factories import make_event
from tests.factories import make_incubator

pytestmark = pytest.mark.django_db


def _restrict(page, kind):
    extra = {"password": "s3cret-page"} if kind == PageViewRestriction.PASSWORD else {}
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, **extra)


KINDS = [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD]


@pytest.mark.parametrize("kind", KINDS)
def test_a_restricted_event_is_listed_nowhere(client, demo, kind):
    huigu = demo.incubator("huigu")
    soon = timezone.now() + datetime.timedelta(hours=1)  # the first of the home page's next events
    event = make_event(huigu, title="内部闭门培训会", start=soon)
    public_places = ["/", "/events/", reverse("events:calendar_ics")]
    for url in public_places:
        assert "内部闭门培训会" in client.get(url).content.decode(), url
    assert client.get(reverse("events:event_ics", args=[event.pk])).status_code == 200
    _restrict(event, kind)
    for url in public_places:
        assert "内部闭门培训会" not in client.get(url).content.decode(), url
    assert client.get(reverse("events:event_ics", args=[event.pk])).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_restricted_service_cannot_be_requested_or_listed(client, demo, kind):
    service = demo.service("huigu-bookkeeping")
    huigu = demo.incubator("huigu")
    assert client.get(reverse("referral_request", args=[service.pk])).status_code == 200
    assert service.title in client.get(huigu.url).content.decode()
    _restrict(service, kind)
    assert client.get(reverse("referral_request", args=[service.pk])).status_code == 404
    assert service.title not in client.get(huigu.url).content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_a_restricted_incubator_is_named_in_no_public_choice(client, demo, kind):
    hidden = make_incubator(title="闭门孵化空间", specialties={"legal": 5})
    public_places = [
        reverse("referral_request", args=[demo.service("lihai-brand").pk]),  # "your incubator"
        AchievementIndexPage.objects.live().get().url,  # the owner filter
        DemandIndexPage.objects.live().get().url,  # the owner filter
        reverse("demand_form"),  # "your incubator" on the demand form
        EventIndexPage.objects.live().get().url,  # the calendar's incubator filter
    ]

    def named():
        hints = [incubator.pk for incubator in strongest_incubators("legal", limit=100)]
        places = {url: "闭门孵化空间" in client.get(url).content.decode() for url in public_places}
        return {"cross-referral hints": hidden.pk in hints, **places}

    assert all(named().values()), named()
    _restrict(hidden, kind)
    assert not any(named().values()), named()


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
