"""A completion counts as cross-incubator only when the referring incubator
is confirmed: its operator referred, or its operators confirmed the startup
is theirs. An operator cannot inflate `referrals_completed` by filing a
public request for its own service in another incubator's name."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from quotas.progress import year_board
from services import referrals
from services.models import Referral
from tests.services.factories import form_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def _completed(year):
    return year_board(year).metric("referrals_completed").progress.actual


def test_a_self_filed_request_claiming_another_incubator_does_not_count(client, demo, login):
    service = demo.service("lihai-brand")
    huigu = demo.incubator("huigu")
    response = client.post(reverse("referral_request", args=[service.pk]), form_data(from_incubator=huigu.pk))
    assert response.status_code == 302
    referral = Referral.objects.get(service=service, email=form_data()["email"])
    year = referral.created_at.year
    before = _completed(year)
    operator = login("op-lihai")
    for status, note in (("accepted", ""), ("completed", "办结")):
        referrals.change_status(referral, operator, status, note, notify=False)
    assert _completed(year) == before
    assert not referrals.completed_cross_referrals().filter(pk=referral.pk).exists()

    # the delivering operator cannot confirm it for the other incubator
    url = reverse("referrals:edit", args=[referral.pk])
    refused = client.post(url, {"action": "confirm_origin"})
    assert refused.status_code == 403 or refused["Location"] == "/admin/"  # Wagtail's permission denied
    referral.refresh_from_db()
    assert referral.from_confirmed_at is None

    # huigu's operator confirms the startup is theirs: now it counts
    login("op-huigu")
    assert "确认该企业是我们的" in client.get(url).content.decode()
    assert client.post(url, {"action": "confirm_origin"}).status_code == 302
    referral.refresh_from_db()
    assert referral.from_confirmed_by.username == "op-huigu"
    assert _completed(year) == before + 1


def test_a_referral_made_by_the_referring_operator_counts_at_once(demo):
    operator = User.objects.get(username="op-huigu")
    referral = referrals.refer(
        operator,
        demo.service("lihai-brand"),
        demo.incubator("huigu"),
        requester_name="赵六",
        need="商标注册",
        phone="13800001111",
        notify=False,
    )
    assert referral.from_confirmed_by == operator
    lihai = User.objects.get(username="op-lihai")
    referrals.change_status(referral, lihai, "accepted", "", notify=False)
    referrals.change_status(referral, lihai, "completed", "已办结", notify=False)
    assert referrals.completed_cross_referrals().filter(pk=referral.pk).exists()


def test_the_bureau_does_not_confirm_on_an_incubators_behalf(demo):
    referral = referrals.create_request(
        demo.service("lihai-brand"),
        from_incubator=demo.incubator("huigu"),
        requester_name="钱七",
        need="x",
        phone="13800002222",
        notify=False,
    )
    assert not referrals.can_confirm_origin(User.objects.get(username="bureau"), referral)
