"""The benchmark's own code on a tiny corpus (the benchmark itself runs
outside the suite: ``make bench``)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import search_bench  # noqa: E402

pytestmark = pytest.mark.django_db


def test_generated_records_know_which_words_they_hold():
    records = search_bench.generate(200)
    assert len(records) == 200
    category, title, description, units = records[0]
    assert category in search_bench.CORES
    assert all(unit in title + description for unit in units)
    ids = list(range(200))
    relevant, traps = search_bench.relevant_ids(records, ids, "融资")
    assert relevant and not relevant & traps
    # a trap record holds the characters only across a word boundary
    for pk in traps:
        assert "融资" in records[pk][1] + records[pk][2]


def test_bulk_records_index_and_measure_with_full_recall(demo):
    from search.indexing import reindex

    records = search_bench.generate(120, seed=7)
    ids = search_bench.bulk_services([(demo.incubator("huigu"), records)])
    assert len(ids) == 120
    reindex()
    recall, trap_hits, traps = search_bench.recall(records, ids, search_bench.our_all_ids)
    assert recall == 1.0 and trap_hits == 0


def test_the_table_prints_both_backends(capsys):
    row = {
        "n": 2000,
        "ours_build_s": 1.0,
        "ours_bytes": 2e6,
        "ours_p50": 3.0,
        "ours_p95": 9.0,
        "ours_nat_p50": 4.0,
        "ours_nat_p95": 10.0,
        "ours_recall": 1.0,
        "ours_traps": 0,
        "traps_total": 12,
        "ours_dev_recall": 1.0,
        "wagtail_build_s": 1.0,
        "wagtail_p50": 30.0,
        "wagtail_p95": 90.0,
        "wagtail_nat_p50": 40.0,
        "wagtail_nat_p95": 100.0,
        "wagtail_recall": 0.02,
        "wagtail_traps": 0,
        "wagtail_dev_recall": 0.0,
        "wagtail_quote": "OperationalError",
    }
    search_bench.ARGS = type("Args", (), {"sizes": [2000]})
    search_bench.print_table([row])
    out = capsys.readouterr().out
    assert "| 2,000 | embedded (FTS5 + rjieba)" in out and "| 2,000 | Wagtail database search" in out
    assert "10× faster" in out


def test_question_metrics_count_recall_ndcg_empty_answers_and_traps():
    cases = [
        {"q": "a", "must": ["x", "y"], "must_not": ["z"]},
        {"q": "b", "must": ["x"], "must_not": []},
        {"q": "c", "must": [], "must_not": ["x"]},
    ]
    answers = {"a": (["y", "z", "x"], 3), "b": ([], 0), "c": ([], 0)}
    metrics = search_bench.question_metrics(cases, answers.get)
    assert metrics["recall"] == 2 / 3
    assert metrics["traps"] == 1 and metrics["empty_relevant"] == 1
    assert metrics["empty"] == 2 / 3
    assert 0 < metrics["ndcg"] < 1 and metrics["failures"] == ["a", "b"]
    assert search_bench.ndcg_at_10(["x"], {"x"}) == 1.0
