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

Latin words and numbers are kept whole and case-folded. Before anything
else, text is folded character by character (so offsets stay valid):
full-width forms to half-width, variant characters to the standard ones
(帐 → 账, shipped list ``variants``), traditional characters to simplified
with OpenCC's dictionaries (opencc-purepy, the maintained pure-Python port).

Synonyms work both ways in time. At query time a query for 高企 is 高企 OR
"高新 技术 企业", so an edit applies to the next query. At index time a
document holding an equivalent also stores the term it stands for
(``synonym_text``: a text saying 代账 stores 代理 记账, so 记账 finds it);
together with the synonym terms joining the segmenter's dictionary, that is
why a vocabulary edit re-indexes the documents holding its terms
(search.indexing).

Reading a query (``parse``) gives a ``QueryPlan``: one clause per word, each
with its atoms, its synonym phrases, whether it is *optional* (a generic
word such as 咨询 or 服务 that ranks but need not match) and the categories
its *intent words* point to (律师 → legal). Question filler (我想, 怎么,
多少钱 …) is dropped. search.query turns a plan into the ranked match tiers
every backend translates.
"""

import functools
import gc
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import rjieba
from django.db import connection
from opencc_purepy import OpenCC

from search.models import DictionaryWord, IntentWord, Synonym

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
# Separates index-time synonym phrases, so that no phrase lines up across two
# of them: a private-use character, a token to FTS5 and Elasticsearch alike,
# that no query can contain (queries keep CJK ideographs and Latin only).
SEPARATOR = "\ue000"


def load_shipped():
    with open(VOCABULARY_FILE, encoding="utf-8") as handle:
        return json.load(handle)


# Characters OpenCC's table would change that simplified Chinese also uses
# in their own right (著作权, 乾坤): left alone.
KEEP_AS_IS = frozenset("著乾於瞭藉夥")


def _fold_table():
    """One translation table, so folding keeps the length (offsets into the
    original text stay valid) and reads every text the same way whatever its
    context: full-width to half-width, traditional to simplified by OpenCC's
    character dictionary (opencc-purepy ships OpenCC's own data), then the
    shipped variant characters (帐 → 账)."""
    table = dict(FULLWIDTH)
    for traditional, simplified in OpenCC("t2s").dictionary.ts_characters[0].items():
        first = simplified.split()[0] if simplified.strip() else ""
        if len(traditional) == 1 and len(first) == 1 and traditional not in KEEP_AS_IS:
            table[ord(traditional)] = ord(first)
    variants = {
        ord(variant): ord(standard)
        for variant, standard in load_shipped().get("variants", {}).items()
        if len(variant) == 1 and len(standard) == 1
    }
    # 帳 → 帐 (OpenCC) → 账 (variant): one step
    table = {code: variants.get(target, target) for code, target in table.items()}
    return table | variants


FOLD = _fold_table()


def fold(text):
    return text.translate(FOLD)


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
    a tuple of atoms; the first is what was typed, as atoms). ``source`` is
    what the person typed for it.

    ``categories``: intent — documents of these categories satisfy the
    clause even without its words (ranked after those holding them), when
    they hold ``intent_rest``: what a compound says besides its intent word
    (创业培训: training services that say 创业).
    ``optional``: a generic word (咨询, 服务 …) that ranks but need not match.
    ``loose_atoms``: for a compound word that is no vocabulary term, the
    atoms a document may hold anywhere, in any order, instead of the phrase
    (申请专利: 专利; its generic atoms dropped); empty for a term of the
    vocabulary, which only matches as itself (知识产权 is not 知识…产权)."""

    source: str
    alternatives: list
    expanded: list = field(default_factory=list)
    categories: tuple = ()
    optional: bool = False
    loose_atoms: tuple = ()
    intent_rest: tuple = ()

    @property
    def atoms(self):
        return self.alternatives[0]


@dataclass
class QueryPlan:
    """What a query asks for. ``mode`` is "all" (every required clause) or
    "relaxed" (as many as possible; search.engine switches to it when "all"
    found nothing). ``ignored``: the question filler that was dropped."""

    text: str
    clauses: list
    mode: str = "all"
    ignored: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.clauses

    @property
    def required(self):
        """The clauses a document must satisfy; when every word typed is
        generic (咨询), they all are."""
        required = [clause for clause in self.clauses if not clause.optional]
        return required or list(self.clauses)

    @property
    def optional(self):
        required = self.required
        return [clause for clause in self.clauses if clause not in required]

    @property
    def categories(self):
        """The intent categories of the whole query, first named first."""
        seen = []
        for clause in self.clauses:
            seen.extend(code for code in clause.categories if code not in seen)
        return seen

    @property
    def phrases(self):
        return [alt for clause in self.clauses for alt in clause.alternatives]

    @property
    def expansions(self):
        """Synonyms the query was widened with, for "also searched for"."""
        return [term for clause in self.clauses for term in clause.expanded]


class Analyzer:
    """Segmentation, atoms, synonyms and stopwords for one vocabulary state.

    Instances are immutable once built; a vocabulary change builds a new one
    (see ``current``)."""

    def __init__(self, words=(), synonyms=(), stopwords=(), version=None, intents=(), optional=()):
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
        self.terms_of_vocabulary = frozenset(
            [*self.words, *self.expansions, *(e for es in self.expansions.values() for e in es)]
        )
        self.stopwords = frozenset(normalize_term(w) for w in stopwords)
        self.optional_words = frozenset(normalize_term(w) for w in optional)
        # Intent words stay out of the segmenter's dictionary (they only read
        # queries, so editing them re-indexes nothing); parse() finds them
        # across the segmenter's cuts like synonym terms.
        self.intents = {}
        for word, category in intents:
            word = normalize_term(word)
            if word and category:
                self.intents.setdefault(word, [])
                if category not in self.intents[word]:
                    self.intents[word].append(category)
        self._atoms = {}
        self._joined = {}
        self._index_synonyms = None

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

    def synonym_text(self, *atom_strings):
        """Index-time synonyms: for every synonym equivalent the texts hold
        (as consecutive atoms), the term it stands for, as atoms; phrases
        separated by SEPARATOR. A text saying 代账 gives "代理 记账"."""
        if self._index_synonyms is None:
            table = {}
            for term, equivalents in self.expansions.items():
                term_atoms = " ".join(self.terms(term))
                for equivalent in equivalents:
                    held = tuple(self.terms(equivalent))
                    if held and term_atoms:
                        table.setdefault(held[0], {}).setdefault(held, set()).add(term_atoms)
            self._index_synonyms = table
        table = self._index_synonyms
        found = []
        for text in atom_strings:
            atoms = text.split()
            for i, atom in enumerate(atoms):
                for held, terms in table.get(atom, {}).items():
                    if tuple(atoms[i : i + len(held)]) == held:
                        found.extend(term for term in sorted(terms) if term not in found)
        return f" {SEPARATOR} ".join(found)

    # --- query side -------------------------------------------------------

    def parse(self, text):
        """Read what a person typed into a plan of clauses; any input is safe:
        only atoms (Chinese words, Latin words, numbers) survive, so quotes,
        operators and brackets are mere separators."""
        text = (text or "")[:MAX_QUERY_CHARS]
        clauses, ignored = [], []
        for run in RUN_RE.finditer(fold(text)):
            words = [run.group(1).lower()] if run.group(1) else self.segmenter.cut(run.group(2))
            i = 0
            while i < len(words):
                # Longest run of words that spells a synonym term, an intent
                # word or filler (知产 may arrive as 知|产, 多少钱 as 多少|钱).
                span = 1
                for j in range(min(len(words), i + MAX_SYNONYM_WORDS), i + 1, -1):
                    joined = "".join(words[i:j])
                    if joined in self.expansions or joined in self.intents or joined in self.stopwords:
                        span = j - i
                        break
                source = "".join(words[i : i + span])
                i += span
                if source in self.stopwords:
                    ignored.append(source)
                    continue
                clause = self._clause(source)
                if clause is not None and clause.atoms not in [c.atoms for c in clauses]:
                    clauses.append(clause)
        return QueryPlan(text=text, clauses=clauses[:MAX_QUERY_CLAUSES], ignored=ignored)

    def _clause(self, source):
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
        generic = self.optional_words
        loose_atoms = ()
        if len(own) > 1 and source not in self.terms_of_vocabulary:
            loose_atoms = tuple(atom for atom in own if atom not in generic) or own
        categories, rest = self._intent(source, own, expanded)
        return Clause(
            source=source,
            alternatives=alternatives,
            expanded=expanded,
            categories=tuple(categories),
            optional=source in generic or all(atom in generic for atom in own),
            loose_atoms=loose_atoms,
            intent_rest=rest,
        )

    def _intent(self, source, atoms, expanded):
        """The categories a clause points to and what else a document of
        them must hold: its word (or a synonym of it) is an intent word; or
        a run of its atoms is one, and the other atoms, less generic ones,
        must be held (法律咨询 → legal; 创业培训 → training + 创业). Whole
        words and atoms only, never a substring: 金融资产 (金融|资产) is at
        most a financing service that says 资产, never one that says 融资."""
        categories = []
        for word in (source, *expanded):
            categories.extend(self.intents.get(word, ()))
        if categories:
            return list(dict.fromkeys(categories)), ()
        for size in range(len(atoms) - 1, 0, -1):
            for start in range(len(atoms) - size + 1):
                word = "".join(atoms[start : start + size])
                if word in self.intents:
                    rest = atoms[:start] + atoms[start + size :]
                    rest = tuple(atom for atom in rest if atom not in self.optional_words)
                    return list(self.intents[word]), rest
        return [], ()

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
    rollback — gives a new stamp. One statement of three tiny aggregates,
    written out: the ORM took longer to compile three ``aggregate()`` calls
    than the database to answer them (a fifth of a search's time)."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        rows = cursor.fetchall()
    return "|".join(f"{n}:{top}:{last or ''}" for _order, n, top, last in rows)


@functools.cache
def _version_sql():
    quote = connection.ops.quote_name
    parts = [
        f"SELECT {order}, count({quote('id')}), max({quote('id')}), max({quote('updated_at')}) "  # noqa: S608
        f"FROM {quote(model._meta.db_table)}"
        for order, model in enumerate((Synonym, DictionaryWord, IntentWord))
    ]
    return " UNION ALL ".join(parts) + " ORDER BY 1"


def build_from_database(version=None):
    shipped = load_shipped()
    return Analyzer(
        words=DictionaryWord.objects.values_list("word", flat=True),
        synonyms=[(s.term, s.equivalent_list(), s.two_way) for s in Synonym.objects.all()],
        stopwords=shipped.get("stopwords", ()),
        optional=shipped.get("optional", ()),
        intents=IntentWord.objects.values_list("word", "category"),
        version=version,
    )


def build_shipped():
    """The analyzer for the shipped vocabulary alone (tests, benchmarks)."""
    shipped = load_shipped()
    return Analyzer(
        words=shipped["words"],
        synonyms=[(s["term"], s["equivalents"], s.get("two_way", True)) for s in shipped["synonyms"]],
        stopwords=shipped.get("stopwords", ()),
        optional=shipped.get("optional", ()),
        intents=[(word, code) for code, words in shipped.get("intents", {}).items() for word in words],
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
            # The analyzer's tables (and the OpenCC dictionaries) live as long
            # as the process: frozen, the garbage collector stops walking
            # them again in every full collection — at 150,000 services that
            # walk cost a broad search (创新券) about 45 ms of its 100.
            gc.freeze()
        return _current
