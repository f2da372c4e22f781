"""The index drain as a task: page changes queue rows (search.indexing) and
the worker applies them, so no web request waits on the search backend."""

import logging

from django.dispatch import receiver
from django_tasks import task

from core import cache as public_cache
from search.backends import BackendUnavailable
from search.indexing import drain, rows_queued

logger = logging.getLogger(__name__)


@task()
def drain_index():
    """Apply what is queued. A backend that cannot be reached fails the task
    (the failure is recorded) and leaves the rows for the next drain — the
    next change, or the worker's periodic one."""
    report = drain()
    if report.applied or report.deleted:
        public_cache.bump()  # search pages and facets show the new index
    if report.errors:
        raise BackendUnavailable(f"{report.errors[-1]} ({report.remaining} queued)")
    return {"applied": report.applied, "deleted": report.deleted, "remaining": report.remaining}


@receiver(rows_queued)
def enqueue_drain(sender, **kwargs):
    drain_index.enqueue()
