"""GET /healthz: the states DESIGN.md names, without personal data. The
worker and Elasticsearch cases against real processes are in
tests/serving/test_dead_dependencies.py."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from core.mail import send_mail
from home import jobs
from home.models import WorkerHeartbeat

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def fresh_probe():
    from django.core.cache import cache

    cache.delete("healthz:search")


def test_inline_tasks_need_no_worker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "search": "ok",
        "tasks": {"queued": 0, "oldest_seconds": 0, "worker_seen_seconds_ago": None},
    }
    assert "no-cache" in response["Cache-Control"]


@override_settings(TASKS=DATABASE_TASKS)
def test_ok_while_a_worker_is_seen(client, db):
    jobs.heartbeat("w1", timezone.now() - timedelta(minutes=5), now=timezone.now() - timedelta(seconds=3))
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert 2 <= body["tasks"]["worker_seen_seconds_ago"] <= 10


@override_settings(TASKS=DATABASE_TASKS, WORKER_STALE_SECONDS=60)
def test_degraded_when_no_worker_was_seen_lately(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["tasks"]["worker_seen_seconds_ago"] is None
    WorkerHeartbeat.objects.create(
        worker_id="old", started_at=timezone.now(), seen_at=timezone.now() - timedelta(seconds=120)
    )
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["tasks"]["worker_seen_seconds_ago"] >= 120


@override_settings(TASKS=DATABASE_TASKS)
def test_counts_what_waits_and_shows_no_personal_data(client, db):
    jobs.heartbeat("w1", timezone.now())
    send_mail("主题", "正文 13800000000", None, ["secret-person@example.cn"])
    send_mail("主题", "正文", None, ["b@example.cn"])
    response = client.get("/healthz")
    body = response.json()
    assert body["tasks"]["queued"] == 2
    assert body["tasks"]["oldest_seconds"] >= 0
    assert b"example.cn" not in response.content and b"1380000" not in response.content


@override_settings(
    SEARCH_BACKEND="search.backends.elastic.ElasticsearchBackend", ELASTICSEARCH_URL="http://127.0.0.1:9"
)
def test_degraded_when_search_cannot_be_reached(client, db):
    from search.backends import reset_backend

    reset_backend()
    try:
        response = client.get("/healthz")
    finally:
        reset_backend()
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["search"] == "unavailable"
    assert response.json()["database"] == "ok"
