"""Who sees and handles which match and whose contact data: a matrix of
roles × admin URLs, like the referral exchange's.

The pair: the demand d-kelp-fucoidan of a firm incubated at 利海创客 (A) and
the achievement 海带岩藻多糖提取工艺 of 慧谷孵化器 (B); 科创中心 (C) is a
bystander."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from achievements.models import AchievementPage
from matchmaking import loop
from matchmaking.demands import may_see_contacts
from matchmaking.models import DemandPage, Match, MatchStatus
from tests.achievements.factories import technology_field

pytestmark = pytest.mark.django_db

PHONE = "13712345678"
ROLES = {"A": "op-lihai", "B": "op-huigu", "C": "op-kechuang"}


@pytest.fixture
def pair(matched):
    demand = DemandPage.objects.get(slug="d-kelp-fucoidan")
    demand.contact_phone = PHONE
    demand.contact_name = "保密先生"
    demand.save_revision().publish()
    achievement = AchievementPage.objects.live().get(title="海带岩藻多糖提取工艺")
    return Match.objects.select_related("offer").get(need=demand, offer=achievement)


def client_for(role):
    client = Client()
    if role == "anonymous":
        return client
    User = get_user_model()
    if role == "stranger":
        user = User.objects.create_user("stranger", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    else:
        user = User.objects.get(username=ROLES.get(role, role))
    client.force_login(user)
    return client


def status_of(client, url, method="get", **data):
    response = getattr(client, method)(url, data)
    if response.status_code == 302:
        location = response["Location"]
        if "/admin/login/" in location:
            return "login"
        return "denied" if location == reverse("wagtailadmin_home") else "done"
    return response.status_code


# role → (list contains it, detail, contacts shown, dismiss, agenda form, outcomes list)
MATRIX = {
    "anonymous": (False, "login", False, "login", "login", "login"),
    "stranger": (False, "denied", False, "denied", "denied", "denied"),
    "A": (True, 200, True, "done", "denied", 200),
    "B": (True, 200, True, "done", "denied", 200),
    "C": (False, 404, False, 404, "denied", 200),
    "bureau": (True, 200, True, "done", 200, 200),
}


@pytest.mark.parametrize("role", MATRIX)
def test_permission_matrix(role, pair):
    in_list, detail, contacts, dismiss, agenda, events = MATRIX[role]
    client = client_for(role)
    detail_url = reverse("matchmaking_match", args=[pair.pk])
    listing = client.get(reverse("matchmaking_matches"))
    if role in ("anonymous", "stranger"):
        assert listing.status_code != 200
    else:
        assert listing.status_code == 200
        html = listing.content.decode()
        assert (detail_url in html) is in_list
        assert PHONE not in html
    assert status_of(client, detail_url) == detail
    if detail == 200:
        assert (PHONE in client.get(detail_url).content.decode()) is contacts
    assert status_of(client, reverse("matchmaking_agenda_new")) == agenda
    assert status_of(client, reverse("matchmaking_events")) == events
    action_url = reverse("matchmaking_match_action", args=[pair.pk])
    assert status_of(client, action_url, "post", action="dismiss") == dismiss
    pair.refresh_from_db()
    assert pair.status == (MatchStatus.DISMISSED if dismiss == "done" else MatchStatus.SUGGESTED)


def test_contacts_follow_the_match(pair):
    User = get_user_model()
    demand = DemandPage.objects.get(pk=pair.need_id)
    offer_side = User.objects.get(username=ROLES["B"])
    assert may_see_contacts(offer_side, demand)
    assert may_see_contacts(User.objects.get(username=ROLES["A"]), demand)
    assert not may_see_contacts(User.objects.get(username=ROLES["C"]), demand)
    # Once every match of B's achievements with the demand is dismissed, B
    # no longer sees the contact data.
    for match in Match.objects.filter(need=demand, offer__path__startswith=pair.offer.path[:-4]):
        loop.dismiss(match, User.objects.get(username="bureau"))
    assert not may_see_contacts(offer_side, demand)


def test_domain_functions_refuse_a_bystander(pair):
    bystander = get_user_model().objects.get(username=ROLES["C"])
    for action in (loop.dismiss, loop.propose_meeting, loop.restore):
        with pytest.raises(PermissionDenied):
            action(pair, bystander)
    with pytest.raises(PermissionDenied):
        loop.create_matchmaking_event(bystander, [pair], host=None, title="x", start=None, end=None)
    assert not loop.matches_visible_to(bystander).filter(pk=pair.pk).exists()


def test_inactive_operator_sees_nothing(pair):
    user = get_user_model().objects.get(username=ROLES["B"])
    user.is_active = False
    user.save()
    assert not loop.matches_visible_to(user).exists()
    assert not may_see_contacts(user, DemandPage.objects.get(pk=pair.need_id))


def test_public_pages_never_show_demand_contacts(client, pair, demo):
    demand = DemandPage.objects.get(pk=pair.need_id)
    for url in (demand.url, demand.get_parent().url, "/", pair.offer.specific.url, "/demands/"):
        html = client.get(url).content.decode()
        assert PHONE not in html and "保密先生" not in html


def test_operators_review_only_their_own_drafts_in_wagtail(pair, demo):
    """Publishing is the review: Wagtail's page permissions decide it."""
    from matchmaking.demands import demand_index, submit_demand

    User = get_user_model()
    inside = submit_demand(
        incubator=demo.incubator("huigu"),
        title="内部需求",
        description="x",
        field=technology_field("海洋生物"),
        deadline=datetime.date(2099, 1, 1),
        company="c",
    )
    outside = submit_demand(
        title="外部需求",
        description="x",
        field=technology_field("海洋生物"),
        deadline=datetime.date(2099, 1, 1),
        company="c",
    )
    assert outside.get_parent().pk == demand_index().pk
    huigu, lihai, bureau = (User.objects.get(username=n) for n in ("op-huigu", "op-lihai", "bureau"))
    client = Client()
    client.force_login(lihai)
    assert inside.permissions_for_user(huigu).can_publish()
    assert not inside.permissions_for_user(lihai).can_publish()
    assert not outside.permissions_for_user(huigu).can_publish()
    assert outside.permissions_for_user(bureau).can_publish()
    assert status_of(client, reverse("wagtailadmin_pages:edit", args=[inside.pk])) == "denied"


def test_one_side_proposes_a_meeting_and_the_other_side_sees_it(pair):
    detail_url = reverse("matchmaking_match", args=[pair.pk])
    proposer = client_for("B")  # the achievement's incubator
    response = proposer.post(
        reverse("matchmaking_match_action", args=[pair.pk]),
        {"action": "propose", "note": "下周二来所面谈", "next": detail_url},
    )
    assert response.status_code == 302 and response["Location"] == detail_url
    pair.refresh_from_db()
    assert pair.status == MatchStatus.PROPOSED and pair.note == "下周二来所面谈"
    assert pair.changed_by.username == "op-huigu"

    other_side = client_for("A")  # the demand's incubator
    listing = other_side.get(reverse("matchmaking_matches"), {"status": "proposed"}).content.decode()
    assert detail_url in listing and "已提议洽谈" in listing
    detail = other_side.get(detail_url).content.decode()
    assert "已提议洽谈" in detail and "op-huigu" in detail and "下周二来所面谈" in detail
    assert detail_url not in client_for("C").get(reverse("matchmaking_matches")).content.decode()
