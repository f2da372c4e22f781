"""Notifications go out after commit; a mail server that is down never loses
or rolls back a request or a status change."""

import logging

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from services import referrals
from services.models import Referral
from tests.services.factories import bureau_user, form_data, make_referral

pytestmark = pytest.mark.django_db

FAILING = "tests.services.factories.FailingEmailBackend"


def test_new_request_mails_the_delivering_operators_and_the_requester(
    client, demo, django_capture_on_commit_callbacks
):
    service = demo.service("lihai-brand")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("referral_request", args=[service.pk]), form_data())
    referral = Referral.objects.get(service=service, email="zhangsan@example.cn")
    operators, requester = mail.outbox
    assert operators.to == ["op-lihai@example.cn"]
    assert "新的服务申请" in operators.subject and referral.reference in operators.subject
    assert "需要申请两项发明专利" in operators.body
    assert "138 0631 0000" not in operators.body  # contact data stays behind the sign-in
    assert requester.to == ["zhangsan@example.cn"]
    assert referral.token in requester.body and "已收到" in requester.subject


def test_nothing_is_sent_before_the_transaction_commits(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("referral_request", args=[demo.service("lihai-brand").pk]), form_data())
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_no_requester_mail_without_an_email(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = referrals.create_request(
            demo.service("lihai-brand"), requester_name="王五", need="品牌", phone="13800000000"
        )
        referrals.accept(referral, bureau_user())
    assert [m.to for m in mail.outbox] == [["op-lihai@example.cn"]]


@override_settings(EMAIL_BACKEND=FAILING)
def test_mail_failure_leaves_the_request_saved(client, demo, django_capture_on_commit_callbacks, caplog):
    service = demo.service("lihai-brand")
    caplog.set_level(logging.ERROR, logger="services.referrals")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referral_request", args=[service.pk]), form_data())
    assert response.status_code == 302
    referral = Referral.objects.get(service=service, email="zhangsan@example.cn")
    assert referral.events.count() == 1
    assert client.get(response["Location"]).status_code == 200
    assert "failed" in caplog.text and "SMTPServerDisconnected" in caplog.text


@override_settings(EMAIL_BACKEND=FAILING)
def test_mail_failure_leaves_the_status_change_saved(demo, django_capture_on_commit_callbacks, caplog):
    referral = make_referral(demo.service("lihai-brand"), email="x@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        referrals.accept(referral, bureau_user(), "好的")
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert referral.events.last().note == "好的"
    assert "SMTPServerDisconnected" in caplog.text


def test_a_broken_template_or_lookup_is_logged_not_raised(demo, caplog, monkeypatch):
    referral = make_referral(demo.service("lihai-brand"))

    def boom(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(referrals, "render_to_string", boom)
    referrals._safely(referrals.notify_new_request, referral.pk)
    assert "template exploded" in caplog.text


def test_incubator_without_operator_email_falls_back_to_its_contact_email(demo):
    from django.contrib.auth import get_user_model

    incubator = demo.incubator("lihai")
    get_user_model().objects.filter(groups=incubator.operator_group).update(email="")
    incubator.contact_email = "desk@lihai.example.cn"
    assert referrals.operator_emails(incubator) == ["desk@lihai.example.cn"]
