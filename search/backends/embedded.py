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

``search_fts_doc`` holds one row per document (facet values, display data
and the analyzer's atom strings); ``search_fts`` is an FTS5 index over its
three atom columns (external content, kept in step by ``apply``), ranked by
bm25 with the title weighted 5, body 1, meta 0.5. The unicode61 tokenizer
only splits the atom strings at spaces: all segmentation happened before.
"""

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction

from search.backends import (
    FIELD_WEIGHTS,
    MARK_END,
    MARK_START,
    Backend,
    Hit,
    SearchResult,
    disjunctive_counts,
    indexed_fields,
)

DOC_COLUMNS = (
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
    "title_terms",
    "body_terms",
    "meta_terms",
)
TERM_COLUMNS = ("title_terms", "body_terms", "meta_terms")

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_fts_doc (
        id INTEGER PRIMARY KEY,
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
        title_terms TEXT NOT NULL DEFAULT '',
        body_terms TEXT NOT NULL DEFAULT '',
        meta_terms TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title_terms, body_terms, meta_terms,
        content='search_fts_doc', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25({}, {}, {})')".format(
        FIELD_WEIGHTS["title"], FIELD_WEIGHTS["body"], FIELD_WEIGHTS["meta"]
    ),
]
DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_fts_doc"]

CHUNK = 400  # SQLite's default limit of bound parameters is far above this


def fts_phrase(atoms):
    # Atoms are letters, digits and ideographs only (search.analyzer), so a
    # double-quoted phrase cannot carry FTS5 syntax; quotes are doubled anyway.
    return '"' + " ".join(atom.replace('"', '""') for atom in atoms) + '"'


def fts_expression(plan):
    """AND (or OR, for the partial fallback) over clauses, each the OR of its
    alternative phrases."""
    parts = []
    for clause in plan.clauses:
        alternatives = [fts_phrase(alt) for alt in clause.alternatives]
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
    joiner = " OR " if getattr(plan, "mode", "all") == "any" else " AND "
    return joiner.join(parts)


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

    def file_size(self):
        name = connections[self.alias].settings_dict["NAME"]
        return Path(name).stat().st_size if name and Path(str(name)).exists() else None


class _FileDatabase:
    """The index in its own SQLite file (one connection per thread)."""

    shares_main_transaction = False

    def __init__(self, path):
        self.path = str(path)
        self.local = threading.local()

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
            self.local.conn = conn
            self.local.depth = 0
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


def location():
    """None for "inside the default database", else the index file's path."""
    path = getattr(settings, "SEARCH_SQLITE_PATH", "")
    if path:
        return Path(path)
    if connections["default"].vendor == "sqlite":
        return None
    return Path(settings.BASE_DIR) / "var" / "search.sqlite3"


def _split_category(value):
    return [part for part in value.strip(",").split(",") if part]


class EmbeddedBackend(Backend):
    name = "embedded"

    def __init__(self, path=None):
        path = path if path is not None else location()
        self.db = _FileDatabase(path) if path else _SharedDatabase()
        self.shares_main_transaction = self.db.shares_main_transaction

    def atomic(self):
        return self.db.atomic()

    # --- writing ------------------------------------------------------------

    def _remove(self, keys):
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            old = self.db.fetchall(
                f"SELECT id, title_terms, body_terms, meta_terms FROM search_fts_doc WHERE key IN ({marks})",
                chunk,
            )
            if not old:
                continue
            self.db.executemany(
                "INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, meta_terms) "
                "VALUES ('delete', %s, %s, %s, %s)",
                old,
            )
            ids = [row[0] for row in old]
            self.db.execute(f"DELETE FROM search_fts_doc WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)

    def apply(self, documents, delete_keys, analyzer):
        rows = []
        for document in documents:
            terms = indexed_fields(document, analyzer)
            rows.append(
                (
                    document.key,
                    document.type,
                    document.page_id,
                    document.slug,
                    document.title,
                    document.url,
                    document.body,
                    "," + ",".join(document.category) + "," if document.category else "",
                    document.incubator,
                    document.district,
                    document.fee,
                    json.dumps(document.data, ensure_ascii=False),
                    document.digest(),
                    terms["title"],
                    terms["body"],
                    terms["meta"],
                )
            )
        with self.db.atomic():
            self._remove([row[0] for row in rows] + list(delete_keys))
            if not rows:
                return
            columns = ", ".join(DOC_COLUMNS)
            marks = ", ".join(["%s"] * len(DOC_COLUMNS))
            self.db.executemany(f"INSERT INTO search_fts_doc ({columns}) VALUES ({marks})", rows)
            keys = [row[0] for row in rows]
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start : start + CHUNK]
                self.db.execute(
                    "INSERT INTO search_fts(rowid, title_terms, body_terms, meta_terms) "
                    "SELECT id, title_terms, body_terms, meta_terms FROM search_fts_doc "
                    f"WHERE key IN ({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )

    def clear(self):
        with self.db.atomic():
            self.db.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
            self.db.execute("DELETE FROM search_fts_doc")

    def optimize(self):
        self.db.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    # --- reading ------------------------------------------------------------

    def digests(self):
        return dict(self.db.fetchall("SELECT key, digest FROM search_fts_doc"))

    def stats(self):
        documents = self.db.fetchall("SELECT count(*) FROM search_fts_doc")[0][0]
        try:
            size = self.db.fetchall(
                "SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master "
                "WHERE tbl_name LIKE 'search_fts%%')"
            )[0][0]
        except Exception:  # dbstat is an optional SQLite module
            size = None
        return {"documents": documents, "bytes": size}

    @staticmethod
    def _filter_sql(filters, alias="d"):
        clauses, params = [], []
        for name, value in filters.items():
            if name == "category":
                clauses.append(f"{alias}.category LIKE %s")
                params.append(f"%,{value},%")
            else:
                clauses.append(f"{alias}.{name} = %s")
                params.append(value)
        return clauses, params

    def _facet_rows(self, rows):
        for type_, category, incubator, district, fee, count in rows:
            values = {
                "type": [type_],
                "category": _split_category(category),
                "incubator": [incubator] if incubator else [],
                "district": [district] if district else [],
                "fee": [fee] if fee else [],
            }
            yield values, count

    def search(self, request, analyzer):
        select = (
            "d.id, d.key, d.type, d.page_id, d.slug, d.title, d.url, d.body, d.category, "
            "d.incubator, d.district, d.fee, d.data"
        )
        clauses, params = self._filter_sql(request.filters)
        plan = request.plan
        if plan.is_empty:
            facet_rows = self.db.fetchall(
                "SELECT type, category, incubator, district, fee, count(*) FROM search_fts_doc d "
                "GROUP BY 1, 2, 3, 4, 5"
            )
            where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
            rows = self.db.fetchall(
                f"SELECT {select} FROM search_fts_doc d {where} ORDER BY d.type DESC, d.title, d.id "
                "LIMIT %s OFFSET %s",
                [*params, request.limit, request.offset],
            )
            expression = None
        else:
            expression = fts_expression(plan)
            facet_rows = self.db.fetchall(
                "SELECT d.type, d.category, d.incubator, d.district, d.fee, count(*) FROM search_fts "
                "JOIN search_fts_doc d ON d.id = search_fts.rowid WHERE search_fts MATCH %s "
                "GROUP BY 1, 2, 3, 4, 5",
                [expression],
            )
            where = "".join(f" AND {clause}" for clause in clauses)
            rows = self.db.fetchall(
                f"SELECT {select} FROM search_fts JOIN search_fts_doc d ON d.id = search_fts.rowid "
                f"WHERE search_fts MATCH %s{where} ORDER BY search_fts.rank, d.id LIMIT %s OFFSET %s",
                [expression, *params, request.limit, request.offset],
            )
        total, facets = disjunctive_counts(self._facet_rows(facet_rows), request.filters)
        hits = [
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
            for row in rows
        ]
        if hits and expression is not None:
            self._mark(hits, [row[0] for row in rows], expression)
        return SearchResult(total=total, hits=hits, facets=facets)

    def _mark(self, hits, ids, expression):
        marks = ", ".join(["%s"] * len(ids))
        rows = self.db.fetchall(
            f"SELECT rowid, highlight(search_fts, 0, %s, %s), highlight(search_fts, 1, %s, %s) "
            f"FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({marks})",
            [MARK_START, MARK_END, MARK_START, MARK_END, expression, *ids],
        )
        marked = {row[0]: {"title": row[1], "body": row[2]} for row in rows}
        for row_id, hit in zip(ids, hits, strict=True):
            hit.marked = marked.get(row_id, {})
