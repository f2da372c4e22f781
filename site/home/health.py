"""``GET /healthz`` (DESIGN.md): is the site able to serve, and is its
background work keeping up? JSON, no personal data, cheap enough to poll
every few seconds (three small queries; the search probe is cached 5 s)."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from home.jobs import worker_seen_seconds_ago
from search.backends import get_backend

SEARCH_PROBE_SECONDS = 5


def search_ok():
    state = cache.get("healthz:search")
    if state is None:
        try:
            state = "ok" if get_backend().ping() else "unavailable"
        except Exception:  # noqa: BLE001  (a misconfigured backend is unavailable too)
            state = "unavailable"
        cache.set("healthz:search", state, SEARCH_PROBE_SECONDS)
    return state == "ok"


def task_state(now):
    """Queued tasks ready to run, how long the oldest has waited, and when a
    worker was last seen (None when tasks run inline: no worker needed)."""
    ready = DBTaskResult.objects.ready()
    queued = ready.count()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    uses_worker = isinstance(task_backends["default"], DatabaseBackend)
    return {
        "queued": queued,
        "oldest_seconds": max(0, round((now - oldest).total_seconds())) if oldest else 0,
        "worker_seen_seconds_ago": worker_seen_seconds_ago(now) if uses_worker else None,
    }, uses_worker


@never_cache
@require_GET
def healthz(request):
    now = timezone.now()
    try:
        tasks, uses_worker = task_state(now)
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    search = "ok" if search_ok() else "unavailable"
    seen = tasks["worker_seen_seconds_ago"]
    worker_down = uses_worker and (seen is None or seen > settings.WORKER_STALE_SECONDS)
    status = "degraded" if search != "ok" or worker_down else "ok"
    return JsonResponse({"status": status, "database": "ok", "search": search, "tasks": tasks})
