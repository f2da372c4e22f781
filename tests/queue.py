"""Running the database task queue inside a test, as the worker does."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

# The queue of production (settings.TASKS), not the tests' immediate backend.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_queued(task_path=None):
    """What ``run_worker`` does with each ready task (of ``task_path``, else
    all): the worker's own ``run_task``, minus its polling loop (whose
    exclusive SQLite transaction a test's transaction cannot hold)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    ready = DBTaskResult.objects.ready()
    if task_path:
        ready = ready.filter(task_path=task_path)
    while (task := ready.order_by("enqueued_at").first()) is not None:
        task.claim("test-worker")
        worker.run_task(task)
