"""Shared fixtures.

The demo network (five incubators, 46 services, accounts) is loaded once
into the test database; every test then runs inside a transaction that is
rolled back, so tests may change anything. Tests that need a transactional
database run last (pytest-django orders them) and build their own data.
"""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", force=True, stdout=io.StringIO())


@pytest.fixture
def demo(db):
    """Demo pages by slug: ``demo.incubator("huigu")``, ``demo.service("huigu-bookkeeping")``."""
    from tests.factories import Demo

    return Demo()


@pytest.fixture
def login(client):
    """Log the test client in as a demo account: ``login("op-huigu")``."""
    from django.contrib.auth import get_user_model

    def _login(username):
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        return user

    return _login


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters (every public form, password reset) live in the
    cache, which outlives a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
