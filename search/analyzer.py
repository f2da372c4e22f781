"""The one analyzer, used when documents are indexed and when queries are read.

Chinese is segmented with rjieba (the Rust port of jieba; same dictionary and
HMM, about 20× faster here — see the README's search benchmark) plus the project dictionary.
Every word is then reduced to its *atoms*: a word made of smaller dictionary
words is replaced by them (高新技术企业 → 高新 技术 企业, 金融资产 → 金融 资产),
choosing the tiling that follows the word's own inner boundaries. Documents
are indexed as atom sequences and a query word becomes the phrase of its atoms,
so

* 技术 finds 高新技术企业 (an atom of it), and 高新技术企业 finds itself
  whether a text's segmentation kept it whole or split it;
* a string that crosses a word boundary never matches: 金融资产 has no atom
  融资 (its tiling is 金融|资产), 化工商品 has no 工商, 提高企业 has no 高企.

Latin words and numbers are kept whole and case-folded; full-width forms are
folded to half-width. Synonyms are expanded at query time only (a query for
高企 is 高企 OR "高新 技术 企业"), so editing them needs no re-index; their terms
also join the segmenter's dictionary, which is why a vocabulary edit
re-indexes the documents that contain the edited terms (search.indexing).
"""

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import rjieba
from django.db.models import Count, Max

from search.models import DictionaryWord, Synonym

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.json"

MAX_QUERY_CHARS = 100
MAX_QUERY_CLAUSES = 12
MAX_SYNONYM_WORDS = 6
# Frequency given to project words: jieba's own suggestion is too weak to
# beat its dictionary (电商代办 came out 电|商代|办); this one wins against
# chance neighbours without breaking real boundaries (提高|企业 stays).
PROJECT_WORD_FREQ = 3000

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_LATIN = "0-9a-zA-Z\u00c0-\u024f"
RUN_RE = re.compile(f"([{_LATIN}]+)|([{_CJK}]+)")
# Full-width ASCII and the ideographic space fold to their half-width forms
# (length-preserving, so offsets into the original text stay valid).
FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text):
    return text.translate(FULLWIDTH)


def normalize_term(text):
    return fold(text).strip().lower()


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass
class Clause:
    """One thing the query asks for: any of ``alternatives`` (each a phrase,
    a tuple of atoms). ``source`` is what the person typed for it."""

    source: str
    alternatives: list
    expanded: list = field(default_factory=list)


@dataclass
class QueryPlan:
    text: str
    clauses: list
    mode: str = "all"  # "any" when "every word" found nothing (search.engine)

    @property
    def is_empty(self):
        return not self.clauses

    @property
    def phrases(self):
        return [alt for clause in self.clauses for alt in clause.alternatives]

    @property
    def expansions(self):
        """Synonyms the query was widened with, for "also searched for"."""
        return [term for clause in self.clauses for term in clause.expanded]


def load_shipped():
    with open(VOCABULARY_FILE, encoding="utf-8") as handle:
        return json.load(handle)


class Analyzer:
    """Segmentation, atoms, synonyms and stopwords for one vocabulary state.

    Instances are immutable once built; a vocabulary change builds a new one
    (see ``current``)."""

    def __init__(self, words=(), synonyms=(), stopwords=(), version=None):
        self.version = version
        self.segmenter = rjieba.Jieba()
        self.words = sorted({normalize_term(w) for w in words if normalize_term(w)})
        self.expansions = {}
        for term, equivalents, two_way in synonyms:
            term = normalize_term(term)
            equivalents = [normalize_term(e) for e in equivalents if normalize_term(e)]
            if not term or not equivalents:
                continue
            self._expand(term, equivalents)
            if two_way:
                group = [term, *equivalents]
                for member in equivalents:
                    self._expand(member, [other for other in group if other != member])
        for word in {*self.words, *self.expansions, *(e for es in self.expansions.values() for e in es)}:
            # Only Chinese terms concern the segmenter; Latin ones are whole anyway.
            if re.fullmatch(f"[{_CJK}]+", word) and len(word) > 1:
                self.segmenter.add_word(word, PROJECT_WORD_FREQ, None)
        self.stopwords = frozenset(normalize_term(w) for w in stopwords)
        self._atoms = {}
        self._joined = {}

    def _expand(self, key, terms):
        known = self.expansions.setdefault(key, [])
        for term in terms:
            if term != key and term not in known:
                known.append(term)

    # --- index side -------------------------------------------------------

    def atoms(self, word):
        """The word as the sequence of its smallest dictionary parts.

        A word of three or more characters is tiled with dictionary words of
        at least two characters that lie inside it, allowing at most one
        single character (研究生 → 研究 生); the tiling with the fewest single
        characters, then the fewest pieces, wins, and each piece is reduced
        again. A word that cannot be tiled that way stays whole (专精特新)."""
        cached = self._atoms.get(word)
        if cached is not None:
            return cached
        result = self._tile(word)
        if len(self._atoms) < 500_000:
            self._atoms[word] = result
        return result

    def _tile(self, word):
        n = len(word)
        if n < 3 or not re.fullmatch(f"[{_CJK}]+", word):
            return (word,)
        has_word = self.segmenter.has_word
        # best[i] = (singles, pieces, [end positions]) for word[i:]
        best = [None] * (n + 1)
        best[n] = (0, 0, [])
        for i in range(n - 1, -1, -1):
            options = []
            for j in range(n, i + 1, -1):
                if j - i < n and best[j] is not None and has_word(word[i:j]):
                    singles, pieces, ends = best[j]
                    options.append((singles, pieces + 1, [j, *ends]))
            if best[i + 1] is not None:
                singles, pieces, ends = best[i + 1]
                options.append((singles + 1, pieces + 1, [i + 1, *ends]))
            best[i] = min(options, key=lambda option: (option[0], option[1])) if options else None
        singles, _pieces, ends = best[0]
        if singles > 1 or singles == n:
            return (word,)
        parts, start = [], 0
        for end in ends:
            parts.extend(self.atoms(word[start:end]))
            start = end
        return tuple(parts)

    def tokens(self, text):
        """Atoms of ``text`` with their offsets in ``text``.

        Stopwords stay in the index: dropping them would make 知识与产权
        look like the phrase 知识产权. Queries drop them as whole words."""
        if not text:
            return []
        folded = fold(text)
        out = []
        for match in RUN_RE.finditer(folded):
            if match.group(1):
                out.append(Token(match.group(1).lower(), match.start(), match.end()))
                continue
            base = match.start()
            for word, start, end in self.segmenter.tokenize(match.group(2)):
                atoms = self.atoms(word)
                if len(atoms) == 1:
                    out.append(Token(word, base + start, base + end))
                    continue
                position = base + start
                for atom in atoms:
                    out.append(Token(atom, position, position + len(atom)))
                    position += len(atom)
        return out

    def terms(self, text):
        return [token.text for token in self.tokens(text)]

    def index_text(self, text):
        """``text`` as the space-separated atoms the index stores: the same
        atoms as ``tokens`` without their offsets (the fast path used when
        indexing)."""
        if not text:
            return ""
        parts = []
        joined = self._joined
        for match in RUN_RE.finditer(fold(text)):
            if match.group(1):
                parts.append(match.group(1).lower())
                continue
            for word in self.segmenter.cut(match.group(2)):
                atoms = joined.get(word)
                if atoms is None:
                    atoms = " ".join(self.atoms(word))
                    if len(joined) < 500_000:
                        joined[word] = atoms
                parts.append(atoms)
        return " ".join(parts)

    # --- query side -------------------------------------------------------

    def parse(self, text):
        """Read what a person typed into a plan of clauses; any input is safe:
        only atoms (Chinese words, Latin words, numbers) survive, so quotes,
        operators and brackets are mere separators."""
        text = (text or "")[:MAX_QUERY_CHARS]
        clauses = []
        for run in RUN_RE.finditer(fold(text)):
            words = [run.group(1).lower()] if run.group(1) else self.segmenter.cut(run.group(2))
            i = 0
            while i < len(words):
                # Longest run of words that spells a synonym term (知产 may
                # arrive as 知|产).
                span = 1
                for j in range(min(len(words), i + MAX_SYNONYM_WORDS), i + 1, -1):
                    if "".join(words[i:j]) in self.expansions:
                        span = j - i
                        break
                source = "".join(words[i : i + span])
                i += span
                clause = self._clause(source)
                if clause is not None:
                    clauses.append(clause)
        return QueryPlan(text=text, clauses=clauses[:MAX_QUERY_CLAUSES])

    def _clause(self, source):
        if source in self.stopwords:
            return None
        own = tuple(self.terms(source))
        if not own:
            return None
        alternatives = [own]
        expanded = []
        for term in self.expansions.get(source, ()):
            phrase = tuple(self.terms(term))
            if phrase and phrase not in alternatives:
                alternatives.append(phrase)
                expanded.append(term)
        return Clause(source=source, alternatives=alternatives, expanded=expanded)

    # --- help for empty results --------------------------------------------

    def suggestions(self, text, limit=5):
        """Vocabulary terms that look like what was typed: share a two-character
        piece with it, or hold all its characters in order (高新企业 →
        高新技术企业). Used for "did you mean" when nothing matched."""
        query = normalize_term(text)[:MAX_QUERY_CHARS]
        if not query:
            return []
        pairs = {query[i : i + 2] for i in range(len(query) - 1)}
        scored = []
        for term in {*self.words, *self.expansions}:
            if term == query:
                continue
            score = 0
            if _is_subsequence(query, term) and len(query) > 1:
                score += 3
            score += sum(1 for pair in pairs if pair in term)
            if score:
                scored.append((-score, len(term), term))
        return [term for _s, _l, term in sorted(scored)[:limit]]


def _is_subsequence(needle, haystack):
    it = iter(haystack)
    return all(char in it for char in needle)


# --- the current vocabulary ------------------------------------------------

_current = None
_current_lock = threading.Lock()


def vocabulary_version():
    """A stamp of the vocabulary tables, read on every query: a count and
    latest change per table, so an edit, an addition, a deletion — or a test's
    rollback — gives a new stamp. Two tiny aggregate queries."""

    parts = []
    for model in (Synonym, DictionaryWord):
        row = model.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
        parts.append(f"{row['n']}:{row['top']}:{row['last'].isoformat() if row['last'] else ''}")
    return "|".join(parts)


def build_from_database(version=None):
    shipped = load_shipped()
    return Analyzer(
        words=DictionaryWord.objects.values_list("word", flat=True),
        synonyms=[(s.term, s.equivalent_list(), s.two_way) for s in Synonym.objects.all()],
        stopwords=shipped.get("stopwords", ()),
        version=version,
    )


def current():
    """The analyzer for the vocabulary as it is now in the database; rebuilt
    (about 0.1 s) when the stamp changes, so an admin edit applies to the
    next query of every process without a restart."""
    global _current
    version = vocabulary_version()
    analyzer = _current
    if analyzer is not None and analyzer.version == version:
        return analyzer
    with _current_lock:
        if _current is None or _current.version != version:
            _current = build_from_database(version)
        return _current


def category_keywords():
    return load_shipped().get("category_keywords", {})
