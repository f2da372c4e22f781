"""Where each page type may be created (parent and child types)."""

import pytest

from home.models import HomePage
from incubators.models import IncubatorIndexPage, IncubatorPage
from services.models import ServicePage

pytestmark = pytest.mark.django_db


def test_incubators_live_only_in_the_incubator_list(demo):
    assert IncubatorPage.can_create_at(demo.index)
    assert not IncubatorPage.can_create_at(HomePage.objects.get())
    assert not IncubatorPage.can_create_at(demo.incubator("huigu"))


def test_services_live_only_under_an_incubator(demo):
    assert ServicePage.can_create_at(demo.incubator("huigu"))
    assert not ServicePage.can_create_at(demo.index)
    assert not ServicePage.can_create_at(HomePage.objects.get())
    assert not ServicePage.can_create_at(demo.service("huigu-bookkeeping"))


def test_a_service_has_no_children():
    assert ServicePage.allowed_subpage_models() == []


def test_one_home_page_and_one_incubator_list(demo):
    assert not HomePage.can_create_at(demo.index.get_parent())
    assert not IncubatorIndexPage.can_create_at(HomePage.objects.get())  # max_count 1, exists
    assert IncubatorIndexPage in HomePage.allowed_subpage_models()


def test_service_knows_its_incubator(demo):
    assert demo.service("kechuang-patent").incubator == demo.incubator("kechuang")
