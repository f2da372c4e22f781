"""Background work of the matchmaking: recomputing the matches.

A task of django-tasks (the queue Wagtail itself uses). Until the project
configures a database-backed queue and a worker, django-tasks' default
immediate backend runs it at once, after the transaction that changed a
demand, achievement, service or project has committed; with a worker it
leaves the request path. The work itself is matchmaking.matching's plain
function, which commands and tests call directly.
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
