"""The embedded backend counts without reading every match, and stays exact.

Facets take a query's category part (律师 → every legal service) from the
per-combination document counts in ``search_fts_fkey.n`` and count only the
rest one by one; paging counts a tier only as far as it needs (RANK_CAP, or
the offset). Here both are checked against brute force — every match read
from the FTS index and counted in Python — over a corpus large enough that
tiers pass RANK_CAP, with filters, in both modes, and after updates and
deletions; and an index built before the counts existed gains them. Phrases
are matched by their atom pairs (one token each); brute force matches them
by the atoms' positions instead, so the two are checked against each other,
and an index built before the pairs existed gains them in place. Ranking
skips BM25 when its IDF pass would read more than RANK_BUDGET postings
(from the index's term statistics): the same documents in the same tiers."""

import importlib
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from search.analyzer import build_shipped
from search.backends import BackendUnavailable, SearchRequest, disjunctive_counts, embedded, reset_backend
from search.backends.embedded import RANK_CAP, EmbeddedBackend, fts
from search.documents import SearchDocument
from search.query import tiers

NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
CATEGORIES = ["finance_tax", "legal", "information", "financing", "training", "marketing", "tech_innovation"]
TITLES = [
    "代理记账",
    "法律咨询",
    "专利申请代理",
    "天使投资对接",
    "创业培训",
    "品牌推广",
    "检测仪器共享",
    "律师服务",
]
BODIES = [
    "提供代账与报税服务",
    "合同审查和法律顾问",
    "知识产权与商标",
    "银行贷款与股权融资",
    "训练营课程",
    "直播带货",
]
QUERIES = [
    "代理记账",
    "律师",
    "法律咨询",
    "融资",
    "贷款",
    "培训",
    "品牌推广哪家好",
    "我想找律师咨询合同",
    "专利",
    "区块链 代账",
]


def corpus(count, seed=8):
    rng = random.Random(seed)
    docs = []
    for index in range(count):
        kind = "event" if index % 11 == 0 else "service"
        docs.append(
            SearchDocument(
                type=kind,
                page_id=5000 + index,
                slug=f"doc-{index}",
                title=rng.choice(TITLES) + ("" if rng.random() < 0.5 else rng.choice(TITLES)),
                url=f"/d/{index}/",
                body="，".join(rng.sample(BODIES, 2)),
                category=rng.sample(CATEGORIES, rng.choice([1, 1, 2])),
                incubator=f"inc-{index % 5}",
                district=rng.choice(["石岛", "港湾", ""]),
                fee=rng.choice(["free", "paid", ""]),
                ends=(NOW + timedelta(days=rng.choice([-30, 30]))) if kind == "event" else None,
            )
        )
    return docs


@pytest.fixture
def index(tmp_path):
    analyzer = build_shipped()
    backend = EmbeddedBackend(path=tmp_path / "index.sqlite3")
    backend.apply(corpus(1400), [], analyzer)
    yield analyzer, backend
    backend.db.close()


def brute_force(backend, request):
    """(total, facets) from every match of the plan's widest tier, counted in
    Python; phrases matched by their atoms' positions, not by their pairs."""
    levels = tiers(request.plan)
    if levels:
        rids = [
            row[0]
            for row in backend.db.fetchall(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts(levels[-1], pairs=False)]
            )
        ]
    else:
        rids = [row[0] for row in backend.db.fetchall("SELECT rid FROM search_fts_doc")]
    facets = {
        row[0]: row[1:]
        for row in backend.db.fetchall(
            "SELECT rid, type, category, incubator, district, fee FROM search_fts_doc"
        )
    }
    rows = Counter(facets[rid] for rid in rids)
    values = [
        (
            {
                "type": [type_],
                "category": [code for code in category.split(",") if code],
                "incubator": [incubator] if incubator else [],
                "district": [district] if district else [],
                "fee": [fee] if fee else [],
            },
            count,
        )
        for (type_, category, incubator, district, fee), count in rows.items()
    ]
    return disjunctive_counts(values, request.filters)


def requests(analyzer):
    for q in ["", *QUERIES]:
        plan = analyzer.parse(q)
        for mode in ["all", "relaxed"] if len(plan.required) > 1 else ["all"]:
            plan.mode = mode
            for filters in [
                {},
                {"category": "legal"},
                {"type": "service", "incubator": "inc-2"},
                {"fee": "free"},
            ]:
                yield q, SearchRequest(plan=plan, filters=filters, limit=10, now=NOW)


def test_totals_and_facets_are_exact(index):
    analyzer, backend = index
    checked = 0
    for q, request in requests(analyzer):
        result = backend.search(request, analyzer)
        assert (result.total, result.facets) == brute_force(backend, request), (
            q,
            request.plan.mode,
            request.filters,
        )
        checked += result.total > RANK_CAP
    assert checked >= 5  # the corpus does pass RANK_CAP


@pytest.mark.parametrize("budget", [embedded.RANK_BUDGET, 0])
def test_pages_follow_one_another_past_the_count_cap(index, monkeypatch, budget):
    """With BM25 affordable, and with every ranking over budget (title
    matches first, shortest first)."""
    monkeypatch.setattr(embedded, "RANK_BUDGET", budget)
    analyzer, backend = index
    broad = 0
    for q in QUERIES:
        plan = analyzer.parse(q)
        whole = backend.search(SearchRequest(plan=plan, limit=2000, now=NOW), analyzer)
        if whole.total <= RANK_CAP + 20:
            continue
        broad += 1
        keys = [hit.key for hit in whole.hits]
        assert len(keys) == whole.total
        for offset in [0, 10, RANK_CAP - 5, RANK_CAP, RANK_CAP + 7, whole.total - 3]:
            page = backend.search(SearchRequest(plan=plan, offset=offset, limit=10, now=NOW), analyzer)
            assert [hit.key for hit in page.hits] == keys[offset : offset + 10], (q, offset)
    assert broad >= 3


def stored_counts(backend):
    return dict(backend.db.fetchall("SELECT id, n FROM search_fts_fkey WHERE n != 0"))


def counted_counts(backend):
    return dict(backend.db.fetchall("SELECT (rid >> 31) & 16777215, count(*) FROM search_fts_doc GROUP BY 1"))


def test_combination_counts_follow_updates_and_deletions(index):
    analyzer, backend = index
    assert stored_counts(backend) == counted_counts(backend)
    changed = corpus(300, seed=9)  # the same keys, other categories and incubators
    backend.apply(changed, [doc.key for doc in corpus(1400)[1200:]], analyzer)
    assert stored_counts(backend) == counted_counts(backend)
    assert sum(stored_counts(backend).values()) == 1200
    request = SearchRequest(plan=analyzer.parse("律师"), filters={"category": "legal"}, limit=10, now=NOW)
    result = backend.search(request, analyzer)
    assert (result.total, result.facets) == brute_force(backend, request)


def test_an_index_built_before_the_counts_gains_them(tmp_path):
    analyzer = build_shipped()
    path = tmp_path / "old.sqlite3"
    backend = EmbeddedBackend(path=path)
    backend.apply(corpus(200), [], analyzer)
    backend.db.execute("ALTER TABLE search_fts_fkey DROP COLUMN n")
    backend.db.execute("DROP TABLE search_fts_vocab")
    backend.db.close()
    reopened = EmbeddedBackend(path=path)
    assert reopened.ensure_schema() == []  # search_check's first step upgrades it
    assert stored_counts(reopened) == counted_counts(reopened)
    assert reopened._affordable({"法律"})
    request = SearchRequest(plan=analyzer.parse("法律咨询"), limit=10, now=NOW)
    assert reopened.search(request, analyzer).total == brute_force(reopened, request)[0] > 0
    reopened.db.close()


def search_everything(backend, analyzer):
    return {
        q: [
            hit.key
            for hit in backend.search(
                SearchRequest(plan=analyzer.parse(q), limit=2000, now=NOW), analyzer
            ).hits
        ]
        for q in QUERIES
    }


def test_an_index_built_before_the_atom_pairs_gains_them(tmp_path):
    analyzer = build_shipped()
    path = tmp_path / "old.sqlite3"
    backend = EmbeddedBackend(path=path)
    backend.apply(corpus(300), [], analyzer)
    before = search_everything(backend, analyzer)
    assert sum(map(len, before.values())) > 300
    to_layout_before_pairs(backend)  # five FTS columns, no pair columns
    backend.db.close()
    reopened = EmbeddedBackend(path=path)
    # a request never waits for the upgrade (a minute at 150,000): reads
    # answer "unavailable", writes stay queued, the file is left as it was
    request = SearchRequest(plan=analyzer.parse("法律咨询"), limit=10, now=NOW)
    with pytest.raises(BackendUnavailable, match="earlier version"):
        reopened.search(request, analyzer)
    with pytest.raises(BackendUnavailable):
        reopened.apply(corpus(3, seed=4), [], analyzer)
    assert reopened.ping() is False  # /healthz says search is down
    assert embedded.index_outdated(lambda sql: reopened.db.fetchall(sql))
    assert reopened.db.upgrade() is True  # what migrate and search_check run
    assert reopened.db.upgrade() is False
    pair = "代理" + embedded.BIGRAM_JOINER + "记账"
    assert reopened.db.fetchall("SELECT doc FROM search_fts_vocab WHERE term = %s", [pair])[0][0] > 0
    assert search_everything(reopened, analyzer) == before
    # and the index it upgraded keeps in step with later writes
    reopened.apply(corpus(300, seed=9), [], analyzer)
    assert reopened.search(request, analyzer).total == brute_force(reopened, request)[0] > 0
    reopened.db.close()


def to_layout_before_pairs(backend):
    pair_columns = [f"ALTER TABLE search_fts_doc DROP COLUMN {c}" for c in embedded.BIGRAM_COLUMNS]
    for statement in [*embedded.DROP[:2], *pair_columns]:
        backend.db.execute(statement)
    backend.db.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, body_terms, meta_terms, syn_terms, "
        "cat_terms, content='search_fts_doc', content_rowid='rid', tokenize='unicode61 remove_diacritics 0')"
    )
    backend.db.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    backend.db.execute(embedded.VOCABULARY)


@pytest.mark.django_db
def test_migration_0009_adds_the_pairs_to_the_index_inside_the_database():
    """The shared index (inside the main SQLite database) through the
    migration's own function, on Django's cursor."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the index lives inside the main database only when that is SQLite")
    migration = importlib.import_module("search.migrations.0009_embedded_index_atom_pairs")
    analyzer = build_shipped()
    backend = EmbeddedBackend(path=None)
    backend.clear()
    backend.apply(corpus(200), [], analyzer)
    before = search_everything(backend, analyzer)
    to_layout_before_pairs(backend)
    migration.add_pairs(None, SimpleNamespace(connection=connection))
    columns = {row[1] for row in backend.db.fetchall("PRAGMA table_info(search_fts_doc)")}
    assert set(embedded.BIGRAM_COLUMNS) <= columns
    assert search_everything(backend, analyzer) == before
    assert sum(map(len, before.values())) > 200


@pytest.mark.django_db
def test_migrate_upgrades_a_separate_index_file(tmp_path, settings):
    """Migrations reach only an index inside the main database; a separate
    file is upgraded by the post_migrate handler, and a web process whose
    connection saw it outdated serves it once it is current."""
    analyzer = build_shipped()
    path = tmp_path / "file-index.sqlite3"
    old = EmbeddedBackend(path=path)
    old.apply(corpus(120), [], analyzer)
    to_layout_before_pairs(old)
    old.db.close()  # a web process opening the file the earlier version left
    request = SearchRequest(plan=analyzer.parse("代理记账"), limit=10, now=NOW)
    with pytest.raises(BackendUnavailable):
        old.search(request, analyzer)
    settings.SEARCH_BACKEND = "search.backends.embedded.EmbeddedBackend"
    settings.SEARCH_SQLITE_PATH = str(path)
    reset_backend()
    try:
        call_command("migrate", verbosity=0)
    finally:
        reset_backend()
    assert old.search(request, analyzer).total == brute_force(old, request)[0] > 0
    old.db.close()


def test_ranking_reads_the_term_statistics_for_its_cost(index, monkeypatch):
    analyzer, backend = index
    held = backend.db.fetchall("SELECT doc FROM search_fts_vocab WHERE term = '代理'")[0][0]
    assert held > 100
    monkeypatch.setattr(embedded, "RANK_BUDGET", held)
    assert backend._affordable({"代理"}) and not backend._affordable({"代理", "记账"})
    assert backend._affordable(set())
    # over budget the same documents come back, in the same tiers
    plan = analyzer.parse("律师")
    ranked = backend.search(SearchRequest(plan=plan, limit=2000, now=NOW), analyzer)
    monkeypatch.setattr(embedded, "RANK_BUDGET", 0)
    plain = backend.search(SearchRequest(plan=plan, limit=2000, now=NOW), analyzer)
    assert sorted(hit.key for hit in plain.hits) == sorted(hit.key for hit in ranked.hits)
    assert [hit.key for hit in plain.hits] != [hit.key for hit in ranked.hits]
