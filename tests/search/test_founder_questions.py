"""The founders' question set (data/founder-questions.json): how founders in
Rongcheng ask, over the demo network, through the real API. Every service a
question must find is in its top 10, none it must not find is, and no
question with a relevant service gets an empty answer. bench/search_bench.py
reports the same set as recall@10, nDCG@10, empty answers and traps."""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

QUESTIONS = Path(__file__).resolve().parent / "data" / "founder-questions.json"


def questions():
    return json.loads(QUESTIONS.read_text(encoding="utf-8"))["cases"]


def top_ten(client, q):
    response = client.get("/api/v1/search/", {"q": q})
    assert response.status_code == 200
    return [result["slug"] for result in response.json()["results"][:10]]


def test_the_set_is_large_and_well_formed():
    cases = questions()
    assert len(cases) >= 120
    assert all({"q", "must", "must_not"} <= set(case) for case in cases)
    assert len({case["q"] for case in cases}) == len(cases)
    assert sum(len(case["must_not"]) for case in cases) >= 30


def test_every_question_finds_what_it_must_and_nothing_it_must_not(client, demo):
    failures = []
    for case in questions():
        found = top_ten(client, case["q"])
        missing = [slug for slug in case["must"] if slug not in found]
        trapped = [slug for slug in case["must_not"] if slug in found]
        if missing or trapped:
            failures.append(f"{case['q']}: missing {missing}, trapped {trapped}, top 10 {found}")
    assert failures == []


def test_every_slug_in_the_set_is_a_demo_service(demo):
    from services.models import ServicePage

    slugs = set(ServicePage.objects.live().values_list("slug", flat=True))
    named = {slug for case in questions() for slug in case["must"] + case["must_not"]}
    assert named <= slugs, named - slugs
