"""Who sees and handles which referral: a matrix of roles × admin URLs, plus
the public tracking link. The referral goes from 慧谷孵化器 (A, the
requester's incubator) to 科创中心 (B, delivering); 利海创客 (C) is a
bystander."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from services import referrals
from tests.services.factories import make_referral

pytestmark = pytest.mark.django_db

PHONE = "13712345678"


@pytest.fixture
def referral(demo):
    return make_referral(
        demo.service("kechuang-patent"),
        from_incubator=demo.incubator("huigu"),
        requester_name="保密先生",
        phone=PHONE,
        email="secret@example.cn",
    )


def client_for(role):
    client = Client()
    User = get_user_model()
    if role == "anonymous":
        return client
    if role == "stranger":  # may enter the admin, operates nothing
        user = User.objects.create_user("stranger", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    else:
        user = User.objects.get(
            username={"A": "op-huigu", "B": "op-kechuang", "C": "op-lihai"}.get(role, role)
        )
    client.force_login(user)
    return client


def status_of(client, url, method="get", **data):
    """The HTTP status, or "login" (sent to sign in), "denied" (Wagtail's
    answer to PermissionDenied: back to the dashboard with a message) or
    "done" (redirected after a successful POST)."""
    response = getattr(client, method)(url, data)
    if response.status_code == 302:
        location = response["Location"]
        if "/admin/login/" in location:
            return "login"
        return "denied" if location == reverse("wagtailadmin_home") else "done"
    return response.status_code


# role → (list contains it, detail, accept, measures, measures CSV, refer form)
MATRIX = {
    "anonymous": (False, "login", "login", "login", "login", "login"),
    "stranger": (False, "denied", "denied", "denied", "denied", "denied"),
    "A": (True, 200, "denied", "denied", "denied", 200),
    "B": (True, 200, "done", "denied", "denied", 200),
    "C": (False, 404, 404, "denied", "denied", 200),
    "bureau": (True, 200, "done", 200, 200, 200),
}


@pytest.mark.parametrize("role", MATRIX)
def test_permission_matrix(role, referral):
    in_list, detail, accept, measures, csv, refer = MATRIX[role]
    client = client_for(role)
    detail_url = reverse("referrals:edit", args=[referral.pk])

    listing = client.get(reverse("referrals:index"))
    if role in ("anonymous", "stranger"):
        assert listing.status_code != 200
    else:
        assert listing.status_code == 200
        assert (detail_url in listing.content.decode()) is in_list
        assert (PHONE in listing.content.decode()) is False  # the list shows no phone numbers

    assert status_of(client, detail_url) == detail
    if detail == 200:
        page = client.get(detail_url).content.decode()
        assert PHONE in page and "secret@example.cn" in page and "保密先生" in page
    assert status_of(client, reverse("referrals:measures")) == measures
    assert status_of(client, reverse("referrals:measures_csv")) == csv
    assert status_of(client, reverse("referrals:add")) == refer

    assert status_of(client, detail_url, "post", to_status="accepted", note="") == accept
    referral.refresh_from_db()
    assert referral.status == ("accepted" if accept == "done" else "new")


def test_bystander_cannot_find_it_by_search_or_filters(client, referral, demo):
    client = client_for("C")
    url = reverse("referrals:index")
    detail_url = reverse("referrals:edit", args=[referral.pk])
    for query in (
        {"q": referral.reference},
        {"to_incubator": demo.incubator("kechuang").pk},
        {"from_incubator": demo.incubator("huigu").pk},
        {"status": "new"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200
        assert detail_url not in response.content.decode()


def test_domain_functions_refuse_a_bystander(referral, demo):
    bystander = get_user_model().objects.get(username="op-lihai")
    requester_side = get_user_model().objects.get(username="op-huigu")
    assert not referrals.can_view(bystander, referral)
    assert referrals.can_view(requester_side, referral)
    assert not referrals.can_handle(requester_side, referral)
    for user in (bystander, requester_side):
        with pytest.raises(PermissionDenied):
            referrals.accept(referral, user)
    assert referrals.visible_to(bystander).filter(pk=referral.pk).count() == 0
    referral.refresh_from_db()
    assert referral.status == "new"


def test_inactive_operator_sees_nothing(referral):
    user = get_user_model().objects.get(username="op-kechuang")
    user.is_active = False
    user.save()
    assert referrals.visible_to(user).count() == 0
    assert not referrals.can_handle(user, referral)


def test_a_guessed_tracking_token_is_404(client, referral):
    real = reverse("referral_track", args=[referral.token])
    assert client.get(real).status_code == 200
    for token in (
        referral.token[:-1],
        referral.token[:-1] + ("A" if referral.token[-1] != "A" else "B"),
        referral.token.swapcase(),
        referral.token + "x",
        referral.reference,
        str(referral.pk),
        "x" * 200,
    ):
        assert client.get(reverse("referral_track", args=[token])).status_code == 404, token
        assert client.post(reverse("referral_track", args=[token]), {"rating": "5"}).status_code == 404


def test_tracking_page_shows_no_contact_data(client, referral):
    page = client.get(reverse("referral_track", args=[referral.token]))
    html = page.content.decode()
    assert referral.reference in html
    for secret in (PHONE, "secret@example.cn", "保密先生"):
        assert secret not in html
    assert "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]


def test_public_pages_never_show_requester_contact(client, referral, demo):
    for url in (demo.service("kechuang-patent").url, demo.incubator("kechuang").url, "/"):
        html = client.get(url).content.decode()
        assert PHONE not in html and "保密先生" not in html


def test_dashboard_panel_counts_only_the_users_incubators(referral):
    from services.models import Referral

    for role, slug in (("B", "kechuang"), ("C", "lihai")):
        expected = Referral.objects.filter(to_incubator__slug=slug, status="new").count()
        html = client_for(role).get(reverse("wagtailadmin_home")).content.decode()
        assert f'data-kind="new_referrals" data-count="{expected}"' in html
    bureau_html = client_for("bureau").get(reverse("wagtailadmin_home")).content.decode()
    expected = Referral.objects.filter(status="new").count()
    assert f'data-kind="new_referrals" data-count="{expected}"' in bureau_html
