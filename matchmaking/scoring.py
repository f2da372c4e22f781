"""How well an offer (achievement, service) meets a need (demand, incubated
project): a score in [0, 1] and the reasons for it.

Pure functions over small ``Profile`` records, so the matching, the
benchmark (10,000 achievements) and the tests share one implementation with
no database in the loop. Text goes through the search analyzer
(search.analyzer), so words are compared as the search compares them:
提高企业 holds no 高企 and 金融资产 no 融资.

The score is a weighted sum of five parts:

- text (0.55): cosine of the two texts' term sets, terms weighted by their
  rarity among the offers (idf) and doubled in titles; a term that
  appeared in pairs people dismissed counts less (``penalties``);
- field (0.20): the same technical field — the same entry of the bureau's
  list (``field_id``), not merely similar words;
- maturity (0.10): the achievement's TRL inside the demand's range, less the
  further outside it is;
- transfer mode (0.10): a mode both accept;
- location (0.05): same incubator, else same district of the network.

A part that does not apply (a service has no TRL) counts as ``NEUTRAL``. A
pair must share at least one term to be suggested at all: a shared field
alone is not a reason to meet.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass

WEIGHTS = {"text": 0.55, "field": 0.20, "maturity": 0.10, "modes": 0.10, "location": 0.05}
NEUTRAL = 0.4
# Cosine values of short Chinese texts rarely pass 0.6; scale so a strong
# text match reaches 1.
TEXT_FULL_AT = 0.6
MIN_SCORE = 0.2
# Below this text part (a weak, incidental overlap) a pair is not suggested.
MIN_TEXT = 0.2
TITLE_BOOST = 2.0
SHARED_TERMS_SHOWN = 5

# Words that every demand, achievement and service uses: they say nothing
# about what is needed. (Function words are the analyzer's stopwords.)
GENERIC_TERMS = frozenset(
    """
    技术 企业 公司 需求 需要 研发 合作 提供 服务 荣成 荣成市 产业 转化 寻求 面向 伙伴 项目 我们 希望
    解决 问题 一种 方法 应用 开发 能力 相关 进行 实现 开展 包括 方面 目前 现有 主要 具有 已经 通过 用于
    成果 团队 单位 方向 聚焦 入驻 孵化 欢迎 共建 面议 可以 能够 以及 要求 方案 支持 帮助 协助 基于
    """.split()
)
# Single characters that carry no subject (a single character such as 肽 or
# 藻 does, and stays).
FUNCTION_CHARS = frozenset(
    "为由可用于以及中上下后前内外各每该此这那有无不已将所而但则即如若使让给比更最很较多少一个年月日次种项家位件套台等其"
    "化性型式类者员社界度率量省市县区院所部"
)
DIGITS_RE = re.compile(r"^\d+$")


@dataclass
class Profile:
    """What the scorer knows of one need or offer."""

    pk: int
    kind: str  # demand | project | achievement | service
    title: str
    terms: frozenset
    title_terms: frozenset
    field: str = ""  # the field's name: its words are not counted as shared text
    field_id: int | None = None  # the entry of the list: what the field part compares
    maturity: int | None = None  # offers: the achievement's TRL
    maturity_range: tuple | None = None  # needs: a demand's acceptable range
    modes: frozenset = frozenset()
    incubator_id: int | None = None
    incubator_title: str = ""
    district: str = ""


def subject_terms(analyzer, text):
    """The terms of ``text`` that say what it is about, in order, distinct."""
    seen = {}
    for term in analyzer.index_text(text or "").split():
        if term in seen or term in analyzer.stopwords or term in GENERIC_TERMS or DIGITS_RE.match(term):
            continue
        if len(term) == 1 and (term in FUNCTION_CHARS or term.isascii()):
            continue
        seen[term] = None
    return list(seen)


def make_profile(analyzer, *, pk, kind, title, body, **values):
    title_terms = subject_terms(analyzer, title)
    body_terms = subject_terms(analyzer, body)
    # The field is scored on its own: its words (and the text's mentions of
    # them) are not shared terms, or every pair in a field would share them.
    field_terms = frozenset(subject_terms(analyzer, values.get("field", "") or ""))
    terms = (frozenset(title_terms) | frozenset(body_terms)) - field_terms
    for term in list(terms):
        for expansion in analyzer.expansions.get(term, ()):
            terms |= frozenset(subject_terms(analyzer, expansion)) - field_terms
    return Profile(
        pk=pk, kind=kind, title=title, terms=terms, title_terms=frozenset(title_terms) - field_terms, **values
    )


class OfferIndex:
    """The offers with their term weights and an inverted index, built once
    and used for every need."""

    def __init__(self, offers):
        self.offers = list(offers)
        self.df = defaultdict(int)
        for offer in self.offers:
            for term in offer.terms:
                self.df[term] += 1
        self.n = len(self.offers)
        self.postings = defaultdict(list)
        self.norms = []
        for position, offer in enumerate(self.offers):
            squares = 0.0
            for term in offer.terms:
                weight = self.idf(term) * (TITLE_BOOST if term in offer.title_terms else 1.0)
                self.postings[term].append((position, weight))
                squares += weight * weight
            self.norms.append(math.sqrt(squares) or 1.0)

    def idf(self, term):
        return math.log(1 + (self.n + 1) / (1 + self.df.get(term, 0)))

    def candidates(self, need, penalties=None):
        """{offer position: (dot product, [(weight, term)])} for the offers
        sharing a term with ``need``, and the need's vector norm."""
        penalties = penalties or {}
        found = {}
        squares = 0.0
        for term in need.terms:
            weight = self.idf(term) * (TITLE_BOOST if term in need.title_terms else 1.0)
            squares += weight * weight
            posting = self.postings.get(term)
            if not posting:
                continue
            damp = penalties.get(term, 1.0)
            for position, offer_weight in posting:
                contribution = weight * offer_weight * damp
                entry = found.get(position)
                if entry is None:
                    found[position] = entry = [0.0, []]
                entry[0] += contribution
                entry[1].append((contribution, term))
        return found, math.sqrt(squares) or 1.0


def field_part(need, offer):
    """Fields are compared by identity: two pages in the same entry of the
    list share the field, whatever words their texts use."""
    if need.field_id is None:
        return NEUTRAL, None
    if offer.field_id is not None:
        if offer.field_id == need.field_id:
            return 1.0, ["field", {"field": need.field, "field_id": need.field_id}]
        return 0.0, None
    return NEUTRAL, None


def maturity_part(need, offer):
    if need.maturity_range is None or offer.maturity is None:
        return NEUTRAL, None
    low, high = need.maturity_range
    values = {"trl": offer.maturity, "low": low, "high": high}
    if low <= offer.maturity <= high:
        return 1.0, ["maturity_in", values]
    distance = low - offer.maturity if offer.maturity < low else offer.maturity - high
    return max(0.0, 1.0 - 0.35 * distance), ["maturity_out", values]


def modes_part(need, offer):
    if not need.modes or not offer.modes:
        return NEUTRAL, None
    shared = sorted(need.modes & offer.modes)
    if shared:
        return 1.0, ["modes", {"modes": shared}]
    return 0.0, None


def location_part(need, offer):
    if need.incubator_id is None or offer.incubator_id is None:
        return NEUTRAL / 2, None
    if need.incubator_id == offer.incubator_id:
        return 1.0, ["same_incubator", {"incubator": offer.incubator_title}]
    if need.district and need.district == offer.district:
        return 0.7, ["same_district", {"district": offer.district}]
    return NEUTRAL, None


@dataclass
class Scored:
    offer: Profile
    score: float
    reasons: list
    shared_terms: list


def score_need(need, index, penalties=None, dismissed=frozenset(), limit=None):
    """The offers of ``index`` that could meet ``need``, best first."""
    found, need_norm = index.candidates(need, penalties)
    results = []
    for position, (dot, contributions) in found.items():
        offer = index.offers[position]
        if offer.pk in dismissed:
            continue
        # Between cosine and coverage of the need: a long offer text is
        # penalised less than by the plain cosine.
        cosine = dot / (need_norm * math.sqrt(need_norm * index.norms[position]))
        text = min(1.0, cosine / TEXT_FULL_AT)
        if text < MIN_TEXT:
            continue
        parts = {"text": text}
        reasons = []
        for name, part in (
            ("field", field_part),
            ("maturity", maturity_part),
            ("modes", modes_part),
            ("location", location_part),
        ):
            parts[name], reason = part(need, offer)
            if reason:
                reasons.append(reason)
        score = sum(WEIGHTS[name] * value for name, value in parts.items())
        if score < MIN_SCORE:
            continue
        shared = [term for _weight, term in sorted(contributions, key=lambda item: (-item[0], item[1]))]
        reasons.append(["terms", {"terms": shared[:SHARED_TERMS_SHOWN], "count": len(shared)}])
        results.append(Scored(offer=offer, score=round(score, 3), reasons=reasons, shared_terms=shared))
    results.sort(key=lambda item: (-item.score, item.offer.kind, item.offer.pk))
    return results[:limit] if limit else results


def penalties_from(dismissed_term_lists):
    """Term weights after dismissals: a term shared by n dismissed pairs
    counts 1/(1+n) as much, so words that keep producing wrong matches stop
    producing them, while the words of good matches keep their weight."""
    counts = defaultdict(int)
    for terms in dismissed_term_lists:
        for term in set(terms):
            counts[term] += 1
    return {term: 1.0 / (1 + n) for term, n in counts.items()}
