"""The "strongest" of the home page and the incubator list filtered by a
specialty rank as the cross-referral hints do (services.hints.hint_score):
an operator raising the declared strength alone does not lift an incubator
above one with a record of completed, well-rated referrals; both pages say
what the ranking means (issue 15)."""

import pytest

from home.overview import network_overview
from incubators.models import IncubatorSpecialty
from tests.factories import make_incubator, make_service
from tests.services.factories import make_referral

pytestmark = pytest.mark.django_db

CATEGORY = "finance_tax"
NOTE = "排名依据自报的专长强度"


@pytest.fixture
def rivals(demo):
    """Two incubators declaring 4 in the category: "proven" with five
    completed referrals rated 5, "boastful" with none."""
    proven = make_incubator(title="实绩孵化器", specialties={CATEGORY: 4})
    boastful = make_incubator(title="自夸孵化器", specialties={CATEGORY: 4})
    service = make_service(proven, category=CATEGORY)
    for _ in range(5):
        make_referral(service, status="completed", rating=5)
    return proven, boastful


def raise_declared_strength(incubator):
    IncubatorSpecialty.objects.filter(page=incubator, category=CATEGORY).update(strength=5)


def home_leaders():
    tiles = {tile["code"]: tile for tile in network_overview()["categories"]}
    return tiles[CATEGORY]["leaders"]


def list_order(client, *incubators):
    html = client.get(f"/incubators/?specialty={CATEGORY}").content.decode()
    assert NOTE in html
    return sorted(incubators, key=lambda incubator: html.index(f'href="{incubator.url}"'))


def test_home_tiles_weigh_the_record_over_a_raised_self_rating(rivals):
    proven, boastful = rivals
    raise_declared_strength(boastful)
    leaders = home_leaders()
    assert proven in leaders
    assert boastful not in leaders[: leaders.index(proven)]


def test_incubator_list_weighs_the_record_over_a_raised_self_rating(client, rivals):
    proven, boastful = rivals
    assert list_order(client, proven, boastful) == [proven, boastful]
    raise_declared_strength(boastful)
    assert list_order(client, proven, boastful) == [proven, boastful]


def test_without_a_record_declared_strength_still_decides(client, demo):
    modest = make_incubator(title="谦虚孵化器", specialties={CATEGORY: 4})
    bold = make_incubator(title="大胆孵化器", specialties={CATEGORY: 4})
    raise_declared_strength(bold)
    assert list_order(client, modest, bold) == [bold, modest]


def test_home_page_explains_the_ranking(client, demo):
    assert NOTE in client.get("/").content.decode()
