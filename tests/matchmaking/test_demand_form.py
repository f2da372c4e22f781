"""The public demand form: a draft for the right reviewers, the contact
rule, abuse protection; the public list shows only reviewed, open demands,
without contact data."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from achievements.models import TechnologyField
from matchmaking.demands import demand_index, reviewable_demands
from matchmaking.models import DemandPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "title": "扇贝养殖自动采收",
        "need": "扇贝采收依赖人工，需要自动化采收设备。",
        "field": str(TechnologyField.objects.get(name_zh="智能装备").pk),
        "maturity_min": "5",
        "maturity_max": "8",
        "transfer_modes": ["license", "joint"],
        "budget": "50万元",
        "deadline": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "company": "荣成扇贝养殖有限公司",
        "incubator": "",
        "requester_name": "赵经理",
        "phone": "138 0000 1234",
        "email": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_a_submission_is_a_draft_for_its_incubator(client, demo, login):
    huigu = demo.incubator("huigu")
    response = client.post(reverse("demand_form"), form_data(incubator=huigu.pk))
    assert response.status_code == 302 and response["Location"] == reverse("demand_submitted")
    demand = DemandPage.objects.get(title="扇贝养殖自动采收")
    assert not demand.live and demand.get_parent().pk == huigu.pk
    assert demand.transfer_modes == ["license", "joint"] and demand.contact_phone == "138 0000 1234"
    assert "慧谷孵化器" in client.get(reverse("demand_submitted")).content.decode()
    operator = login("op-huigu")
    assert demand in reviewable_demands(operator)
    from django.contrib.auth import get_user_model

    assert demand not in reviewable_demands(get_user_model().objects.get(username="op-lihai"))


def test_the_field_is_chosen_from_the_bureaus_list(client, demo):
    html = client.get(reverse("demand_form")).content.decode()
    for field in TechnologyField.objects.all():
        assert f'<option value="{field.pk}">{field.name_zh}</option>' in html
    response = client.post(reverse("demand_form"), form_data(field="海洋装备"))
    assert response.status_code == 400 and "field" in response.context["form"].errors
    assert not DemandPage.objects.filter(title="扇贝养殖自动采收").exists()
    client.post(reverse("demand_form"), form_data())
    assert DemandPage.objects.get(title="扇贝养殖自动采收").field.name_zh == "智能装备"


def test_a_firm_outside_the_network_goes_to_the_bureau(client, demo):
    client.post(reverse("demand_form"), form_data())
    demand = DemandPage.objects.get(title="扇贝养殖自动采收")
    assert demand.get_parent().pk == demand_index().pk
    from django.contrib.auth import get_user_model

    User = get_user_model()
    assert demand in reviewable_demands(User.objects.get(username="bureau"))
    assert demand not in reviewable_demands(User.objects.get(username="op-huigu"))


def test_without_a_contact_nothing_is_saved_and_the_input_stays(client, demo):
    response = client.post(reverse("demand_form"), form_data(phone="", email=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "请至少填写电话或邮箱中的一项" in html or "phone" in response.context["form"].errors
    assert "扇贝采收依赖人工" in html
    assert not DemandPage.objects.filter(title="扇贝养殖自动采收").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"deadline": "2000-01-01"}, "deadline"),
        ({"maturity_min": "8", "maturity_max": "3"}, "maturity_max"),
        ({"transfer_modes": ["barter"]}, "transfer_modes"),
        ({"company": ""}, "company"),
    ],
)
def test_bad_values_are_reported_on_their_field(client, demo, overrides, field):
    response = client.post(reverse("demand_form"), form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_the_honeypot_and_the_rate_limits(client, demo, settings):
    assert client.post(reverse("demand_form"), form_data(website="http://spam")).status_code == 400
    settings.DEMAND_RATE_PER_CONTACT = "2/d"
    for n in range(2):
        assert client.post(reverse("demand_form"), form_data(title=f"需求{n}")).status_code == 302
    assert client.post(reverse("demand_form"), form_data(title="需求3")).status_code == 429
    settings.DEMAND_RATE_PER_ADDRESS = "1/h"
    cache.clear()
    client.post(reverse("demand_form"), form_data(title="需求4", phone="13900000000"))
    assert (
        client.post(reverse("demand_form"), form_data(title="需求5", phone="13900000001")).status_code == 429
    )
    assert not DemandPage.objects.filter(title__in=["需求3", "需求5"]).exists()


def test_public_list_shows_reviewed_open_demands_without_contacts(client, demo):
    client.post(reverse("demand_form"), form_data())
    DemandPage.objects.filter(slug="d-hemostatic").update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = client.get(demand_index().url).content.decode()
    assert "海参加工副产物制备海参肽" in html
    assert "扇贝养殖自动采收" not in html  # a draft
    assert "壳聚糖止血材料" not in html  # past its deadline
    assert "0631-76" not in html and "技术部" not in html
    page = client.get(DemandPage.objects.get(slug="d-sea-cucumber-peptide").url).content.decode()
    assert "荣成海宝水产有限公司" in page and "0631-76" not in page
    assert "海参肽酶解制备技术" in page  # its best match
