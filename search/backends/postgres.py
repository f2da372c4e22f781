# ruff: noqa: S608
# (S608: the SQL below is built from constant fragments and %s placeholders
# only; every value, each query phrase included, is a bound parameter.)
"""PostgreSQL full text: the shared index when the main database is
PostgreSQL and there is no Elasticsearch.

Chosen automatically in that case (search.backends.backend_path), so several
app servers and workers read and write one index in the main database, in
the same transaction as the page change and its queue row.

The analyzer's atom strings are stored as they are and turned into one
``tsvector`` with the ``simple`` configuration (no stemming, no stopwords:
the parser only splits at the spaces the analyzer put between atoms): title
weighted A, body B, meta and the index-time synonyms C, and the document's
type and category codes as lexemes ``ωtservice``, ``ωclegal``… weighted D
(rank weight 0; a text atom never starts with ω, so a typed word can never
match a code). A separator
lexeme between the fields, deleted afterwards, leaves a position gap, so a
phrase never runs from the end of the title into the body (FTS5 columns and
Elasticsearch fields behave the same).

The tiers of search.query become tsqueries: a Phrase is
``phraseto_tsquery('simple', 'atom atom')`` (atoms joined by ``<->``), an
InCategory or OfType the OR of its code lexemes, All and AnyOf ``&&`` and
``||`` —
all bound parameters, so no user text is ever read as tsquery syntax. The
GIN index answers the last tier (every match); rows are ordered by "ended
event" (``ends_at`` before the request's moment) first, then the first tier
each row satisfies, then ``ts_rank`` with weights 1 / 0.2 / 0.1 (the
embedded backend's 5 : 1 : 0.5, the query's words added as hints) normalised
by document length. Facets are one ``GROUP BY`` over the matches, counted
disjunctively in Python like the other backends.
"""

import json
from contextlib import contextmanager

from django.db import DatabaseError, connections, transaction
from psycopg.types.json import Jsonb

from search.analyzer import SEPARATOR as SYNONYM_SEPARATOR
from search.backends import (
    FIELD_WEIGHTS,
    Backend,
    BackendUnavailable,
    Hit,
    SearchResult,
    disjunctive_counts,
    indexed_fields,
    mark_phrases,
)
from search.query import All, AnyOf, InCategory, OfType, Phrase, hints, phrases, tiers

TABLE = "search_pg_doc"
SEPARATOR = "ω"  # never an atom (search.analyzer keeps Latin, digits and CJK only)
TSVECTOR = (
    "ts_delete("
    f"setweight(to_tsvector('simple', %s || ' {SEPARATOR}'), 'A') || "
    f"setweight(to_tsvector('simple', %s || ' {SEPARATOR}'), 'B') || "
    f"setweight(to_tsvector('simple', %s || ' {SEPARATOR} ' || %s || ' {SEPARATOR}'), 'C') || "
    f"setweight(to_tsvector('simple', %s), 'D'), '{SEPARATOR}')"
)
# ts_rank's weights are {D, C, B, A}: categories 0, meta and synonyms, body, title.
RANK_WEIGHTS = "{{0, {meta:g}, {body:g}, 1}}".format(
    meta=FIELD_WEIGHTS["meta"] / FIELD_WEIGHTS["title"], body=FIELD_WEIGHTS["body"] / FIELD_WEIGHTS["title"]
)


def _json_value(value):
    """A jsonb column as Python data: Django's psycopg connection loads jsonb
    as text (its JSONField decodes it), so a raw query gets a string."""
    if isinstance(value, str):
        return json.loads(value)
    return value or {}


def category_lexeme(code):
    return f"{SEPARATOR}c{code.replace('_', '')}"


def type_lexeme(name):
    return f"{SEPARATOR}t{name.replace('_', '')}"


RANK_NORMALIZATION = 1  # divide by 1 + log(length): shorter documents first, as BM25 does

SCHEMA = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigserial PRIMARY KEY,
        key text NOT NULL UNIQUE,
        type text NOT NULL,
        page_id bigint NOT NULL,
        slug text NOT NULL DEFAULT '',
        title text NOT NULL DEFAULT '',
        url text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        category text[] NOT NULL DEFAULT '{{}}',
        incubator text NOT NULL DEFAULT '',
        district text NOT NULL DEFAULT '',
        fee text NOT NULL DEFAULT '',
        data jsonb NOT NULL DEFAULT '{{}}',
        digest text NOT NULL DEFAULT '',
        ends_at timestamptz,
        title_terms text NOT NULL DEFAULT '',
        body_terms text NOT NULL DEFAULT '',
        meta_terms text NOT NULL DEFAULT '',
        syn_terms text NOT NULL DEFAULT '',
        tsv tsvector NOT NULL
    )""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
    f'CREATE INDEX IF NOT EXISTS {TABLE}_browse ON {TABLE} (type DESC, title COLLATE "C", id)',
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]
RELATIONS = (TABLE, f"{TABLE}_tsv")

COLUMNS = (
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
)
UPSERT = (
    f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}, tsv) "
    f"VALUES ({', '.join(['%s'] * len(COLUMNS))}, {TSVECTOR}) "
    "ON CONFLICT (key) DO UPDATE SET "
    + ", ".join(f"{column} = EXCLUDED.{column}" for column in (*COLUMNS[1:], "tsv"))
)
HIT_COLUMNS = (
    "d.key, d.type, d.page_id, d.slug, d.title, d.url, d.body, d.category, d.incubator, "
    "d.district, d.fee, d.data, d.title_terms, d.body_terms"
)
FILTER_SQL = {
    "type": "d.type = %s",
    "category": "%s = ANY(d.category)",
    "incubator": "d.incubator = %s",
    "district": "d.district = %s",
    "fee": "d.fee = %s",
}


def tsquery(node):
    """(SQL expression, parameters) of a search.query node as a tsquery."""
    if isinstance(node, Phrase):
        return "phraseto_tsquery('simple', %s)", [" ".join(node.atoms)]
    if isinstance(node, InCategory):
        parts = ["phraseto_tsquery('simple', %s)"] * len(node.codes)
        return "(" + " || ".join(parts) + ")", [category_lexeme(code) for code in node.codes]
    if isinstance(node, OfType):
        parts = ["phraseto_tsquery('simple', %s)"] * len(node.types)
        return "(" + " || ".join(parts) + ")", [type_lexeme(name) for name in node.types]
    if not isinstance(node, All | AnyOf):
        raise TypeError(node)
    sql, params = [], []
    for part in node.parts:
        part_sql, part_params = tsquery(part)
        sql.append(part_sql)
        params.extend(part_params)
    return "(" + (" && " if isinstance(node, All) else " || ").join(sql) + ")", params


def filter_sql(filters):
    parts, params = [], []
    for name, value in filters.items():
        parts.append(FILTER_SQL[name])
        params.append(value)
    return "".join(f" AND {part}" for part in parts), params


class PostgresBackend(Backend):
    name = "postgres"
    shares_main_transaction = True

    def __init__(self, alias="default"):
        self.alias = alias

    def _cursor(self):
        return connections[self.alias].cursor()

    def _fetchall(self, sql, params=()):
        with self._cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchall()

    def atomic(self):
        return transaction.atomic(using=self.alias)

    @contextmanager
    def reading(self):
        """A read that fails for want of the index (table dropped) is
        "unavailable" (503). Inside a transaction the read runs in a
        savepoint, so the failure does not poison the caller's transaction."""
        connection = connections[self.alias]
        try:
            if connection.in_atomic_block:
                with transaction.atomic(using=self.alias):
                    yield
            else:
                yield
        except DatabaseError as error:
            raise BackendUnavailable(f"PostgreSQL search index: {error}") from error

    def ensure_schema(self):
        present = {
            name
            for (name,) in self._fetchall(
                "SELECT relname FROM pg_class WHERE relname = ANY(%s) "
                "AND relnamespace = ANY(current_schemas(false)::regnamespace[])",
                [list(RELATIONS)],
            )
        }
        missing = sorted(set(RELATIONS) - present)
        if missing:
            with self.atomic(), self._cursor() as cursor:
                for statement in SCHEMA:
                    cursor.execute(statement)
        return missing

    # --- writing ------------------------------------------------------------

    def apply(self, documents, delete_keys, analyzer):
        with self.atomic(), self._cursor() as cursor:
            keys = [*delete_keys]
            if keys:
                cursor.execute(f"DELETE FROM {TABLE} WHERE key = ANY(%s)", [keys])
            if not documents:
                return
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
                        list(document.category),
                        document.incubator,
                        document.district,
                        document.fee,
                        Jsonb(document.data),
                        document.digest(),
                        document.ends,
                        terms["title"],
                        terms["body"],
                        terms["meta"],
                        terms["syn"],
                        terms["title"],
                        terms["body"],
                        terms["meta"],
                        terms["syn"].replace(SYNONYM_SEPARATOR, SEPARATOR),
                        " ".join(
                            [
                                type_lexeme(document.type),
                                *(category_lexeme(code) for code in document.category),
                            ]
                        ),
                    )
                )
            cursor.executemany(UPSERT, rows)

    def clear(self):
        # DELETE, not TRUNCATE: a rebuild runs in one transaction and
        # searches keep reading the old rows (MVCC) until it commits;
        # TRUNCATE would lock them out meanwhile.
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def optimize(self):
        with self._cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")

    # --- reading ------------------------------------------------------------

    def digests(self):
        with self.reading():
            return dict(self._fetchall(f"SELECT key, digest FROM {TABLE}"))

    def stats(self):
        with self.reading():
            documents, size = self._fetchall(
                f"SELECT count(*), pg_total_relation_size('{TABLE}') FROM {TABLE}"
            )[0]
        return {"documents": documents, "bytes": size}

    def search(self, request, analyzer):
        with self.reading():
            return self._search(request)

    def _search(self, request):
        plan = request.plan
        levels = tiers(plan)
        if levels:
            parts, query_params = [], []
            for number, level in enumerate(levels):
                sql, params = tsquery(level)
                parts.append(f"{sql} AS t{number}")
                query_params += params
            hint = hints(plan)
            if hint is not None:
                sql, params = tsquery(hint)
                parts.append(f"{sql} AS hint")
                query_params += params
            source = f"{TABLE} d, (SELECT {', '.join(parts)}) q"
            match = f"d.tsv @@ q.t{len(levels) - 1}"
        else:
            source, query_params, match = f"{TABLE} d", [], "TRUE"
        counts = self._fetchall(
            f"SELECT d.type, d.category, d.incubator, d.district, d.fee, count(*) FROM {source} "
            f"WHERE {match} GROUP BY 1, 2, 3, 4, 5",
            query_params,
        )
        rows = (
            (
                {
                    "type": [type_],
                    "category": list(category),
                    "incubator": [incubator] if incubator else [],
                    "district": [district] if district else [],
                    "fee": [fee] if fee else [],
                },
                count,
            )
            for type_, category, incubator, district, fee, count in counts
        )
        total, facets = disjunctive_counts(rows, request.filters)
        if total == 0 or request.offset >= total:
            return SearchResult(total=total, hits=[], facets=facets)
        where, filter_params = filter_sql(request.filters)
        order_params = []
        if levels:
            last = len(levels) - 1
            tier = (
                "CASE "
                + " ".join(f"WHEN d.tsv @@ q.t{number} THEN {number}" for number in range(last))
                + f" ELSE {last} END"
            )
            scored = f"q.t{last} || q.hint" if hint is not None else f"q.t{last}"
            order = (
                "(d.ends_at IS NOT NULL AND d.ends_at < %s), "
                + (f"{tier}, " if last else "")
                + f"ts_rank('{RANK_WEIGHTS}', d.tsv, {scored}, {RANK_NORMALIZATION}) DESC, d.id"
            )
            order_params = [request.moment()]
        else:
            order = 'd.type DESC, d.title COLLATE "C", d.id'
        found = self._fetchall(
            f"SELECT {HIT_COLUMNS} FROM {source} WHERE {match}{where} ORDER BY {order} LIMIT %s OFFSET %s",
            [*query_params, *filter_params, *order_params, request.limit, request.offset],
        )
        marked_phrases = phrases(levels[-1]) if levels else []
        mark = (lambda terms: mark_phrases(terms, marked_phrases)) if levels else (lambda terms: terms)
        hits = []
        for row in found:
            (key, type_, page_id, slug, title, url, body, category, incubator, district, fee, data) = row[:12]
            title_terms, body_terms = row[12], row[13]
            hits.append(
                Hit(
                    key=key,
                    type=type_,
                    page_id=page_id,
                    slug=slug,
                    title=title,
                    url=url,
                    body=body,
                    category=list(category),
                    incubator=incubator,
                    district=district,
                    fee=fee,
                    data=_json_value(data),
                    marked={"title": mark(title_terms), "body": mark(body_terms)},
                )
            )
        return SearchResult(total=total, hits=hits, facets=facets)
