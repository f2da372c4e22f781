# ruff: noqa: S608
# (S608: the SQL below is built from constant fragments and %s placeholders
# only; every value, the FTS5 expression included, is a bound parameter.)
"""The embedded backend: SQLite FTS5, no server to run.

Where the index lives:

* When the main database is SQLite (the one-machine default), the index
  tables sit in that same database, created by migration search.0003. Index
  writes then share the page change's transaction: the queue row, its
  application and its deletion commit together, and a test's rollback
  undoes the index with everything else.
* Otherwise (PostgreSQL at scale without Elasticsearch), or when
  SEARCH_SQLITE_PATH is set, the index is a separate SQLite file created on
  first use; the durable queue in the main database makes up for the
  missing shared transaction (a failed write leaves the rows queued).

``search_fts_doc`` holds one row per document (facet values, display data,
when an event ends, and the analyzer's atom strings); ``search_fts`` is an
FTS5 index over its atom columns (external content, kept in step by
``apply``), ranked by bm25 with the title weighted 5, body 1, meta and the
index-time synonyms 0.5, and a fifth column, ``cat_terms``, holding the
type and category codes for intent (weight 0; text phrases never look at it:
``- {cat_terms} : "…"``). Four more columns hold each text column's
adjacent atoms as single tokens (``title_bi`` …, same weights): a phrase of
several atoms is matched through them (see BIGRAM_JOINER). The unicode61
tokenizer only splits the atom strings at spaces: all segmentation happened
before.

The tiers of search.query become FTS5 expressions; each tier less the
previous one is read in turn to fill the page, ended events (``ends_at``
before now, an indexed column) after all of them.
"""

import json
import os
import sqlite3
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, transaction

from search.backends import (
    FIELD_WEIGHTS,
    MARK_END,
    MARK_START,
    Backend,
    BackendUnavailable,
    Hit,
    SearchResult,
    disjunctive_counts,
    indexed_fields,
    ordered_facets,
)
from search.documents import FACETS
from search.query import All, AnyOf, InCategory, OfType, Phrase, Without, hints, segments, tiers

DOC_COLUMNS = (
    "id",
    "rid",
    "key",
    "type",
    "page_id",
    "slug",
    "title",
    "url",
    "body",
    "category",
    "incubator",
    "district",
    "fee",
    "data",
    "digest",
    "ends_at",
    "title_terms",
    "body_terms",
    "meta_terms",
    "syn_terms",
    "cat_terms",
    "title_bi",
    "body_bi",
    "meta_bi",
    "syn_bi",
)
# Each text column's adjacent atoms again as single tokens ("公司" + JOINER +
# "注册"), in a column of their own: a phrase of n atoms is then matched as a
# phrase of its n - 1 pairs, whose postings are few, instead of by reading
# every position of its atoms. At 150,000 services 公司 and 注册 are each in
# tens of thousands of documents, the pair in a few thousand: counting the
# four phrases of 公司注册要什么材料 took 4.8 ms through the atoms' positions,
# 1.4 ms through the pairs. The same documents match (a pair token is only
# ever those two atoms side by side in one column); the atom columns stay
# for single atoms and highlighting. The joiner is a private-use character:
# unicode61 keeps it inside a token, and no atom holds one (SEPARATOR, the
# synonym column's phrase break, is another).
BIGRAM_JOINER = "\ue001"
BIGRAM_COLUMNS = ("title_bi", "body_bi", "meta_bi", "syn_bi")
TERM_COLUMNS = ("title_terms", "body_terms", "meta_terms", "syn_terms", "cat_terms", *BIGRAM_COLUMNS)
TITLE_COLUMNS = "{title_terms title_bi}"

# The FTS rowid ("rid") carries what ranking and facets need, so neither has
# to read a document row: bits 55-62 a body-length bucket (shorter first —
# the order BM25 gives single-occurrence matches), bits 31-54 the id of the
# document's facet-value combination (search_fts_fkey), bits 0-30 the row id.
LENGTH_SHIFT, FKEY_SHIFT = 55, 31
FKEY_MASK, ID_MASK, LENGTH_MAX = (1 << 24) - 1, (1 << 31) - 1, 255

FTS_TABLE = f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        {", ".join(TERM_COLUMNS)},
        content='search_fts_doc', content_rowid='rid',
        tokenize='unicode61 remove_diacritics 0'
    )"""
# A pair column weighs what its atom column weighs: a phrase's hits are the
# same hits, counted in the other column.
_WEIGHTS = [FIELD_WEIGHTS[name] for name in ("title", "body", "meta", "syn")]
RANK = "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25({}, 0, {})')".format(
    ", ".join(map(str, _WEIGHTS)), ", ".join(map(str, _WEIGHTS))
)

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_fts_doc (
        id INTEGER PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE,
        key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        page_id INTEGER NOT NULL,
        slug TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        incubator TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        fee TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL DEFAULT '{}',
        digest TEXT NOT NULL DEFAULT '',
        ends_at INTEGER,
        title_terms TEXT NOT NULL DEFAULT '',
        body_terms TEXT NOT NULL DEFAULT '',
        meta_terms TEXT NOT NULL DEFAULT '',
        syn_terms TEXT NOT NULL DEFAULT '',
        cat_terms TEXT NOT NULL DEFAULT '',
        title_bi TEXT NOT NULL DEFAULT '',
        body_bi TEXT NOT NULL DEFAULT '',
        meta_bi TEXT NOT NULL DEFAULT '',
        syn_bi TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS search_fts_doc_browse ON search_fts_doc (type DESC, title, id)",
    "CREATE INDEX IF NOT EXISTS search_fts_doc_ends ON search_fts_doc (ends_at) WHERE ends_at IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS search_fts_fkey (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        category TEXT NOT NULL,
        incubator TEXT NOT NULL,
        district TEXT NOT NULL,
        fee TEXT NOT NULL,
        n INTEGER NOT NULL DEFAULT 0,
        UNIQUE (type, category, incubator, district, fee)
    )""",
    FTS_TABLE,
    RANK,
]
# The index's own term statistics (how many documents hold each term), for
# ranking's cost check (_affordable). Created wherever the index is.
VOCABULARY = "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, row)"
SCHEMA.append(VOCABULARY)
DROP = [
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_fts_doc",
    "DROP TABLE IF EXISTS search_fts_fkey",
]
TABLES = ("search_fts", "search_fts_doc", "search_fts_fkey")
# An index built before search_fts_fkey counted its documents (``n``) gains
# the column, filled from the documents (migration search.0008; a separate
# index file after ``migrate``: _FileDatabase.upgrade).
COUNT_FILL = (
    f"WITH c AS (SELECT (rid >> {FKEY_SHIFT}) & {FKEY_MASK} AS k, count(*) AS n "
    "FROM search_fts_doc GROUP BY 1) UPDATE search_fts_fkey SET n = c.n FROM c WHERE c.k = search_fts_fkey.id"
)
COUNT_COLUMN = "ALTER TABLE search_fts_fkey ADD COLUMN n INTEGER NOT NULL DEFAULT 0"


def _pairs(atoms):
    return [first + BIGRAM_JOINER + second for first, second in zip(atoms, atoms[1:], strict=False)]


def bigrams(terms):
    """An atom string's adjacent pairs, each one token (see BIGRAM_JOINER)."""
    return " ".join(_pairs(terms.split()))


def phrase_terms(atoms):
    """The index terms a phrase of ``atoms`` is matched by: its one atom, or
    its adjacent pairs."""
    return tuple(atoms) if len(atoms) < 2 else tuple(_pairs(atoms))


def upgrade_index(fetchall, execute, executemany):
    """Bring an index an earlier version built to the current layout, in
    place (the caller holds the transaction; ``fetchall(sql)``,
    ``execute(sql)`` and ``executemany(sql, rows)`` run on the index's
    database): the facet-combination counts and term statistics
    (``upgrade_statements``), then the atom-pair columns, filled from the
    atom strings each document row keeps and indexed by FTS5's own
    rebuild. Nothing for a current index or none at all; True when it
    changed something."""
    changed = False
    for statement in upgrade_statements(fetchall):
        execute(statement)
        changed = True
    if not _lacks_pairs(fetchall):
        return changed
    for column in BIGRAM_COLUMNS:
        execute(f"ALTER TABLE search_fts_doc ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    last = 0
    while True:
        rows = fetchall(
            "SELECT id, title_terms, body_terms, meta_terms, syn_terms FROM search_fts_doc "
            f"WHERE id > {int(last)} ORDER BY id LIMIT {CHUNK * 10}"
        )
        if not rows:
            break
        executemany(
            "UPDATE search_fts_doc SET "
            + ", ".join(f"{column} = %s" for column in BIGRAM_COLUMNS)
            + " WHERE id = %s",
            [(*map(bigrams, row[1:]), row[0]) for row in rows],
        )
        last = rows[-1][0]
    for statement in [*DROP[:2], FTS_TABLE, RANK]:
        execute(statement)
    execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    execute(VOCABULARY)
    return True


def upgrade_in_database(connection):
    """upgrade_index on an index inside the main SQLite database, through
    Django's ``connection`` (for migrations)."""
    with connection.cursor() as cursor:

        def fetchall(sql):
            cursor.execute(sql)
            return cursor.fetchall()

        return upgrade_index(fetchall, cursor.execute, cursor.executemany)


def _lacks_pairs(fetchall):
    columns = {row[1] for row in fetchall("PRAGMA table_info(search_fts_doc)")}
    return bool(columns) and not set(BIGRAM_COLUMNS) <= columns


def index_outdated(fetchall):
    """Does the index need ``upgrade_index``? (Read-only: a reader opening
    a current index takes no write lock.)"""
    return bool(upgrade_statements(fetchall)) or _lacks_pairs(fetchall)


def upgrade_statements(fetchall):
    """What an index built before the facet-combination counts and the term
    statistics needs (nothing for a current one or none at all);
    ``fetchall(sql)`` runs a statement on the index's database."""
    tables = {row[0] for row in fetchall("SELECT name FROM sqlite_master WHERE name LIKE 'search_fts%'")}
    if "search_fts_fkey" not in tables:
        return []
    columns = {row[1] for row in fetchall("PRAGMA table_info(search_fts_fkey)")}
    statements = [COUNT_COLUMN, COUNT_FILL] if "n" not in columns else []
    return statements + ([VOCABULARY] if "search_fts_vocab" not in tables else [])


CHUNK = 400  # SQLite's default limit of bound parameters is far above this
# Up to this many matches every one is ranked by BM25 (about 2 µs each for
# one word, ten times that for a question's relaxed clauses); above it, title
# matches come first (BM25-ranked while they fit under the cap, else shortest
# first) and the rest follow shortest first. 500 since 2026-12: at 2,000 one
# question (公司注册要什么材料, 7,102 matches at 150,000 services) spent 64 ms
# ranking its title matches. See README, "Search benchmark".
RANK_CAP = 500
# BM25 reads every document holding each phrase it scores (IDF) before it
# ranks anything: about 0.1 µs each here. Above this many, order without it
# (see EmbeddedBackend._ranked). At 150,000 services one question's title
# ranking (科技成果转化对接: 对接 in 56,366 documents, 科技 in 27,660) took 11 ms
# of BM25 for 300 title matches; the demo network stays far below.
RANK_BUDGET = 30_000


def _terms(node):
    """The index terms of every phrase in ``node`` (see phrase_terms; those
    of a Without's dropped part too: FTS5 scores every phrase of the
    expression)."""
    if isinstance(node, Phrase):
        return set(phrase_terms(node.atoms))
    if isinstance(node, Without):
        return _terms(node.keep) | _terms(node.drop)
    if isinstance(node, All | AnyOf):
        return set().union(*map(_terms, node.parts))
    return set()


def _count_cap(offset):
    """Where a tier's count may stop: paging needs it exact only while it
    does not pass ``offset`` (the tier is then skipped whole), ranking only
    whether it passes RANK_CAP. A page-1 search of a word held by 20,000
    documents reads 501 of them instead of all."""
    return max(offset, RANK_CAP) + 1


def fts_phrase(atoms):
    # Atoms are letters, digits and ideographs only (search.analyzer), so a
    # double-quoted phrase cannot carry FTS5 syntax; quotes are doubled anyway.
    return '"' + " ".join(atom.replace('"', '""') for atom in atoms) + '"'


def fts(node, pairs=True):
    """A search.query node as an FTS5 expression: phrases of several atoms
    as phrases of their pairs, or (``pairs=False``, for highlighting the
    atom columns) of the atoms themselves. Both match the same documents."""
    if isinstance(node, Phrase):
        return "- {cat_terms} : " + fts_phrase(phrase_terms(node.atoms) if pairs else node.atoms)
    if isinstance(node, InCategory):
        codes = " OR ".join(fts_phrase((code_token(code),)) for code in node.codes)
        return "{cat_terms} : (" + codes + ")"
    if isinstance(node, OfType):
        types = " OR ".join(fts_phrase((code_token("type_" + name),)) for name in node.types)
        return "{cat_terms} : (" + types + ")"
    if isinstance(node, Without):
        return "(" + fts(node.keep, pairs) + " NOT " + fts(node.drop, pairs) + ")"
    if not isinstance(node, All | AnyOf):
        raise TypeError(node)
    joiner = " AND " if isinstance(node, All) else " OR "
    return "(" + joiner.join(fts(part, pairs) for part in node.parts) + ")"


def code_token(code):
    """A code as one token (the unicode61 tokenizer splits at underscores)."""
    return code.replace("_", "")


def static_part(node):
    """The documents of ``node`` that match by type and category alone (no
    text): a node built of InCategory and OfType, or None. Every facet-value
    combination lies wholly inside or outside it."""
    if isinstance(node, InCategory | OfType):
        return node
    if isinstance(node, AnyOf):
        parts = [part for part in map(static_part, node.parts) if part is not None]
        return (parts[0] if len(parts) == 1 else AnyOf(tuple(parts))) if parts else None
    if isinstance(node, All):
        parts = [static_part(part) for part in node.parts]
        if not parts or any(part is None for part in parts):
            return None
        return parts[0] if len(parts) == 1 else All(tuple(parts))
    return None


def _covered(leaf, static):
    """Is every document of ``leaf`` (an InCategory or OfType) in ``static``?"""
    if leaf == static:
        return True
    if isinstance(static, AnyOf):
        return any(_covered(leaf, part) for part in static.parts)
    if isinstance(static, All):
        return all(_covered(leaf, part) for part in static.parts)
    if isinstance(leaf, InCategory) and isinstance(static, InCategory):
        return set(leaf.codes) <= set(static.codes)
    if isinstance(leaf, OfType) and isinstance(static, OfType):
        return set(leaf.types) <= set(static.types)
    return False


def without_static(node, static):
    """``node`` as it reads outside ``static``: the leaves inside ``static``
    are false there and drop out (None: nothing is left). ``without_static(n,
    s) NOT s`` matches exactly the documents of ``n NOT s``, reading only
    the text parts' matches."""
    if isinstance(node, InCategory | OfType):
        return None if _covered(node, static) else node
    if isinstance(node, AnyOf):
        parts = [part for part in (without_static(part, static) for part in node.parts) if part is not None]
        return (parts[0] if len(parts) == 1 else AnyOf(tuple(parts))) if parts else None
    if isinstance(node, All):
        parts = [without_static(part, static) for part in node.parts]
        return None if any(part is None for part in parts) else All(tuple(parts))
    return node


def _static_sql(node):
    """``node`` (see static_part) as a condition on search_fts_fkey's columns."""
    if isinstance(node, InCategory):
        return "(" + " OR ".join(["instr(category, %s) > 0"] * len(node.codes)) + ")", [
            f",{code}," for code in node.codes
        ]
    if isinstance(node, OfType):
        return f"type IN ({_in_list(len(node.types))})", list(node.types)
    joiner = " AND " if isinstance(node, All) else " OR "
    parts = [_static_sql(part) for part in node.parts]
    params = [param for _sql, part_params in parts for param in part_params]
    return "(" + joiner.join(sql for sql, _params in parts) + ")", params


def cat_terms(document):
    """The ``cat_terms`` column: type and category codes, one token each."""
    return " ".join(code_token(code) for code in [f"type_{document.type}", *document.category])


def schema_statements():
    return list(SCHEMA)


class _SharedDatabase:
    """The index inside Django's default SQLite database."""

    shares_main_transaction = True

    def __init__(self, alias="default"):
        self.alias = alias

    def fetchall(self, sql, params=()):
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchall()

    def execute(self, sql, params=()):
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, list(params))

    def executemany(self, sql, rows):
        with connections[self.alias].cursor() as cursor:
            cursor.executemany(sql, rows)

    def atomic(self):
        return transaction.atomic(using=self.alias)

    def check_file(self):
        """Nothing to check: the main database is the index's home."""

    def upgrade(self):
        """Nothing to do: migrations upgrade an index inside the database."""
        return False

    def file_size(self):
        name = connections[self.alias].settings_dict["NAME"]
        return Path(name).stat().st_size if name and Path(str(name)).exists() else None


OUTDATED = (
    "the search index file %(path)s was built by an earlier version; "
    "manage.py migrate (or search_check) brings it up to date"
)


class _FileDatabase:
    """The index in its own SQLite file (one connection per thread).

    Each use compares the file at ``path`` with the one the thread's
    connection opened (device and inode, one ``stat``): a file replaced under
    running workers — a restored backup, an index built elsewhere and moved
    in — is reopened instead of serving the old copy from the still-open
    handle, and a deleted file makes reads unavailable (503) rather than
    silently empty until ``search_reindex`` recreates it."""

    shares_main_transaction = False

    def __init__(self, path):
        self.path = str(path)
        self.local = threading.local()

    def _identity(self):
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_dev, stat.st_ino)

    def check_file(self):
        """Reopen when the file was replaced; BackendUnavailable when it is gone."""
        conn = getattr(self.local, "conn", None)
        identity = self._identity()
        if identity is None:
            if conn is not None and self.local.depth == 0:
                self.close()
            raise BackendUnavailable(f"the search index file {self.path} is missing; run search_reindex")
        if conn is not None and identity != self.local.identity and self.local.depth == 0:
            self.close()
            self._drop_stale_wal()
        if self._outdated():
            raise BackendUnavailable(OUTDATED % {"path": self.path})

    def _outdated(self):
        """Was the file built by an earlier version (see upgrade)? Asked
        again while it was: another process's ``migrate`` upgrades it."""
        conn = self.connection()
        if self.local.outdated:
            self.local.outdated = index_outdated(lambda sql: conn.execute(sql).fetchall())
        return self.local.outdated

    def upgrade(self):
        """upgrade_index under the file's write lock, when it needs it. Up to
        a minute at 150,000 documents, so never on a request: after every
        ``migrate`` (search.signals) and in ``search_check`` and
        ``search_reindex``. Until then reads answer 503 and writes stay
        queued."""
        if not self._outdated():
            return False
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            upgrade_index(
                lambda sql: conn.execute(sql).fetchall(),
                conn.execute,
                lambda sql, rows: conn.executemany(self._sql(sql), rows),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        self.local.outdated = False
        return True

    def _drop_stale_wal(self):
        """The ``-wal``/``-shm`` beside a replaced file belong to the old one
        (SQLite names them by path and would replay the old file's frames
        onto the new one): a WAL last written before the new file arrived
        (its inode's ctime, set by the rename) is removed. Processes still
        holding the old file keep their open handles and reopen on their
        next use, like this one."""
        wal = Path(f"{self.path}-wal")
        try:
            stale = wal.stat().st_mtime_ns <= os.stat(self.path).st_ctime_ns
        except FileNotFoundError:
            return
        if stale:
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def connection(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts_doc'").fetchone()
            if not exists:
                for statement in SCHEMA:
                    conn.execute(statement)
            self.local.outdated = bool(exists) and index_outdated(lambda sql: conn.execute(sql).fetchall())
            self.local.conn = conn
            self.local.depth = 0
            self.local.identity = self._identity()
        return conn

    @staticmethod
    def _sql(sql):
        return sql.replace("%s", "?")

    def fetchall(self, sql, params=()):
        return self.connection().execute(self._sql(sql), list(params)).fetchall()

    def execute(self, sql, params=()):
        self.connection().execute(self._sql(sql), list(params))

    def executemany(self, sql, rows):
        self.connection().executemany(self._sql(sql), rows)

    @contextmanager
    def atomic(self):
        conn = self.connection()
        outer = self.local.depth == 0
        if outer and self._outdated():
            raise BackendUnavailable(OUTDATED % {"path": self.path})
        if outer:
            conn.execute("BEGIN IMMEDIATE")
        self.local.depth += 1
        try:
            yield
        except BaseException:
            self.local.depth -= 1
            if outer:
                conn.execute("ROLLBACK")
            raise
        self.local.depth -= 1
        if outer:
            conn.execute("COMMIT")

    def file_size(self):
        return Path(self.path).stat().st_size if Path(self.path).exists() else None

    def close(self):
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            conn.close()
            self.local.conn = None
            self.local.identity = None


MULTI_SERVER_MESSAGE = (
    "The embedded search backend keeps its index in a SQLite file on this machine, but the main "
    "database is %(vendor)s: every app server would hold its own copy and the queue would feed only "
    "one of them. Leave SEARCH_BACKEND unset (PostgreSQL full text is chosen automatically) or set "
    "ELASTICSEARCH_URL; to keep a one-server file index anyway, set SEARCH_SQLITE_PATH explicitly."
)


def location():
    """None for "inside the default database", else the index file's path.

    A file next to a server database is refused unless SEARCH_SQLITE_PATH
    names it: with several app servers each would index into its own file."""
    path = getattr(settings, "SEARCH_SQLITE_PATH", "")
    if path:
        return Path(path)
    vendor = connections["default"].vendor
    if vendor == "sqlite":
        return None
    raise ImproperlyConfigured(MULTI_SERVER_MESSAGE % {"vendor": vendor})


def _split_category(value):
    return [part for part in value.strip(",").split(",") if part]


def _facet_dict(values):
    """A (type, categories, incubator, district, fee) tuple as the facet
    values dict of search.backends.disjunctive_counts."""
    type_, categories, incubator, district, fee = values
    return {
        "type": [type_],
        "category": list(categories),
        "incubator": [incubator] if incubator else [],
        "district": [district] if district else [],
        "fee": [fee] if fee else [],
    }


@dataclass(frozen=True)
class _KeySet:
    """Facet-value combinations a read may return: ``keys``, or with
    ``excluded`` all but ``keys``."""

    keys: list
    excluded: bool = False

    @property
    def empty(self):
        return not self.keys and not self.excluded


def _key_set(keys, universe):
    """``keys`` (None: no restriction) out of ``universe``, the combinations
    a query's matches have, as the shorter list: a restriction to services
    among 800 combinations is "not these 40" rather than "these 760"."""
    if keys is None:
        return None
    wanted = set(keys)
    others = [key for key in universe if key not in wanted]
    if not others:
        return None
    return _KeySet(others, excluded=True) if len(others) < len(wanted) else _KeySet(list(keys))


def _passes(values, filters):
    return all(value in values[name] for name, value in filters.items())


def _tally(values, counts):
    """(total, facets) with no filter: each combination's count added to each
    of its values (disjunctive_counts' answer, in one pass of plain loops)."""
    types, categories, incubators, districts, fees = {}, {}, {}, {}, {}
    total = 0
    for key, count in counts.items():
        type_, codes, incubator, district, fee = values[key]
        total += count
        types[type_] = types.get(type_, 0) + count
        for code in codes:
            categories[code] = categories.get(code, 0) + count
        if incubator:
            incubators[incubator] = incubators.get(incubator, 0) + count
        if district:
            districts[district] = districts.get(district, 0) + count
        if fee:
            fees[fee] = fees.get(fee, 0) + count
    facets = dict(zip(FACETS, (types, categories, incubators, districts, fees), strict=True))
    return total, ordered_facets(facets)


def _in_list(count):
    return ", ".join(["%s"] * count)


FKEY_COLUMNS = (
    "search_fts_fkey.id, search_fts_fkey.type, search_fts_fkey.category, search_fts_fkey.incubator, "
    "search_fts_fkey.district, search_fts_fkey.fee"
)
HIT_COLUMNS = (
    "d.rid, d.key, d.type, d.page_id, d.slug, d.title, d.url, d.body, d.category, "
    "d.incubator, d.district, d.fee, d.data"
)


class EmbeddedBackend(Backend):
    name = "embedded"

    def __init__(self, path=None):
        path = path if path is not None else location()
        self.db = _FileDatabase(path) if path else _SharedDatabase()
        self.shares_main_transaction = self.db.shares_main_transaction

    def atomic(self):
        return self.db.atomic()

    @contextmanager
    def reading(self):
        """Reads that fail for want of the index — tables dropped, the file
        deleted or not a database — are "unavailable" (503), never a 500."""
        try:
            self.db.check_file()
            yield
        except (sqlite3.Error, DatabaseError) as error:
            raise BackendUnavailable(f"embedded search index: {error}") from error

    def ensure_schema(self):
        """Recreate the index tables when any is missing (all of them: the
        FTS table and its content table only make sense together); the index
        is derived data, so a rebuild or ``search_check --fix`` refills it.
        A separate index file built by an earlier version is upgraded first."""
        self.db.upgrade()
        present = {
            row[0]
            for row in self.db.fetchall(
                f"SELECT name FROM sqlite_master WHERE name IN ({_in_list(len(TABLES))})", TABLES
            )
        }
        missing = sorted(set(TABLES) - present)
        if missing:
            with self.db.atomic():
                for statement in [*DROP, *SCHEMA]:
                    self.db.execute(statement)
        self.db.execute(VOCABULARY)
        return missing

    # --- writing ------------------------------------------------------------

    def _remove(self, keys):
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            columns = ", ".join(TERM_COLUMNS)
            old = self.db.fetchall(
                f"SELECT rid, {columns} FROM search_fts_doc WHERE key IN ({_in_list(len(chunk))})",
                chunk,
            )
            if not old:
                continue
            self.db.executemany(
                f"INSERT INTO search_fts(search_fts, rowid, {columns}) "
                f"VALUES ('delete', {_in_list(len(TERM_COLUMNS) + 1)})",
                old,
            )
            rids = [row[0] for row in old]
            self.db.execute(f"DELETE FROM search_fts_doc WHERE rid IN ({_in_list(len(rids))})", rids)
            self._count_documents(rids, -1)

    def _facet_keys(self, combinations):
        """{facet-value combination: its id} for ``combinations`` (in order of
        first use, which is the order new ones get their ids), those missing
        created: one INSERT for all, then a SELECT per chunk of incubators."""
        combinations = list(dict.fromkeys(combinations))
        self.db.executemany(
            "INSERT OR IGNORE INTO search_fts_fkey (type, category, incubator, district, fee) "
            "VALUES (%s, %s, %s, %s, %s)",
            combinations,
        )
        wanted, found = set(combinations), {}
        incubators = sorted({values[2] for values in combinations})
        for start in range(0, len(incubators), CHUNK):
            chunk = incubators[start : start + CHUNK]
            for key, *values in self.db.fetchall(
                "SELECT id, type, category, incubator, district, fee FROM search_fts_fkey "
                f"WHERE incubator IN ({_in_list(len(chunk))})",
                chunk,
            ):
                if tuple(values) in wanted:
                    found[tuple(values)] = key
        return found

    def apply(self, documents, delete_keys, analyzer):
        with self.db.atomic():
            keys = [document.key for document in documents]
            self._remove(keys + list(delete_keys))
            if not documents:
                return
            next_id = self.db.fetchall("SELECT coalesce(max(id), 0) + 1 FROM search_fts_doc")[0][0]
            categories = [
                "," + ",".join(document.category) + "," if document.category else "" for document in documents
            ]
            facets = [
                (document.type, category, document.incubator, document.district, document.fee)
                for document, category in zip(documents, categories, strict=True)
            ]
            facet_keys = self._facet_keys(facets)
            rows = []
            for offset, document in enumerate(documents):
                terms = indexed_fields(document, analyzer)
                category = categories[offset]
                length = min(LENGTH_MAX, terms["body"].count(" ") // 4)
                row_id = (next_id + offset) & ID_MASK
                rid = (length << LENGTH_SHIFT) | (facet_keys[facets[offset]] << FKEY_SHIFT) | row_id
                rows.append(
                    (
                        row_id,
                        rid,
                        document.key,
                        document.type,
                        document.page_id,
                        document.slug,
                        document.title,
                        document.url,
                        document.body,
                        category,
                        document.incubator,
                        document.district,
                        document.fee,
                        json.dumps(document.data, ensure_ascii=False),
                        document.digest(),
                        int(document.ends.timestamp()) if document.ends else None,
                        terms["title"],
                        terms["body"],
                        terms["meta"],
                        terms["syn"],
                        cat_terms(document),
                        *(bigrams(terms[name]) for name in ("title", "body", "meta", "syn")),
                    )
                )
            columns = ", ".join(DOC_COLUMNS)
            self.db.executemany(
                f"INSERT INTO search_fts_doc ({columns}) VALUES ({_in_list(len(DOC_COLUMNS))})", rows
            )
            self.db.executemany(
                f"INSERT INTO search_fts(rowid, {', '.join(TERM_COLUMNS)}) "
                f"VALUES ({_in_list(len(TERM_COLUMNS) + 1)})",
                [(row[1], *row[-len(TERM_COLUMNS) :]) for row in rows],
            )
            self._count_documents([row[1] for row in rows], 1)

    def _count_documents(self, rids, sign):
        """Keep ``search_fts_fkey.n``, the documents of each facet-value
        combination, in step with the documents added (+1) or removed (−1)."""
        changes = Counter((rid >> FKEY_SHIFT) & FKEY_MASK for rid in rids)
        self.db.executemany(
            "UPDATE search_fts_fkey SET n = n + %s WHERE id = %s",
            [(sign * count, key) for key, count in changes.items()],
        )

    def clear(self):
        with self.db.atomic():
            self.db.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
            self.db.execute("DELETE FROM search_fts_doc")
            self.db.execute("DELETE FROM search_fts_fkey")

    def optimize(self):
        self.db.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    # --- reading ------------------------------------------------------------

    def digests(self):
        with self.reading():
            return dict(self.db.fetchall("SELECT key, digest FROM search_fts_doc"))

    def ping(self):
        try:
            self.db.check_file()  # a file an earlier version built is not served yet
            self.db.fetchall("SELECT 1 FROM search_fts_doc LIMIT 1")
        except Exception:  # noqa: BLE001  (a missing or unreadable index)
            return False
        return True

    def stats(self):
        with self.reading():
            documents = self.db.fetchall("SELECT count(*) FROM search_fts_doc")[0][0]
        try:
            size = self.db.fetchall(
                "SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master "
                "WHERE tbl_name LIKE 'search_fts%%')"
            )[0][0]
        except Exception:  # dbstat is an optional SQLite module
            size = None
        return {"documents": documents, "bytes": size}

    def _facets(self, node):
        """({facet key id: (type, categories, incubator, district, fee)},
        {facet key id: documents}) for the documents matching ``node``
        (None: every document).

        A query's category part (律师 → every legal service) matches
        documents by their facet-value combination alone, and each
        combination's size is kept in ``search_fts_fkey.n``: those
        documents are counted from that table, and only the rest —
        ``without_static(node) NOT static`` — are counted one by one, in
        one GROUP BY on the row ids' facet bits. Exact either way."""
        static = static_part(node) if node is not None else None
        rows = []
        if node is None or static is not None:
            where, params = _static_sql(static) if static is not None else ("1 = 1", [])
            rows += self.db.fetchall(
                f"SELECT {FKEY_COLUMNS}, n FROM search_fts_fkey WHERE n > 0 AND {where}", params
            )
        rest = node if static is None else without_static(node, static)
        if rest is not None:
            expression = fts(rest) if static is None else f"({fts(rest)}) NOT ({fts(static)})"
            rows += self.db.fetchall(
                f"SELECT {FKEY_COLUMNS}, g.n FROM (SELECT (search_fts.rowid >> {FKEY_SHIFT}) & {FKEY_MASK} "
                "AS k, count(*) AS n FROM search_fts WHERE search_fts MATCH %s GROUP BY 1) g "
                "JOIN search_fts_fkey ON search_fts_fkey.id = g.k",
                [expression],
            )
        counts, values, categories = Counter(), {}, {}
        for key, type_, category, incubator, district, fee, count in rows:
            counts[key] += count
            if key not in values:
                if category not in categories:
                    categories[category] = tuple(_split_category(category))
                values[key] = (type_, categories[category], incubator, district, fee)
        return values, counts

    def search(self, request, analyzer):
        with self.reading():
            return self._search(request)

    def _search(self, request):
        plan = request.plan
        nodes = tiers(plan)
        values, counts = self._facets(nodes[-1] if nodes else None)
        allowed = None
        if request.filters:
            as_dicts = {key: _facet_dict(facet_values) for key, facet_values in values.items()}
            total, facets = disjunctive_counts(
                ((as_dicts[key], count) for key, count in counts.items()), request.filters
            )
            allowed = [key for key, facet in as_dicts.items() if _passes(facet, request.filters)]
        else:
            total, facets = _tally(values, counts)
        if total == 0 or request.offset >= total:
            return SearchResult(total=total, hits=[], facets=facets)
        if not nodes:
            rids = self._browse(_key_set(allowed, values), request)
        else:
            hint = hints(plan)
            hint = (fts(hint), _terms(hint)) if hint else None
            parts = []
            for segment in segments(plan):
                keys = allowed if allowed is not None else list(values)
                if segment.types is not None:
                    keys = [key for key in keys if (values[key][0] in segment.types) != segment.negate]
                restricted = allowed is not None or segment.types is not None
                keys = _key_set(keys, values) if restricted else None
                parts.append((fts(segment.node), keys, _terms(segment.node)))
            rids = self._page(parts, total, request, hint, known={})
        hits = self._hits(rids)
        if hits and nodes:
            self._mark(hits, rids, fts(nodes[-1], pairs=False))
        return SearchResult(total=total, hits=hits, facets=facets)

    def _ended(self, request):
        """Row ids of the events that are over (few: an indexed range)."""
        moment = int(request.moment().timestamp())
        rows = self.db.fetchall("SELECT rid FROM search_fts_doc WHERE ends_at < %s", [moment])
        return [row[0] for row in rows]

    def _page(self, parts, total, request, hint=None, known=None):
        """Row ids of the requested page: the segments of search.query in
        turn (each an expression and the facet-value keys it may have, None
        for all, and the index terms its phrases hold), then the same for the
        ended events. ``hint`` (expression, terms) only scores; ``known`` holds the
        term statistics read so far (see ``_affordable``)."""
        ended = self._ended(request)
        runs = [(*part, False) for part in parts]
        if ended:
            runs += [(*part, True) for part in parts]
        rids = []
        offset, limit = request.offset, request.limit
        for expression, keys, terms, only_ended in runs:
            if limit <= 0:
                break
            if keys is not None and keys.empty:
                continue
            rows = self._rowid_filter(ended, only_ended)
            if len(runs) == 1:
                count = total
            else:
                count = self._count(expression, keys, rows, cap=_count_cap(offset))
            if offset >= count:
                offset -= count
                continue
            found = self._ranked(expression, keys, rows, count, offset, limit, terms, hint, known)
            rids += found
            limit -= len(found)
            offset = 0
        return rids

    @staticmethod
    def _rowid_filter(ended, only_ended):
        if not ended:
            return "", []
        operator = "IN" if only_ended else "NOT IN"
        return f" AND search_fts.rowid {operator} ({_in_list(len(ended))})", ended

    @staticmethod
    def _fkey_filter(allowed, column="search_fts.rowid"):
        if allowed is None:
            return "", []
        operator = "NOT IN" if allowed.excluded else "IN"
        keys = allowed.keys
        return f" AND (({column} >> {FKEY_SHIFT}) & {FKEY_MASK}) {operator} ({_in_list(len(keys))})", keys

    def _browse(self, allowed, request):
        where, params = self._fkey_filter(allowed, "rid")
        rows = self.db.fetchall(
            f"SELECT rid FROM search_fts_doc WHERE 1 = 1{where} "
            "ORDER BY type DESC, title, id LIMIT %s OFFSET %s",
            [*params, request.limit, request.offset],
        )
        return [row[0] for row in rows]

    def _matching(self, expression, allowed, rows, order, limit, offset):
        where, params = self._fkey_filter(allowed)
        found = self.db.fetchall(
            f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s{where}{rows[0]} ORDER BY {order} "
            "LIMIT %s OFFSET %s",
            [expression, *params, *rows[1], limit, offset],
        )
        return [row[0] for row in found]

    def _count(self, expression, allowed, rows=("", []), cap=None):
        """How many documents match; with ``cap``, counting stops there
        (FTS5 reads no further), so the answer is exact only below it."""
        where, params = self._fkey_filter(allowed)
        select = f"SELECT 1 FROM search_fts WHERE search_fts MATCH %s{where}{rows[0]}"
        params = [expression, *params, *rows[1]]
        if cap is not None:
            select, params = f"{select} LIMIT %s", [*params, cap]
        return self.db.fetchall(f"SELECT count(*) FROM ({select})", params)[0][0]

    def _ranked(self, expression, allowed, rows, count, offset, limit, terms, hint=None, known=None):
        """Row ids ``offset``… of one tier holding ``count`` matches (above
        RANK_CAP possibly a lower bound: see ``_count_cap``). BM25
        over every match while there are at most RANK_CAP; beyond, title
        matches first (BM25 while they fit the cap, else shortest first),
        then the rest shortest first — the order BM25 gives a single
        occurrence — read in rowid order, which FTS5 stops early.

        BM25 scores every phrase of the expression a document holds, so
        ``E AND (hint OR E)`` — the same documents as E — also scores the
        query's words that E itself does not ask for.

        BM25 first reads every document holding each of its phrases (FTS5
        computes their IDF so), whatever the matches: on a large index a
        common word costs more than the ranking is worth. Above RANK_BUDGET
        postings the hint is left out, and then BM25 too (title matches
        first, shortest first)."""
        if count <= RANK_CAP:
            if hint and self._affordable(terms | hint[1], known):
                scored = f"({expression}) AND ({hint[0]} OR ({expression}))"
                return self._matching(scored, allowed, rows, "rank", limit, offset)
            if self._affordable(terms, known):
                return self._matching(expression, allowed, rows, "rank", limit, offset)
        title = f"{TITLE_COLUMNS} : ({expression})"
        in_title = self._count(title, allowed, rows, cap=_count_cap(offset))
        rids = []
        if offset < in_title:
            order = "rank" if in_title <= RANK_CAP and self._affordable(terms, known) else "rowid"
            rids = self._matching(title, allowed, rows, order, limit, offset)
            limit -= len(rids)
            offset = 0
        else:
            offset -= in_title
        if limit > 0:
            rest = f"({expression}) NOT {title}" if in_title else expression
            rids += self._matching(rest, allowed, rows, "rowid", limit, offset)
        return rids

    def _affordable(self, terms, known=None):
        """Can BM25 score phrases of these index terms (phrase_terms) within
        RANK_BUDGET postings (documents holding them, from the index's term
        statistics)? ``known`` ({term: documents}) keeps what one search has
        read already: its segments and their ended-event runs ask about the
        same terms."""
        known = {} if known is None else known
        missing = sorted(set(terms) - known.keys())
        if missing:
            where = f"term IN ({_in_list(len(missing))})"
            found = dict(self.db.fetchall(f"SELECT term, doc FROM search_fts_vocab WHERE {where}", missing))
            known.update({term: found.get(term, 0) for term in missing})
        return sum(known[term] for term in terms) <= RANK_BUDGET

    def _hits(self, rids):
        if not rids:
            return []
        rows = self.db.fetchall(
            f"SELECT {HIT_COLUMNS} FROM search_fts_doc d WHERE d.rid IN ({_in_list(len(rids))})", rids
        )
        by_rid = {row[0]: row for row in rows}
        hits = []
        for rid in rids:
            row = by_rid.get(rid)
            if row is None:
                continue
            hits.append(
                Hit(
                    key=row[1],
                    type=row[2],
                    page_id=row[3],
                    slug=row[4],
                    title=row[5],
                    url=row[6],
                    body=row[7],
                    category=_split_category(row[8]),
                    incubator=row[9],
                    district=row[10],
                    fee=row[11],
                    data=json.loads(row[12] or "{}"),
                )
            )
            hits[-1].rid = rid
        return hits

    def _mark(self, hits, rids, expression):
        rows = self.db.fetchall(
            "SELECT rowid, highlight(search_fts, 0, %s, %s), highlight(search_fts, 1, %s, %s) "
            f"FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({_in_list(len(rids))})",
            [MARK_START, MARK_END, MARK_START, MARK_END, expression, *rids],
        )
        marked = {row[0]: {"title": row[1], "body": row[2]} for row in rows}
        for hit in hits:
            hit.marked = marked.get(hit.rid, {})
