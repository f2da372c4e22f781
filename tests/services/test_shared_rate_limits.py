"""Several app servers share one rate limit through Redis (DJANGO_CACHE_URL).

A real redis-server (tests/conftest.py) holds the counters. Two OS processes
— two app servers — count requests from one client address at the same
moment; together they get exactly the limit, not the limit each. Then this
process, as a third server, finds the address limited through the real
request view (429). Without the shared cache each process would count alone.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from core.abuse import DEFAULT_RATE_PER_ADDRESS
from services.models import Referral
from tests.services.factories import form_data

REPO = Path(__file__).resolve().parents[2]
LIMIT = int(DEFAULT_RATE_PER_ADDRESS.split("/")[0])


def redis_cache(url):
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def start_worker(redis_url, address, count, go):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DJANGO_CACHE_URL": redis_url}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.services.ratelimit_worker", address, str(count), str(go)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_settings_choose_redis_from_the_environment(redis_url):
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=REPO,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "example.org",
            "DJANGO_CACHE_URL": redis_url,
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip().splitlines()[-1] == "django.core.cache.backends.redis.RedisCache"


def test_two_processes_share_one_limit_and_the_view_enforces_it(redis_url, tmp_path, client, demo):
    address = "203.0.113.77"
    go = tmp_path / "go"
    workers = [start_worker(redis_url, address, LIMIT, go) for _ in range(2)]
    for worker in workers:
        assert worker.stdout.readline().strip() == "django.core.cache.backends.redis.RedisCache"
    go.touch()
    results = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
    answers = " ".join(out for out, _err in results).split()
    assert len(answers) == 2 * LIMIT
    assert answers.count("ok") == LIMIT  # one shared counter, not one per process

    url = reverse("referral_request", args=[demo.service("kechuang-patent").pk])
    with override_settings(CACHES=redis_cache(redis_url)):
        response = client.post(url, form_data(email="shared@example.cn", phone=""), REMOTE_ADDR=address)
        assert response.status_code == 429
        assert not Referral.objects.filter(email="shared@example.cn").exists()
        other = client.post(url, form_data(email="other@example.cn", phone=""), REMOTE_ADDR="203.0.113.78")
        assert other.status_code == 302  # another address has its own count
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _fresh_redis(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
