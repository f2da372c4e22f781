"""The public demand form: a draft for the right reviewers, the contact
rule, abuse protection; the public list shows only reviewed, open demands,
without contact data."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from achievements.models import TechnologyField
from matchmaking.demands import demand_index, reviewable_demands
from matchmaking.models import DemandPage
from tests.matchmaking.factories import demand_form_data as form_data

pytestmark = pytest.mark.django_db


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


def test_the_honeypot_comes_first_and_only_valid_demands_are_counted(client, demo, settings):
    """core.abuse's policy: a filled honeypot saves nothing, typing mistakes
    use no budget, the limits count valid demands per address and contact."""
    assert client.post(reverse("demand_form"), form_data(website="http://spam")).status_code == 400
    settings.ABUSE_RATE_PER_ADDRESS = "2/h"
    for _attempt in range(5):
        assert client.post(reverse("demand_form"), form_data(phone="abc")).status_code == 400
    for n in range(2):
        data = form_data(title=f"需求{n}", phone=f"1390000000{n}")
        assert client.post(reverse("demand_form"), data).status_code == 302
    refused = client.post(reverse("demand_form"), form_data(title="需求2", phone="13900000002"))
    assert refused.status_code == 429 and "请一小时后再试" in refused.content.decode()
    settings.ABUSE_RATE_PER_CONTACT = "1/d"
    first = Client(REMOTE_ADDR="10.9.0.1").post(reverse("demand_form"), form_data(title="需求3"))
    again = Client(REMOTE_ADDR="10.9.0.2").post(reverse("demand_form"), form_data(title="需求4"))
    assert first.status_code == 302 and again.status_code == 429
    assert "请明天再试" in again.content.decode()
    assert not DemandPage.objects.filter(title__in=["需求2", "需求4"]).exists()


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
