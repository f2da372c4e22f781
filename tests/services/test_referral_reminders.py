"""A request still new after REFERRAL_REMINDER_AFTER_HOURS is overdue: the
delivering operators are reminded once by mail, by the worker's periodic job
(issue 15)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from home import jobs
from services import referrals
from services.models import Referral
from tests.queue import DATABASE_TASKS, run_queued
from tests.services.factories import make_referral

JOB = "services.tasks.send_referral_reminders"
MAIL = "core.mail.send_mail_task"

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


def test_the_scheduler_runs_the_reminders_and_queues_each_mail_once(demo, now, settings):
    settings.TASKS = DATABASE_TASKS  # the queue of production, not the tests' immediate backend
    settings.REFERRAL_REMINDER_AFTER_HOURS = 24
    Referral.objects.update(reminded_at=now)
    old = make_referral(demo.service("kechuang-patent"), at=now - timedelta(hours=30))
    make_referral(demo.service("kechuang-patent"), at=now - timedelta(hours=2))
    DBTaskResult.objects.all().delete()
    mail.outbox.clear()

    assert "referral_reminders" in jobs.enqueue_due(now)  # the worker's scheduler tick
    assert DBTaskResult.objects.filter(task_path=JOB, status="READY").count() == 1
    assert mail.outbox == []  # nothing is sent by the scheduler itself
    run_queued()
    job = DBTaskResult.objects.get(task_path=JOB)
    assert job.status == "SUCCESSFUL" and job.return_value == {"reminded": 1}
    queued = DBTaskResult.objects.get(task_path=MAIL)  # the reminder went through core.mail
    subject, _body, recipients = queued.args_kwargs["args"][:3]
    assert old.reference in subject and "op-kechuang@example.cn" in recipients
    assert queued.status == "SUCCESSFUL" and len(mail.outbox) == 1

    # Another worker's tick in the same period enqueues nothing; the next
    # period runs the job again, which finds the referral reminded.
    assert "referral_reminders" not in jobs.enqueue_due(now + timedelta(seconds=5))
    assert "referral_reminders" in jobs.enqueue_due(now + timedelta(hours=1, seconds=1))
    run_queued()
    runs = DBTaskResult.objects.filter(task_path=JOB).order_by("enqueued_at")
    assert [run.return_value for run in runs] == [{"reminded": 1}, {"reminded": 0}]
    assert DBTaskResult.objects.filter(task_path=MAIL).count() == 1
    assert len(mail.outbox) == 1


def test_an_answered_request_is_not_reminded(demo, now, settings):
    """Answered between the query and the claim: the conditional update skips it."""
    settings.REFERRAL_REMINDER_AFTER_HOURS = 24
    Referral.objects.update(reminded_at=now)
    late = make_referral(demo.service("kechuang-patent"), at=now - timedelta(hours=30))
    Referral.objects.filter(pk=late.pk).update(status="accepted")
    mail.outbox.clear()
    assert referrals._remind(late.pk, now) == 0
    assert mail.outbox == []
