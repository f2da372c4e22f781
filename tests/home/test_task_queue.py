"""Mail and periodic jobs go through the task queue; the worker runs them."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail import send_mail
from home import jobs
from home.models import PeriodicJob

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once closed


def test_with_the_immediate_backend_mail_is_delivered_at_once(db):
    send_mail("主题", "正文", None, ["a@example.cn"])
    assert [m.subject for m in mail.outbox] == ["主题"]
    assert not DBTaskResult.objects.exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_a_request_only_records_the_mail(db):
    send_mail("主题", "正文", None, ["a@example.cn"])
    assert mail.outbox == []
    task = DBTaskResult.objects.get()
    assert task.task_path == "core.mail.send_mail_task"
    assert task.status == "READY"
    assert task.args_kwargs["args"][2] == ["a@example.cn"]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_delivers_queued_mail():
    send_mail("主题", "正文", None, ["a@example.cn"])
    call_command("run_worker", "--batch", "--interval", "0")
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_recorded_and_retried_later():
    with override_settings(
        TASKS=DATABASE_TASKS,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        MAIL_RETRY_DELAYS=[600, 3600],
    ):
        send_mail("主题", "正文", None, ["a@example.cn"])
        call_command("run_worker", "--batch", "--interval", "0")
        failed = DBTaskResult.objects.get(status="FAILED")
        assert failed.exception_class_path.endswith("ConnectionRefusedError")
        assert "Traceback" in failed.traceback
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.args_kwargs["kwargs"] == {"attempt": 2}
        assert retry.run_after > timezone.now() + timedelta(seconds=500)
    assert mail.outbox == []


@override_settings(TASKS=DATABASE_TASKS)
def test_periodic_jobs_are_enqueued_once_per_period(db):
    now = timezone.now()
    names = jobs.enqueue_due(now)
    assert set(names) >= {"publish_scheduled", "search_drain", "prune_task_results", "referral_reminders"}
    assert jobs.enqueue_due(now + timedelta(seconds=5)) == []  # a second worker finds nothing due
    later = jobs.enqueue_due(now + timedelta(seconds=61))
    assert set(later) == {"publish_scheduled", "search_drain"}
    assert PeriodicJob.objects.get(name="prune_task_results").next_run_at == now + timedelta(days=1)
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert {"home.jobs.publish_scheduled", "search.tasks.drain_index"} <= paths


def test_periodic_jobs_run(db):
    """With the immediate backend each job runs at once and says what it did."""
    for name, (job, _every) in jobs.schedule().items():
        result = job.enqueue()
        assert result.status == "SUCCESSFUL", (name, result.errors)


@pytest.mark.django_db(transaction=True)
def test_the_bureau_sees_failures_without_their_personal_data(client):
    from django.contrib.auth import get_user_model

    with override_settings(
        TASKS=DATABASE_TASKS,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        MAIL_RETRY_DELAYS=[600],
    ):
        send_mail("主题", "正文", None, ["private-person@example.cn"])
        call_command("run_worker", "--batch", "--interval", "0")
    bureau = get_user_model().objects.create_superuser("chief", password="x")  # noqa: S106
    operator = get_user_model().objects.create_user("someone", password="x")  # noqa: S106
    client.force_login(operator)
    assert client.get("/admin/background-tasks/").status_code in (302, 403)
    client.force_login(bureau)
    response = client.get("/admin/background-tasks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "core.mail.send_mail_task" in html and "ConnectionRefusedError" in html
    assert "private-person@example.cn" not in html


@override_settings(TASKS=DATABASE_TASKS, TASK_RESULTS_KEEP_DAYS=14, TASK_FAILURES_KEEP_DAYS=90)
def test_old_task_records_are_pruned_failures_kept_longer(db):
    from home.jobs import prune_task_results

    now = timezone.now()
    for days, status in [(20, "SUCCESSFUL"), (5, "SUCCESSFUL"), (20, "FAILED"), (100, "FAILED")]:
        result = send_mail("主题", "正文", None, ["a@example.cn"])
        DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("-enqueued_at").first().pk).update(
            status=status, finished_at=now - timedelta(days=days)
        )
        assert result == 1
    assert prune_task_results.call() == {"successful": 1, "failed": 1}
    left = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert left == ["FAILED", "SUCCESSFUL"]
