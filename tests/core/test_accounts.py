"""The bureau manages operator accounts, not superusers or group permissions,
and sees and unlocks locked sign-ins."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

pytestmark = pytest.mark.django_db
User = get_user_model()


def _new_user(**extra):
    return {
        "username": "wangwu",
        "email": "wangwu@example.cn",
        "first_name": "五",
        "last_name": "王",
        "password1": "Plenty-long-2026!",
        "password2": "Plenty-long-2026!",
        **extra,
    }


def test_the_bureau_cannot_create_a_superuser(client, login):
    login("bureau")
    form = client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="is_superuser"' not in form
    client.post(reverse("wagtailusers_users:add"), _new_user(is_superuser="on"))
    user = User.objects.get(username="wangwu")
    assert user.is_superuser is False


def test_the_bureau_cannot_make_an_operator_superuser(client, login):
    login("bureau")
    operator = User.objects.get(username="op-huigu")
    data = {
        "username": "op-huigu",
        "email": operator.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "is_superuser": "on",
        "groups": [g.pk for g in operator.groups.all()],
    }
    client.post(reverse("wagtailusers_users:edit", args=[operator.pk]), data)
    operator.refresh_from_db()
    assert operator.is_superuser is False


def test_the_bureau_cannot_touch_a_superuser_account(client, login):
    admin = User.objects.create_superuser("root", "root@example.cn", "Root-pass-2026!")
    login("bureau")
    assert client.get(reverse("wagtailusers_users:edit", args=[admin.pk])).status_code in (302, 403)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[admin.pk]), {"username": "root", "password1": "x"}
    )
    assert response.status_code in (302, 403)
    assert client.post(reverse("wagtailusers_users:delete", args=[admin.pk])).status_code in (302, 403)
    admin.refresh_from_db()
    assert admin.check_password("Root-pass-2026!")
    assert User.objects.filter(pk=admin.pk).exists()


def test_a_superuser_still_can(client, login):
    User.objects.create_superuser("root", "root@example.cn", "Root-pass-2026!")
    login("root")
    assert 'name="is_superuser"' in client.get(reverse("wagtailusers_users:add")).content.decode()


def test_the_bureau_holds_no_group_permissions(client, login):
    bureau = login("bureau")
    assert not bureau.has_perm("auth.change_group")
    assert not bureau.has_perm("auth.add_group")
    group = Group.objects.get(name="bureau")
    response = client.post(reverse("wagtailusers_groups:edit", args=[group.pk]), {"name": "bureau"})
    assert response.status_code in (302, 403)


def test_wagtails_default_groups_hold_no_publish_rights():
    from wagtail.models import GroupPagePermission

    assert not GroupPagePermission.objects.filter(group__name__in=["Editors", "Moderators"]).exists()


def _lock(username):
    return AccessAttempt.objects.create(
        username=username,
        ip_address="10.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )


def test_the_bureau_sees_and_unlocks_a_locked_account(client, login):
    attempt = _lock("op-huigu")
    login("bureau")
    html = client.get(reverse("locked_sign_ins:index")).content.decode()
    assert "op-huigu" in html and "10.0.0.1" in html
    response = client.post(reverse("locked_sign_ins:delete", args=[attempt.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_operators_cannot_see_locked_sign_ins(client, login):
    attempt = _lock("op-lihai")
    login("op-huigu")
    assert client.get(reverse("locked_sign_ins:index")).status_code in (302, 403)
    client.post(reverse("locked_sign_ins:delete", args=[attempt.pk]))
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
