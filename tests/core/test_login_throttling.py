"""Login throttling (django-axes) on every sign-in path, and the per-address
limit on password reset and page passwords, through real HTTP requests."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-2026"


@pytest.fixture
def operator(db):
    user = get_user_model().objects.get(username="op-huigu")
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", ["/admin/login/", "/_util/login/"])
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, operator, url):
    for _ in range(5):
        response = _sign_in(client, url, "op-huigu", "wrong")
        assert response.status_code in (200, 429)
    response = _sign_in(client, url, "op-huigu", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "登录连续失败 5 次" in html
    assert "15 分钟后再试" in html
    assert "_auth_user_id" not in client.session
    # another address does not help: the account itself is locked
    assert _sign_in(client, url, "op-huigu", PASSWORD, address="10.0.0.2").status_code == 429


def test_below_the_limit_the_right_password_still_works(client, operator):
    for _ in range(4):
        _sign_in(client, "/admin/login/", "op-huigu", "wrong")
    response = _sign_in(client, "/admin/login/", "op-huigu", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(operator.pk)


def test_one_address_guessing_many_accounts_is_locked(client, operator):
    for n in range(5):
        _sign_in(client, "/admin/login/", f"nobody-{n}", "wrong", address="10.9.9.9")
    assert _sign_in(client, "/admin/login/", "op-huigu", PASSWORD, address="10.9.9.9").status_code == 429
    assert _sign_in(client, "/admin/login/", "op-huigu", PASSWORD, address="10.0.0.3").status_code == 302


def test_the_lockout_page_speaks_english_when_chosen(client, operator):
    client.cookies["lang"] = "en"
    for _ in range(6):
        response = _sign_in(client, "/admin/login/", "op-huigu", "wrong")
    assert "Sign-in failed 5 times in a row" in response.content.decode()


def test_password_reset_is_limited_per_address(client, operator):
    url = reverse("wagtailadmin_password_reset")
    statuses = [
        client.post(url, {"email": f"x{n}@example.cn"}, REMOTE_ADDR="10.1.1.1").status_code for n in range(11)
    ]
    assert 429 not in statuses[:10]
    assert statuses[10] == 429
    assert client.post(url, {"email": "y@example.cn"}, REMOTE_ADDR="10.1.1.2").status_code != 429


def test_page_passwords_are_limited_per_address(client, demo):
    page = demo.service("huigu-bookkeeping")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-page"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    statuses = [
        client.post(url, {"password": "guess", "return_url": page.url}, REMOTE_ADDR="10.2.2.2").status_code
        for _ in range(11)
    ]
    assert 429 not in statuses[:10]
    assert statuses[10] == 429
