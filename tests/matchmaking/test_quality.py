"""The judged cases of site/home/demo/demands.json: the matching must keep
every "must" offer in the top 5 and every trap out of it. The same numbers
are printed by `make bench` (bench/match_bench.py) and quoted in the README."""

import pytest

from matchmaking.evaluation import evaluate, import_cases, load_cases

pytestmark = pytest.mark.django_db


def test_judged_cases_rank_the_right_offers_in_the_top_5(demo):
    cases = load_cases()
    assert len(cases) >= 30
    import_cases(cases)
    evaluation = evaluate(cases)
    unresolved = [ref for result in evaluation.results for ref in result.unresolved]
    assert unresolved == [], "the cases name offers the demo does not publish"
    assert evaluation.trap_count >= 10
    missed = {r.slug: r.top for r in evaluation.results if r.missed}
    trapped = {r.slug: r.top for r in evaluation.results if r.trapped}
    assert trapped == {}
    assert evaluation.recall_at_5 >= 0.95, missed
    assert evaluation.precision_at_5 >= 0.7
