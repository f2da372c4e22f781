"""One abuse policy for the three public forms (service request, event
registration, achievement interest): a honeypot, a per-address limit sized
for an office behind one NAT address, a tighter per-contact limit, and only
submissions that passed validation are counted."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from achievements.models import AchievementInterest
from events.models import Registration
from matchmaking.models import DemandPage
from services.models import Referral
from tests.achievements.factories import make_achievement
from tests.events.factories import make_event
from tests.matchmaking.factories import demand_form_data
from tests.services.factories import form_data

pytestmark = pytest.mark.django_db


def _referral(demo):
    service = demo.service("lihai-brand")
    return SimpleNamespace(
        url=reverse("referral_request", args=[service.pk]),
        data=lambda n: form_data(phone=f"1390000{n:04d}", email=f"r{n}@example.cn"),
        typo=lambda n: form_data(phone="abc", email=f"typo{n}"),
        saved=lambda: Referral.objects.filter(
            service=service, email__regex=r"^r[0-9]+@example[.]cn$"
        ).count(),
    )


def _registration(demo):
    event = make_event(demo.incubator("huigu"))
    return SimpleNamespace(
        url=reverse("events:register", args=[event.pk]),
        data=lambda n: {"name": f"报名人{n}", "company": "", "phone": f"1380000{n:04d}", "email": ""},
        typo=lambda n: {"name": "", "company": "", "phone": "", "email": f"typo{n}"},
        saved=lambda: Registration.objects.filter(event=event).count(),
    )


def _interest(demo):
    page = make_achievement(demo.incubator("kechuang"))
    return SimpleNamespace(
        url=reverse("achievements:interest", args=[page.pk]),
        data=lambda n: {
            "name": f"访客{n}",
            "organisation": "",
            "phone": f"1370000{n:04d}",
            "email": "",
            "message": "希望洽谈。",
        },  # fmt: skip
        typo=lambda n: {"name": "", "organisation": "", "phone": "", "email": f"typo{n}", "message": ""},
        saved=lambda: AchievementInterest.objects.filter(achievement=page).count(),
    )


FORMS = {"referral": _referral, "registration": _registration, "interest": _interest}


def _demand(demo):
    return SimpleNamespace(
        url=reverse("demand_form"),
        data=lambda n: demand_form_data(title=f"限流测试需求{n}", phone=f"1360000{n:04d}"),
        typo=lambda n: demand_form_data(title=f"限流测试需求{n}", phone="abc", email=f"typo{n}"),
        saved=lambda: DemandPage.objects.filter(title__startswith="限流测试需求").count(),
    )


FORMS["demand"] = _demand


@pytest.fixture(params=list(FORMS))
def public_form(request, demo):
    return FORMS[request.param](demo)


def test_the_honeypot_saves_nothing(public_form, settings):
    """One honeypot (core.abuse.HoneypotMixin, components/honeypot.html) and
    one answer on every form: 400 and the form again with a general error;
    nothing saved, nothing counted against the address's budget."""
    settings.ABUSE_RATE_PER_ADDRESS = "1/h"
    client = Client(REMOTE_ADDR="10.3.0.1")
    response = client.post(public_form.url, {**public_form.data(1), "website": "http://spam.example"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "您的申请未能提交，请重试。" in html
    assert html.count('<div class="hp" aria-hidden="true">') == 1
    assert html.count('name="website"') == 1
    assert public_form.saved() == 0
    assert client.post(public_form.url, public_form.data(2)).status_code == 302


def test_typing_mistakes_do_not_use_up_the_budget(public_form, settings):
    settings.ABUSE_RATE_PER_ADDRESS = "3/h"
    client = Client(REMOTE_ADDR="10.3.0.2")
    for n in range(9):
        assert client.post(public_form.url, public_form.typo(n)).status_code in (200, 400)
    for n in range(3):
        assert client.post(public_form.url, public_form.data(n)).status_code == 302
    assert public_form.saved() == 3


def test_one_address_is_limited_and_another_is_not(public_form, settings):
    settings.ABUSE_RATE_PER_ADDRESS = "3/h"
    office = Client(REMOTE_ADDR="10.3.0.3")
    for n in range(3):
        assert office.post(public_form.url, public_form.data(n)).status_code == 302
    response = office.post(public_form.url, public_form.data(3))
    assert response.status_code == 429
    assert "请一小时后再试" in response.content.decode()
    assert 'value="' in response.content.decode()  # what was typed is kept
    assert public_form.saved() == 3
    assert Client(REMOTE_ADDR="10.3.0.4").post(public_form.url, public_form.data(4)).status_code == 302


def test_one_contact_is_limited_across_addresses(public_form, settings):
    settings.ABUSE_RATE_PER_CONTACT = "1/d"
    first = Client(REMOTE_ADDR="10.3.0.5").post(public_form.url, public_form.data(7))
    assert first.status_code == 302
    again = Client(REMOTE_ADDR="10.3.0.6").post(public_form.url, public_form.data(7))
    assert again.status_code in (200, 429)
    assert public_form.saved() == 1


def test_the_default_per_address_limit_fits_an_office(public_form):
    office = Client(REMOTE_ADDR="10.3.0.7")
    statuses = [office.post(public_form.url, public_form.data(n)).status_code for n in range(40)]
    assert statuses == [302] * 40


def test_an_empty_form_never_shows_a_constraint_name(public_form):
    blank = {key: "" for key in public_form.data(1)}
    if "consent" in blank:
        blank["consent"] = "on"
    html = Client(REMOTE_ADDR="10.3.0.8").post(public_form.url, blank).content.decode()
    assert "has_contact" not in html and "has_a_contact" not in html
    assert "Constraint" not in html
    assert "电话" in html


def test_a_phone_of_letters_is_refused_with_a_chinese_message(public_form):
    data = {**public_form.data(9), "phone": "abc", "email": ""}
    response = Client(REMOTE_ADDR="10.3.0.9").post(public_form.url, data)
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "请输入7至15位数字的电话号码" in html
    assert 'value="abc"' in html  # what was typed is kept
    assert public_form.saved() == 0
