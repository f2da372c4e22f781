"""The task worker: django-tasks-db's worker plus the heartbeat and the
periodic-job schedule (home.jobs explains why the schedule lives here)."""

import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks.utils import get_random_id
from django_tasks_db.management.commands.db_worker import Worker

from home import jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run background tasks (mail, search indexing, Wagtail's tasks) and the periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
        parser.add_argument("--no-schedule", action="store_true", help="run tasks only, no periodic jobs")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, interval, no_schedule, batch, **options):
        worker_id = get_random_id()
        started_at = timezone.now()
        stop = threading.Event()
        if not batch:
            ticker = threading.Thread(
                target=self.tick_forever, args=(worker_id, started_at, not no_schedule, stop), daemon=True
            )
            ticker.start()
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=worker_id,
        )
        self.stdout.write(f"worker {worker_id} started")
        if not batch:
            worker.configure_signals()  # SIGTERM finishes the running task first
        try:
            worker.run()
        finally:
            stop.set()

    @staticmethod
    def tick_forever(worker_id, started_at, scheduling, stop):
        every = settings.WORKER_HEARTBEAT_SECONDS
        while not stop.is_set():
            try:
                jobs.heartbeat(worker_id, started_at)
                if scheduling:
                    for name in jobs.enqueue_due():
                        logger.info("periodic job %s enqueued", name)
            except Exception:  # noqa: BLE001  (a busy database: try again next tick)
                logger.exception("worker heartbeat/schedule failed")
            finally:
                close_old_connections()
            stop.wait(every)
        connection.close()
