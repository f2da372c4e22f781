"""What a query plan asks of the index, in a form every backend translates.

A plan (search.analyzer.QueryPlan) becomes a short list of nested *tiers*:
each tier's documents include the previous tier's, and a backend ranks the
documents of an earlier tier above the rest (BM25, or its own relevance,
only orders documents within a tier). Keeping this here means the embedded
(FTS5), Elasticsearch and PostgreSQL backends decide nothing about what
matches; they translate four node types:

* ``Phrase(atoms)``: the atoms held consecutively in a text field (title,
  body, meta or the index-time synonyms);
* ``InCategory(codes)``: the document's category is one of ``codes``;
* ``OfType(types)``: the document's type is one of ``types``;
* ``All(parts)`` / ``AnyOf(parts)``: conjunction / disjunction.

In "all" mode, for every clause the person typed:

1. *as typed*: every clause, optional words too, held as a phrase (its own
   atoms adjacent, or a synonym's);
2. *all words*: every required clause held as text, a compound word's atoms
   anywhere in any order (申请专利 finds 专利申请代理);
3. *intent*: every required clause held as text or by the category its
   intent words point to (律师 → legal services that never say 律师;
   创业培训 → training services that say 创业).

A query with intent asks for services (and incubators) of a kind, so there
tier 2 keeps only services and incubators, tier 3 adds those of the intent
categories, and the events and achievements that merely mention the words
come in a fourth tier.

In "relaxed" mode (nothing held every required clause), tier k holds the
documents satisfying at least n−k of the n required clauses (text or
intent), so those holding most come first.

Ended events are not a tier: backends put them after everything else (see
search.backends, ``SearchRequest.now``).
"""

from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Phrase:
    atoms: tuple


@dataclass(frozen=True)
class InCategory:
    codes: tuple


@dataclass(frozen=True)
class OfType:
    types: tuple


@dataclass(frozen=True)
class Without:
    """``keep`` less ``drop`` (used by ``segments``)."""

    keep: object
    drop: object


@dataclass(frozen=True)
class All:
    parts: tuple


@dataclass(frozen=True)
class AnyOf:
    parts: tuple


# The document types that a category-minded query asks for first.
PROVIDERS = ("service", "incubator")
# Above this many required clauses, relaxation is a plain "any clause" tier
# (the number of clause subsets grows too fast to list).
MAX_RELAXED_CLAUSES = 5


def _all(parts):
    parts = tuple(dict.fromkeys(parts))
    return parts[0] if len(parts) == 1 else All(parts)


def _any(parts):
    parts = tuple(dict.fromkeys(parts))
    return parts[0] if len(parts) == 1 else AnyOf(parts)


def as_typed(clause):
    """The clause held as a phrase: its own atoms adjacent, or a synonym."""
    return _any([Phrase(tuple(atoms)) for atoms in clause.alternatives])


def as_text(clause):
    """The clause held as text: as typed, or (a compound that is no
    vocabulary term) its loose atoms anywhere."""
    alternatives = [Phrase(tuple(atoms)) for atoms in clause.alternatives]
    if clause.loose_atoms:
        alternatives.insert(1, _all([Phrase((atom,)) for atom in clause.loose_atoms]))
    return _any(alternatives)


def with_intent(clause):
    """The clause held as text, or by a document of its intent categories
    that holds what else the clause says (``intent_rest``)."""
    text = as_text(clause)
    if not clause.categories:
        return text
    category = InCategory(tuple(clause.categories))
    if clause.intent_rest:
        category = _all([category, *(Phrase((atom,)) for atom in clause.intent_rest)])
    return _any([text, category])


def tiers(plan):
    """The nested tiers of ``plan``, best first; the last is every match.
    Consecutive equal tiers are merged."""
    if plan.is_empty:
        return []
    required = plan.required
    if plan.mode == "relaxed" and len(required) > 1:
        satisfied = [with_intent(clause) for clause in required]
        if len(required) > MAX_RELAXED_CLAUSES:
            out = [_any(satisfied)]
        else:
            out = [
                _any([_all(subset) for subset in combinations(satisfied, size)])
                for size in range(len(required) - 1, 0, -1)
            ]
    else:
        typed = _all([as_typed(clause) for clause in plan.clauses])
        text = _all([as_text(clause) for clause in required])
        intent = _all([with_intent(clause) for clause in required])
        if plan.categories:
            kinds = OfType(PROVIDERS)
            out = [typed, _any([typed, _all([text, kinds])]), _any([typed, _all([intent, kinds])]), intent]
        else:
            out = [typed, text, intent]
    merged = []
    for tier in out:
        if not merged or merged[-1] != tier:
            merged.append(tier)
    return merged


@dataclass(frozen=True)
class Segment:
    """The documents of one tier less the earlier ones: ``node``, of one of
    ``types`` (None: any type; ``negate``: any type but those)."""

    node: object
    types: tuple | None = None
    negate: bool = False


def segments(plan):
    """The tiers of ``plan`` as disjoint segments, best first — the same
    documents in the same order as ``tiers`` (tests/search prove it), but
    with the type restriction kept outside the text expression, so a backend
    that filters types cheaply (the embedded one, by row id) can do so."""
    if plan.is_empty:
        return []
    if plan.mode == "relaxed" and len(plan.required) > 1 or not plan.categories:
        levels = tiers(plan)
        return [Segment(level if not k else Without(level, levels[k - 1])) for k, level in enumerate(levels)]
    required = plan.required
    typed = _all([as_typed(clause) for clause in plan.clauses])
    text = _all([as_text(clause) for clause in required])
    intent = _all([with_intent(clause) for clause in required])
    out = [
        Segment(typed),
        Segment(Without(text, typed), PROVIDERS),
        Segment(Without(intent, text), PROVIDERS),
        Segment(Without(intent, typed), PROVIDERS, negate=True),
    ]
    return [
        segment
        for segment in out
        if not (isinstance(segment.node, Without) and segment.node.keep == segment.node.drop)
    ]


def hints(plan):
    """Every atom the query typed, as one disjunction: backends may add it to
    their scoring (never to what matches), so that within a tier — above
    all the intent tier, whose documents may not hold the query's own words
    — those holding more of the query's words come first (律师咨询: the legal
    services that say 咨询)."""
    atoms = [atom for clause in plan.clauses for atom in clause.atoms]
    return _any([Phrase((atom,)) for atom in atoms]) if atoms else None


def phrases(node):
    """Every phrase in ``node`` (for highlighting)."""
    if isinstance(node, Phrase):
        return [node.atoms]
    if isinstance(node, All | AnyOf):
        return [phrase for part in node.parts for phrase in phrases(part)]
    return []
