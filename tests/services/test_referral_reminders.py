"""A request still new after REFERRAL_REMINDER_AFTER_HOURS is overdue: the
delivering operators are reminded once by mail (issue 15)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from services import referrals
from services.models import Referral
from tests.services.factories import make_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def test_only_new_requests_older_than_the_limit_are_overdue(demo, now, settings):
    settings.REFERRAL_REMINDER_AFTER_HOURS = 48
    service = demo.service("kechuang-patent")
    old = make_referral(service, at=now - timedelta(hours=49))
    make_referral(service, at=now - timedelta(hours=47))
    make_referral(service, at=now - timedelta(hours=72), status="accepted")
    overdue = referrals.overdue(Referral.objects.filter(to_incubator__slug="kechuang"), now=now)
    assert old in overdue and overdue.filter(created_at__gte=now - timedelta(hours=48)).count() == 0
    assert not overdue.exclude(status="new").exists()


def test_operators_are_reminded_once_per_overdue_request(demo, now, settings):
    settings.REFERRAL_REMINDER_AFTER_HOURS = 24
    Referral.objects.update(reminded_at=now)  # the demo's own old requests are not the point here
    old = make_referral(demo.service("kechuang-patent"), at=now - timedelta(hours=30))
    make_referral(demo.service("kechuang-patent"), at=now - timedelta(hours=2))
    mail.outbox.clear()

    assert referrals.send_overdue_reminders(now=now) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert old.reference in message.subject and "尚待答复" in message.subject
    assert "op-kechuang@example.cn" in message.to
    assert "超过 24 小时未答复" in message.body
    old.refresh_from_db()
    assert old.reminded_at == now

    assert referrals.send_overdue_reminders(now=now + timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_the_command_runs_the_reminders(demo, now, capsys):
    Referral.objects.update(reminded_at=now)
    make_referral(demo.service("kechuang-patent"), at=now - timedelta(days=5))
    call_command("send_referral_reminders")
    assert "已发送提醒：1 条" in capsys.readouterr().out
