"""Operator teams: created with the incubator, confined to its subtree."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission

from incubators.teams import incubators_of
from tests.factories import make_incubator

pytestmark = pytest.mark.django_db


def test_new_incubator_gets_its_group_and_collection(demo):
    incubator = make_incubator(title="新孵化器")
    assert incubator.operator_group is not None
    assert incubator.collection.name == "新孵化器"
    rules = GroupPagePermission.objects.filter(group=incubator.operator_group)
    assert {rule.page_id for rule in rules} == {incubator.pk}
    assert {rule.permission.codename for rule in rules} == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }


def test_operator_group_has_no_user_or_group_management(demo):
    group = demo.incubator("huigu").operator_group
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {"access_admin"}


def test_create_operator_command_prints_a_generated_password(demo):
    out = io.StringIO()
    call_command("create_operator", "zhang", "lihai", "--email", "zhang@example.cn", stdout=out)
    text = out.getvalue()
    assert "zhang 负责 利海创客" in text
    password = text.split("密码：")[1].strip()
    user = get_user_model().objects.get(username="zhang")
    assert user.check_password(password) and user.email == "zhang@example.cn"
    assert list(incubators_of(user)) == [demo.incubator("lihai")]


def test_create_operator_twice_keeps_the_password(demo):
    call_command("create_operator", "li", "kechuang", "--password", "first-pass-123", stdout=io.StringIO())
    out = io.StringIO()
    call_command("create_operator", "li", "kechuang", stdout=out)
    assert "密码" not in out.getvalue()
    assert get_user_model().objects.get(username="li").check_password("first-pass-123")


def test_create_operator_for_unknown_incubator_fails(demo):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("create_operator", "wang", "nowhere", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="wang").exists()


def test_bureau_sees_every_incubator(demo):
    bureau = get_user_model().objects.get(username="bureau")
    assert incubators_of(bureau).count() == 5
