"""Where event pages may be created."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from incubators.models import IncubatorPage
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def test_events_live_only_under_an_incubator(demo):
    assert EventPage.can_create_at(demo.incubator("huigu"))
    assert not EventPage.can_create_at(HomePage.objects.get())
    assert not EventPage.can_create_at(demo.index)
    assert not EventPage.can_create_at(demo.service("huigu-bookkeeping"))


def test_an_event_has_no_children():
    assert EventPage.allowed_subpage_models() == []


def test_one_calendar_under_the_home_page(demo):
    assert EventIndexPage.allowed_parent_page_models() == [HomePage]
    assert EventIndexPage.objects.count() == 1  # the demo made it
    assert not EventIndexPage.can_create_at(HomePage.objects.get())  # max_count 1
    assert not EventIndexPage.can_create_at(demo.incubator("huigu"))


def test_incubators_still_take_services(demo):
    assert "services.ServicePage" in IncubatorPage.subpage_types
    assert "events.EventPage" in IncubatorPage.subpage_types


def test_the_host_is_the_parent_incubator_and_co_hosts_are_listed(demo):
    huigu, kechuang = demo.incubator("huigu"), demo.incubator("kechuang")
    event = make_event(huigu, co_hosts=[kechuang])
    event = EventPage.objects.get(pk=event.pk)
    assert event.host == huigu
    assert list(event.co_hosts.all()) == [kechuang]
    assert kechuang.co_hosted_events.filter(pk=event.pk).exists()


def test_an_event_cannot_end_before_it_starts(demo):
    start = timezone.now() + datetime.timedelta(days=3)
    page = EventPage(title="倒序", slug="backwards", start=start, end=start - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        demo.incubator("huigu").add_child(instance=page)
    assert "end" in error.value.message_dict


def test_live_events_are_queryable_for_the_quota_board(demo):
    event = make_event(demo.incubator("huigu"), kind="matchmaking")
    draft = make_event(demo.incubator("huigu"), kind="matchmaking", live=False)
    live = EventPage.objects.live()
    assert live.filter(pk=event.pk).exists()
    assert not live.filter(pk=draft.pk).exists()
