"""Fixtures for search tests.

The session's demo load has already built the index (inside the test
database, so every test's changes to it roll back with the rest). A test
that publishes pages applies the queue with ``drained``, which runs the
after-commit callbacks the rolled-back test transaction would never run.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from search.backends import reset_backend

# The shared development cases when the checkout sits beside ../shared (a
# developer's machine), else the copy committed with the tests (a clean CI
# clone has no ../shared).
SHARED_DEV_CASES = Path(settings.BASE_DIR).parent / "shared" / "search-dev-cases.json"
DEV_CASES = (
    SHARED_DEV_CASES
    if SHARED_DEV_CASES.exists()
    else Path(__file__).resolve().parent / "data" / "search-dev-cases.json"
)


def load_dev_cases():
    with open(DEV_CASES, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(autouse=True)
def _fresh_backend():
    """Each test resolves the backend from its own settings."""
    reset_backend()
    yield
    reset_backend()


@pytest.fixture
def drained(django_capture_on_commit_callbacks):
    """Context manager: run the block, then the after-commit drains it queued."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def dev_cases():
    return load_dev_cases()


@pytest.fixture
def dev_corpus(db, drained):
    """The dev cases' services as live ServicePages of a new incubator,
    indexed through the real publish → queue → drain path."""
    from tests.factories import make_incubator
    from tests.search.factories import add_services

    with drained():
        incubator = make_incubator(title="测评孵化器", slug="dev-cases", district="测评区")
        pages = add_services(incubator, load_dev_cases()["services"])
    return incubator, pages
