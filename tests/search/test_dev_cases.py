"""The shared development cases, and a dozen of our own, through the real
API over the demo network plus the cases' services published as pages:
every gold result in the top 10, no trap in the top 10."""

import pytest

from tests.search.conftest import load_dev_cases
from tests.search.factories import OWN_CASES, OWN_SERVICES, add_services

pytestmark = pytest.mark.django_db

TOP = 10


@pytest.fixture
def corpus(dev_corpus, drained):
    incubator, pages = dev_corpus
    with drained():
        pages.update(add_services(incubator, OWN_SERVICES))
    return {page.slug: key for key, page in pages.items()}


def top_ten(client, case):
    params = {"q": case["q"]}
    if case.get("category"):
        params["category"] = case["category"]
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200
    return response.json()["results"][:TOP]


def failures(client, corpus, cases):
    """Every case that misses a gold result or lets a trap into the top 10."""
    out = []
    for case in cases:
        found = [corpus.get(result["slug"]) for result in top_ten(client, case)]
        missing = [gold for gold in case["gold"] if gold not in found]
        trapped = [trap for trap in case["traps"] if trap in found]
        if missing or trapped:
            out.append(f"{case['q']} ({case['why']}): top 10 {found}")
    return out


def test_every_shared_dev_case_has_its_gold_in_the_top_ten_and_no_trap(client, corpus):
    assert failures(client, corpus, load_dev_cases()["cases"]) == []


def test_every_own_case_has_its_gold_in_the_top_ten_and_no_trap(client, corpus):
    assert failures(client, corpus, OWN_CASES) == []


def test_dev_cases_are_complete(dev_cases):
    # Guard against the shared file changing shape under us.
    assert len(dev_cases["cases"]) >= 15
    assert all({"q", "gold", "traps"} <= set(case) for case in dev_cases["cases"])
