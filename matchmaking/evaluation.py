"""Measuring the matching against the demo's judged cases
(site/home/demo/demands.json): each demand lists the offers that must rank
in its top 5, those that may, and traps that must not.

- precision@5: of the offers shown in a demand's top 5, the share a person
  accepts (``must`` or ``ok``), averaged over the demands;
- recall@5: the share of ``must`` offers found in the top 5, averaged;
- traps: ``must_not`` offers found in a top 5 (should be none).

Used by ``make bench`` (bench/match_bench.py) and tests/matchmaking.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from achievements.models import AchievementPage
from core.importer import run_import
from matchmaking.matching import matches_for_demand, recompute_matches
from matchmaking.models import DemandPage
from services.models import ServicePage

CASES_FILE = Path(settings.SITE_DIR) / "home" / "demo" / "demands.json"
K = 5


def load_cases(path=CASES_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["cases"]


def dated_row(row, index, today=None, published=True):
    """An import row with a deadline ahead and a publication date behind
    ``today`` (the file holds none, so the demo never expires)."""
    today = today or timezone.localdate()
    row = dict(row)
    row.setdefault("deadline", (today + datetime.timedelta(days=120 + 7 * index)).isoformat())
    if published:
        day = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=3 + 4 * index))
        row.setdefault("published", day.isoformat())
    return row


def import_cases(cases, today=None):
    report = run_import({"demands": [dated_row(case["row"], i, today) for i, case in enumerate(cases)]})
    if not report.ok:
        raise ValueError("; ".join(str(error) for error in report.errors))
    return report


def _resolve(reference):
    kind, _sep, key = reference.partition(":")
    if kind == "a":
        page = AchievementPage.objects.live().filter(title=key).first()
    elif kind == "s":
        page = ServicePage.objects.live().filter(slug=key).first()
    else:
        raise ValueError(reference)
    return page.pk if page else None


@dataclass
class CaseResult:
    slug: str
    top: list
    must: set
    accepted: set
    traps: set
    unresolved: list = field(default_factory=list)

    @property
    def top_ids(self):
        return [pk for pk, _title in self.top]

    @property
    def precision(self):
        if not self.top:
            return 0.0
        return sum(1 for pk in self.top_ids if pk in self.accepted) / len(self.top)

    @property
    def recall(self):
        return sum(1 for pk in self.must if pk in self.top_ids) / len(self.must) if self.must else 1.0

    @property
    def missed(self):
        return self.must - set(self.top_ids)

    @property
    def trapped(self):
        return self.traps & set(self.top_ids)


@dataclass
class Evaluation:
    results: list

    @property
    def precision_at_5(self):
        return sum(r.precision for r in self.results) / len(self.results)

    @property
    def recall_at_5(self):
        return sum(r.recall for r in self.results) / len(self.results)

    @property
    def traps_in_top_5(self):
        return sum(len(r.trapped) for r in self.results)

    @property
    def trap_count(self):
        return sum(len(r.traps) for r in self.results)


def evaluate(cases, recompute=True):
    """Score the imported ``cases`` and compare each top 5 with the judgement."""
    if recompute:
        recompute_matches()
    results = []
    for case in cases:
        demand = DemandPage.objects.get(slug=case["row"]["slug"])
        refs = {name: case.get(name, []) for name in ("must", "ok", "must_not")}
        ids = {name: {_resolve(ref) for ref in values} for name, values in refs.items()}
        unresolved = [ref for values in refs.values() for ref in values if _resolve(ref) is None]
        top = [(m.offer_id, m.offer_page.title) for m in matches_for_demand(demand, limit=K)]
        results.append(
            CaseResult(
                slug=demand.slug,
                top=top,
                must=ids["must"] - {None},
                accepted=(ids["must"] | ids["ok"]) - {None},
                traps=ids["must_not"] - {None},
                unresolved=unresolved,
            )
        )
    return Evaluation(results)
