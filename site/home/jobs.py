"""Periodic jobs and the worker's own bookkeeping.

django-tasks (0.12) runs tasks but has no scheduler, and the alternatives (a
cron line per machine, celery beat) are one more thing to install and keep in
step. So the worker (``manage.py run_worker``) carries a small schedule loop:
every few seconds it touches its heartbeat row and enqueues each job of
``settings.PERIODIC_TASKS`` whose time has come. A due run is *claimed* by a
conditional UPDATE on its ``PeriodicJob`` row, so any number of workers on
any number of machines enqueue it once; the job itself then runs as an
ordinary task (retried by the next period, failures recorded).
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from home.backup import make_backup, prune_backups
from home.models import PeriodicJob, WorkerHeartbeat

logger = logging.getLogger(__name__)


# --- the jobs -----------------------------------------------------------------


def _command(name, *args):
    if name not in get_commands():
        logger.info("periodic job skipped: no command %s", name)
        return {"skipped": name}
    call_command(name, *args, verbosity=0)
    return {"ran": name}


@task()
def publish_scheduled():
    """Wagtail's go-live and expiry dates set in the admin."""
    return _command("publish_scheduled")


@task()
def prune_task_results():
    """Finished task records: successes after TASK_RESULTS_KEEP_DAYS, failures
    (the failure record) after TASK_FAILURES_KEEP_DAYS."""
    now = timezone.now()
    successful = DBTaskResult.objects.successful().filter(
        finished_at__lt=now - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    )
    failed = DBTaskResult.objects.failed().filter(
        finished_at__lt=now - timedelta(days=settings.TASK_FAILURES_KEEP_DAYS)
    )
    return {"successful": successful.delete()[0], "failed": failed.delete()[0]}


@task()
def purge_search_logs():
    """The search query log, when the search app keeps one (its own retention)."""
    return _command("search_analytics_purge")


@task()
def backup():
    """A dated archive in BACKUP_DIR, keeping the last BACKUP_KEEP."""
    path = make_backup(settings.BACKUP_DIR)
    removed = prune_backups(settings.BACKUP_DIR, settings.BACKUP_KEEP)
    return {"archive": str(path), "removed": len(removed)}


# --- the schedule -------------------------------------------------------------


def schedule():
    """{name: (task, seconds)} from settings.PERIODIC_TASKS."""
    return {name: (import_string(path), every) for name, (path, every) in settings.PERIODIC_TASKS.items()}


def enqueue_due(now=None):
    """Enqueue every periodic job whose time has come (and that no other
    worker claimed first). Returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for name, (job, every) in schedule().items():
        state, created = PeriodicJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
        if state.next_run_at > now:
            continue
        with transaction.atomic():
            claimed = PeriodicJob.objects.filter(pk=state.pk, next_run_at=state.next_run_at).update(
                last_enqueued_at=now, next_run_at=now + timedelta(seconds=every)
            )
            if claimed:
                job.enqueue()
                enqueued.append(name)
    return enqueued


def heartbeat(worker_id, started_at, now=None):
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )
    # Rows of workers gone for a day are history, not workers.
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()


def worker_seen_seconds_ago(now=None):
    """Seconds since any worker was last seen, or None if never."""
    now = now or timezone.now()
    seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return None if seen is None else max(0, round((now - seen).total_seconds()))
