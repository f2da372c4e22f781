"""The whole life of a referral through real HTTP requests: a startup asks on
the public site, the delivering incubator's operator accepts and completes it
in the admin, the startup follows it on its tracking page and rates it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from services import referrals
from services.models import Referral
from tests.services.factories import form_data

pytestmark = pytest.mark.django_db


def operator_client(username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_request_accept_complete_follow_and_rate(client, demo, django_capture_on_commit_callbacks):
    service = demo.service("kechuang-patent")  # offered by 科创中心 (kechuang)
    huigu = demo.incubator("huigu")

    # 1. The service page has the request button.
    page = client.get(service.url).content.decode()
    request_url = reverse("referral_request", args=[service.pk])
    assert f'href="{request_url}"' in page
    assert "申请此服务" in page

    # 2. The startup of 慧谷孵化器 asks for it.
    form = client.get(request_url)
    assert form.status_code == 200
    assert "科创中心" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url, form_data(from_incubator=huigu.pk))
    assert response.status_code == 302
    referral = Referral.objects.get(email="zhangsan@example.cn", service=service)
    assert re.fullmatch(r"RC-\d{4}-\d{6}", referral.reference)
    assert referral.to_incubator.slug == "kechuang" and referral.from_incubator == huigu
    assert referral.status == "new" and len(referral.token) >= 43
    tracking = response["Location"]
    assert tracking == reverse("referral_track", args=[referral.token])

    page = client.get(tracking).content.decode()
    assert referral.reference in page and "新申请" in page
    assert "已提交" in page  # the confirmation message
    new_mail = [m for m in mail.outbox if "op-kechuang@example.cn" in m.to]
    assert len(new_mail) == 1 and referral.reference in new_mail[0].subject
    assert reverse("referrals:edit", args=[referral.pk]) in new_mail[0].body
    assert any(m.to == ["zhangsan@example.cn"] and tracking in m.body for m in mail.outbox)

    # 3. The operator of 科创中心 sees it on the dashboard and in the list.
    operator = operator_client("op-kechuang")
    dashboard = operator.get(reverse("wagtailadmin_home")).content.decode()
    waiting = Referral.objects.filter(to_incubator__slug="kechuang", status="new").count()
    assert f'data-kind="new_referrals" data-count="{waiting}"' in dashboard
    assert f"{waiting} 条新服务申请" in dashboard
    listing = operator.get(reverse("referrals:index")).content.decode()
    assert referral.reference in listing

    detail_url = reverse("referrals:edit", args=[referral.pk])
    detail = operator.get(detail_url).content.decode()
    assert "138 0631 0000" in detail and "zhangsan@example.cn" in detail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(detail_url, {"to_status": "accepted", "note": "请下周一带材料来"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.first_response_at is not None

    # Completing needs an outcome note.
    response = operator.post(detail_url, {"to_status": "completed", "note": "  "})
    assert response.status_code == 400
    assert "请填写办理结果" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "accepted"

    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(detail_url, {"to_status": "completed", "note": "两件专利申请已受理"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.completed_at is not None
    assert [m.to for m in mail.outbox] == [["zhangsan@example.cn"], ["zhangsan@example.cn"]]
    assert "已完成" in mail.outbox[-1].subject and "两件专利申请已受理" in mail.outbox[-1].body

    events = list(referral.events.values_list("from_status", "to_status", "actor__username"))
    assert events == [
        ("", "new", None),
        ("new", "accepted", "op-kechuang"),
        ("accepted", "completed", "op-kechuang"),
    ]

    # 4. The requester follows the history and rates the service.
    page = client.get(tracking).content.decode()
    for text in ("新申请", "已受理", "已完成", "请下周一带材料来", "两件专利申请已受理", "评价此服务"):
        assert text in page
    assert "op-kechuang" not in page  # operators are named by incubator
    response = client.post(tracking, {"rating": "5", "comment": "非常专业"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.rating, referral.rating_comment) == (5, "非常专业")
    page = client.get(tracking).content.decode()
    assert "非常专业" in page and "评价此服务" not in page
    assert client.post(tracking, {"rating": "1"}).status_code == 400  # once only
    referral.refresh_from_db()
    assert referral.rating == 5

    # 5. Once huigu's operators confirm the startup is theirs, it counts for
    #    the quota (the requester's claim alone does not); the operator sees the rating.
    assert not referrals.completed_cross_referrals().filter(pk=referral.pk).exists()
    huigu_operator = Client()
    huigu_operator.force_login(get_user_model().objects.get(username="op-huigu"))
    assert huigu_operator.post(detail_url, {"action": "confirm_origin"}).status_code == 302
    assert referrals.completed_cross_referrals().filter(pk=referral.pk).exists()
    assert "非常专业" in operator.get(detail_url).content.decode()


def test_operator_refers_a_startup_to_another_incubator(demo, django_capture_on_commit_callbacks):
    operator = operator_client("op-huigu")
    refer_url = reverse("referrals:add")
    form = operator.get(refer_url).content.decode()
    # Grouped by incubator, then by category (the chooser's search box narrows it).
    assert '<optgroup label="科创中心">' in form and "法律 · 专利申请代理" in form
    assert '<optgroup label="慧谷孵化器">' not in form  # not its own services

    service = demo.service("kechuang-patent")
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(
            refer_url,
            {
                "from_incubator": demo.incubator("huigu").pk,
                "service": service.pk,
                "requester_name": "李四",
                "phone": "13906310000",
                "need": "高新技术企业申报前的专利布局",
            },
        )
    referral = Referral.objects.get(requester_name="李四")
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:edit", args=[referral.pk]
    )
    assert referral.source == "referral" and referral.referred_by.username == "op-huigu"
    assert referral.from_incubator.slug == "huigu" and referral.to_incubator.slug == "kechuang"
    assert any("op-kechuang@example.cn" in m.to for m in mail.outbox)
    # A sees what it sent, with the tracking link to pass on; it cannot act on it.
    detail = operator.get(response["Location"]).content.decode()
    assert referral.token in detail and "13906310000" in detail
    assert 'data-testid="action-accepted"' not in detail


def test_operator_cannot_refer_to_its_own_service(demo):
    operator = operator_client("op-huigu")
    response = operator.post(
        reverse("referrals:add"),
        {
            "from_incubator": demo.incubator("huigu").pk,
            "service": demo.service("huigu-bookkeeping").pk,
            "requester_name": "李四",
            "phone": "13906310000",
            "need": "记账",
        },
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Referral.objects.filter(requester_name="李四").exists()


def test_operator_cannot_refer_on_behalf_of_another_incubator(demo):
    operator = operator_client("op-lihai")
    response = operator.post(
        reverse("referrals:add"),
        {
            "from_incubator": demo.incubator("huigu").pk,
            "service": demo.service("kechuang-patent").pk,
            "requester_name": "王五",
            "phone": "13906310000",
            "need": "专利",
        },
    )
    assert response.status_code == 200
    assert not Referral.objects.filter(requester_name="王五").exists()


def test_decline_needs_a_reason_and_ends_the_referral(demo):
    from tests.services.factories import make_referral

    referral = make_referral(demo.service("lihai-brand"), from_incubator=demo.incubator("kechuang"))
    operator = operator_client("op-lihai")
    url = reverse("referrals:edit", args=[referral.pk])
    response = operator.post(url, {"to_status": "declined", "note": ""})
    assert response.status_code == 400 and "请填写不予受理的原因" in response.content.decode()
    assert operator.post(url, {"to_status": "declined", "note": "档期已满"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "declined"
    # A declined referral cannot be completed afterwards.
    response = operator.post(url, {"to_status": "completed", "note": "完成"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == "declined" and referral.completed_at is None


def test_refer_chooser_offers_the_operators_own_projects_as_the_startup(demo):
    from wagtail.models import Page

    operator = operator_client("op-huigu")
    projects = Page.objects.child_of(demo.incubator("huigu")).filter(content_type__model="projectpage")
    project = projects.first()
    form = operator.get(reverse("referrals:add")).content.decode()
    assert f'<option value="{project.pk}">{project.title}</option>' in form
    other = (
        Page.objects.child_of(demo.incubator("kechuang")).filter(content_type__model="projectpage").first()
    )
    assert f'<option value="{other.pk}">' not in form  # only its own startups
    response = operator.post(
        reverse("referrals:add"),
        {
            "from_incubator": demo.incubator("huigu").pk,
            "service": demo.service("kechuang-patent").pk,
            "startup": project.pk,
            "requester_name": "赵六",
            "phone": "13906310000",
            "need": "专利",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get(requester_name="赵六").company == project.title
