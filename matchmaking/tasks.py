"""Background work of the matchmaking: recomputing the matches.

A task of django-tasks, on the project's database queue
(``TASKS``: django_tasks_db, run by ``manage.py run_worker``; README,
"Serving"): the transaction that publishes, unpublishes or deletes a
demand, achievement, service or project queues it once at commit, and the
worker runs it off the request path. The tests' and the development
settings' immediate backend runs it at commit instead. The work itself is
matchmaking.matching's plain function, which ``load_demo``, the tests and
the benchmark call directly.
"""

from django.db import connection, transaction
from django_tasks import task

from matchmaking.matching import recompute_matches


@task()
def recompute_matches_task():
    return recompute_matches()


def _enqueue():
    recompute_matches_task.enqueue()


def schedule_recompute():
    """Queue one recomputation after the current transaction commits: a
    transaction that publishes a hundred pages (an import) queues it once."""
    pending = any(callback is _enqueue for _sids, callback, _robust in connection.run_on_commit)
    if not pending:
        transaction.on_commit(_enqueue)
