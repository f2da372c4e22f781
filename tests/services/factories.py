"""Builders for referral tests: referrals in a chosen state at chosen times."""

import smtplib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail.backends.base import BaseEmailBackend

from services import referrals

FORM = {
    "requester_name": "张三",
    "company": "荣成测试科技有限公司",
    "phone": "138 0631 0000",
    "email": "zhangsan@example.cn",
    "need": "需要申请两项发明专利，希望尽快联系。",
    "consent": "on",
}


def form_data(**changes):
    """A valid public request form, with ``changes`` applied (None removes a key)."""
    data = {**FORM, **changes}
    return {key: value for key, value in data.items() if value is not None}


def bureau_user():
    return get_user_model().objects.get(username="bureau")


def make_referral(
    service,
    *,
    from_incubator=None,
    status="new",
    at=None,
    first_response_after=timedelta(hours=2),
    complete_after=timedelta(days=1),
    rating=None,
    origin_confirmed=True,
    **contact,
):
    """A referral created at ``at`` and moved to ``status`` by the bureau,
    the first response ``first_response_after`` later. Its requester's
    incubator (if another one) has confirmed the startup unless
    ``origin_confirmed`` is False."""
    data = {"requester_name": "测试申请人", "need": "测试需求", "phone": "13800000000", **contact}
    referral = referrals.create_request(service, from_incubator=from_incubator, at=at, notify=False, **data)
    if origin_confirmed and from_incubator is not None and from_incubator.pk != referral.to_incubator_id:
        referral.from_confirmed_at = referral.created_at
        referral.save(update_fields=["from_confirmed_at"])
    handler = bureau_user()
    at = referral.created_at + first_response_after
    path = {
        "new": [],
        "accepted": ["accepted"],
        "declined": ["declined"],
        "completed": ["accepted", "completed"],
    }
    for step in path[status]:
        note = {"declined": "不在服务范围内", "completed": "已办结"}.get(step, "")
        referrals.change_status(referral, handler, step, note, at=at, notify=False)
        at = at + complete_after
    if rating is not None:
        referrals.rate(referral, rating, "好")
    return referral


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("connection refused (test)")
