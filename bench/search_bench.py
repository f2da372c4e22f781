"""Search benchmark: the embedded backend against Wagtail's built-in search.

    .venv/bin/python bench/search_bench.py                 # N = 2,000 / 20,000 / 150,000
    .venv/bin/python bench/search_bench.py --sizes 2000    # one size
    .venv/bin/python bench/search_bench.py --wagtail-max 20000
    .venv/bin/python bench/search_bench.py --questions-only  # the founders' question set only

First, the founders' question set (tests/search/data/founder-questions.json)
over the demo network (``load_demo`` into a scratch database): recall@10,
nDCG@10 (binary gains: the services a question must find), the share of
empty answers (and of empty answers where a relevant service exists), and
the traps hit (services a question must not find, in its top 10) — for the
embedded search through the API and for Wagtail's database search.

For each N it builds a scratch SQLite database (migrated once, copied per N),
generates N realistic Chinese service records under 40 incubators plus the 20
services of shared/search-dev-cases.json under their own incubator, then
measures

* full index build time and index size (``search_reindex``'s code path);
* p50/p95 latency of ``GET /api/v1/search/`` over a fixed query list (Django's
  test client, the whole view: parsing, count, facets, snippets), separately
  for dictionary words (QUERIES) and for natural questions (NATURAL: filler,
  compounds, intent words, synonyms, traditional characters);
* recall on the generated records: each query's relevant records are known
  from the generator (it composes text from word units, so "contains the
  word" is exact, not a substring test), and *traps* — records that hold the
  query's characters only across a word boundary — are counted separately;
* dev-case recall: the shared cases, run within the N-record index and
  scoped to the dev incubator (gold in top 10, no trap in top 10);

and the same for Wagtail's built-in database search (``modelsearch``'s SQLite
FTS5 backend, the project's WAGTAILSEARCH_BACKENDS) up to --wagtail-max.
Also compares rjieba with jieba on the generated text. Prints a table.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "tests" / "search" / "data" / "founder-questions.json"
DEV_CASES = REPO.parent / "shared" / "search-dev-cases.json"
if not DEV_CASES.exists():  # a clean clone: the copy committed with the tests
    DEV_CASES = REPO / "tests" / "search" / "data" / "search-dev-cases.json"

# --- the generator ------------------------------------------------------------

# Word units by category. A record's text is a sequence of units, so which
# words it holds is known exactly. Units that hold a query's characters but
# are not about it are TRAP_UNITS.
CORES = {
    "finance_tax": [
        *("代理记账", "纳税申报", "个人所得税", "汇算清缴", "社会保险"),
        *("研发费用", "加计扣除", "发票", "审计"),
    ],
    "legal": ["专利", "商标", "知识产权", "合同", "公司注册", "工商变更", "股权", "法律顾问", "劳动用工"],
    "information": ["云计算", "网站", "小程序", "软件测试", "等级保护", "数据", "政策", "人才", "招聘"],
    "financing": ["融资", "贷款", "天使投资", "股权融资", "创业担保贷款", "路演", "基金", "银行", "保险"],
    "training": ["培训", "训练营", "课程", "大赛", "讲座", "沙龙", "实训", "导师", "研究生"],
    "marketing": ["市场", "推广", "直播", "品牌", "展会", "渠道", "电商", "包装", "调研"],
    "tech_innovation": [
        *("检测", "高新技术企业", "揭榜挂帅", "专精特新", "成果转化"),
        *("技术合同", "工艺", "实验室", "仪器"),
    ],
}
SUFFIXES = ["服务", "辅导", "代办", "咨询", "对接", "申报", "", ""]
PREFIXES = ["", "", "", "初创企业", "园区", "小微企业", "科技企业"]
FILLER = [
    ["为", "入驻", "企业", "提供", "一对一", "服务"],
    ["协助", "创业", "团队", "准备", "申请", "材料"],
    ["组织", "专家", "开展", "现场", "诊断"],
    ["对接", "高校", "院所", "资源"],
    ["每月", "定期", "开展", "活动"],
    ["可用", "创新券", "抵扣", "部分", "费用"],
    ["线上", "线下", "同步", "进行"],
]
# Sentences that hold a query's characters across a word boundary.
TRAPS = [
    ["帮助", "企业", "提高", "企业", "管理", "效率"],  # 提高企业 ⊃ 高企
    ["盘点", "金融资产", "规范", "核算"],  # 金融资产 ⊃ 融资
    ["发布", "智慧", "城市", "场景", "需求"],  # 城市场景 ⊃ 市场
    ["代理", "化工", "商品", "质量", "检测"],  # 化工商品 ⊃ 工商
    ["组织", "员工", "个人", "才艺", "展示"],  # 个人才艺 ⊃ 人才
]
TRAP_UNITS = {"金融资产"}

# The fixed query list, with the units each one is about (synonyms included).
QUERIES = {
    "代理记账": ["代理记账"],
    "纳税申报": ["纳税申报"],
    "个税": ["个人所得税"],
    "社保": ["社会保险"],
    "高企": ["高新技术企业"],
    "专利": ["专利"],
    "商标": ["商标"],
    "知识产权": ["知识产权"],
    "融资": ["融资", "股权融资"],
    "贷款": ["贷款", "创业担保贷款"],
    "天使投资": ["天使投资"],
    "路演": ["路演"],
    "培训": ["培训"],
    "训练营": ["训练营"],
    "市场": ["市场"],
    "推广": ["推广"],
    "直播": ["直播"],
    "品牌": ["品牌"],
    "检测": ["检测"],
    "揭榜挂帅": ["揭榜挂帅"],
    "专精特新": ["专精特新"],
    "云计算": ["云计算"],
    "人才": ["人才"],
    "工商": ["工商变更", "公司注册"],
    "研究生": ["研究生"],
    "电商": ["电商"],
    "创新券": ["创新券"],
    "等保": ["等级保护"],
    "汇算清缴": ["汇算清缴"],
    "股权": ["股权", "股权融资"],
    "加计扣除": ["加计扣除"],
    "SYB": [],
}


# Natural questions over the generated vocabulary, as founders type them.
NATURAL = [
    "代理记账多少钱",
    "代理记帐",
    "怎么申请专利",
    "申请专利",
    "我想找律师咨询合同",
    "法律咨询",
    "财务咨询",
    "报税",
    "会计",
    "创业贷款怎么申请",
    "缺钱怎么办",
    "找投资人",
    "高企认定需要什么条件",
    "專利申請",
    "公司注册要什么材料",
    "直播带货推广",
    "品牌推广哪家好",
    "有没有免费的培训课程",
    "社保怎么交",
    "软件测试等保",
    "检测仪器共享",
    "科技成果转化对接",
    "招人",
    "融资路演在哪里",
    "代理记账 区块链",
]


def generate(n, seed=2026):
    """n records: (category, title, description, units)."""
    rng = random.Random(seed)
    categories = list(CORES)
    records = []
    for i in range(n):
        category = categories[i % len(categories)]
        core = rng.choice(CORES[category])
        prefix, suffix = rng.choice(PREFIXES), rng.choice(SUFFIXES)
        title_units = [u for u in (prefix, core, suffix) if u]
        sentences = [["提供", rng.choice(CORES[category]), "与", rng.choice(CORES[category]), "服务"]]
        sentences += rng.sample(FILLER, 2)
        if rng.random() < 0.15:
            sentences.append(rng.choice(TRAPS))
        if rng.random() < 0.3:
            other = rng.choice(categories)
            sentences.append(["兼顾", rng.choice(CORES[other]), "需求"])
        description = "，".join("".join(s) for s in sentences) + "。"
        units = set(title_units)
        for sentence in sentences:
            units.update(sentence)
        records.append((category, "".join(title_units), description, units))
    return records


# The words of each category's label: a search for 融资 is about every
# financing service, whatever its text says.
CATEGORY_WORDS = {
    "finance_tax": {"财税"},
    "legal": {"法律"},
    "information": {"信息"},
    "financing": {"融资"},
    "training": {"培训"},
    "marketing": {"市场", "营销", "市场营销"},
    "tech_innovation": {"技术", "创新", "技术创新"},
}


def relevant_ids(records, ids, query):
    wanted = set(QUERIES[query]) | {query}
    relevant, traps = set(), set()
    for pk, (category, title, description, units) in zip(ids, records, strict=True):
        holds = (
            query in CATEGORY_WORDS[category]
            or any(u in wanted for u in units)
            or any(query in u and u not in TRAP_UNITS for u in units if len(u) > len(query))
        )
        if holds:
            relevant.add(pk)
        elif query in title + description:
            traps.add(pk)
    return relevant, traps


# --- Django setup -------------------------------------------------------------


def setup_django(db_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path[:0] = [str(REPO), str(REPO / "site")]
    import django

    django.setup()
    from django.conf import settings

    settings.SEARCH_ANALYTICS = "thread"  # as in production: logging stays off the request's path


def template_database(workdir):
    """Migrate once into a template file (in a subprocess: Django can only be
    set up once per process), reused by every N."""
    path = workdir / "template.sqlite3"
    if not path.exists():
        import subprocess

        env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        subprocess.run(  # noqa: S603
            [sys.executable, str(REPO / "manage.py"), "migrate", "--noinput", "-v0"], check=True, env=env
        )
    return path


def create_incubators(count):
    from tests.factories import make_incubator

    districts = ["经济开发区", "石岛管理区", "崖头街道", "宁津街道", "俚岛镇", "港西镇"]
    incubators = []
    for i in range(count):
        incubators.append(
            make_incubator(
                title=f"荣成第{i + 1}孵化器",
                slug=f"bench-incubator-{i + 1}",
                district=districts[i % len(districts)],
                specialties={code: (i + j) % 6 for j, code in enumerate(CORES)},
            )
        )
    return incubators


def bulk_services(parent_records):
    """Insert ServicePages fast: Page rows by bulk_create with treebeard paths
    computed here, then the ServicePage rows by executemany."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Locale, Page

    from services.models import ServicePage

    content_type = ContentType.objects.get_for_model(ServicePage)
    locale = Locale.get_default()
    fields = [f for f in ServicePage._meta.local_concrete_fields if f.name != "page_ptr"]
    columns = ["page_ptr_id", *(f.column for f in fields)]
    all_ids = []
    with transaction.atomic():
        for parent, records in parent_records:
            pages = []
            start = parent.numchild
            for i, (_category, title, _description, _units) in enumerate(records):
                slug = f"s{parent.pk}-{start + i + 1}"
                pages.append(
                    Page(
                        path=Page._get_path(parent.path, parent.depth + 1, start + i + 1),
                        depth=parent.depth + 1,
                        numchild=0,
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        live=True,
                        has_unpublished_changes=False,
                        url_path=f"{parent.url_path}{slug}/",
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
            created = Page.objects.bulk_create(pages, batch_size=500)
            Page.objects.filter(pk=parent.pk).update(numchild=start + len(pages))
            parent.numchild = start + len(pages)
            rows = []
            for page, (category, _title, description, _units) in zip(created, records, strict=True):
                values = {
                    "category": category,
                    "description": f"<p>{description}</p>",
                    "fee": ("free", "subsidized", "paid")[page.pk % 3],
                }
                rows.append([page.pk, *(values.get(f.name, f.get_default()) for f in fields)])
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {ServicePage._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    rows,
                )
            all_ids.extend(page.pk for page in created)
    return all_ids


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure_api(client, queries, rounds=3):
    timings = []
    for q in queries:  # warm-up
        client.get("/api/v1/search/", {"q": q})
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            response = client.get("/api/v1/search/", {"q": q})
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
    return percentile(timings, 0.5), percentile(timings, 0.95)


def ndcg_at_10(found, relevant):
    import math

    gains = [1.0 if slug in relevant else 0.0 for slug in found[:10]]
    dcg = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(10, len(relevant))))
    return dcg / ideal if ideal else 1.0


def question_metrics(cases, top_ten):
    """recall@10, nDCG@10, empty answers (all, and where a relevant service
    exists) and traps hit for ``top_ten(q) -> (slugs, count)``."""
    found = wanted = traps = empty = empty_relevant = 0
    ndcg = []
    failures = []
    for case in cases:
        slugs, count = top_ten(case["q"])
        hit = [slug for slug in case["must"] if slug in slugs]
        trapped = [slug for slug in case["must_not"] if slug in slugs]
        found += len(hit)
        wanted += len(case["must"])
        traps += len(trapped)
        empty += count == 0
        empty_relevant += count == 0 and bool(case["must"])
        if case["must"]:
            ndcg.append(ndcg_at_10(slugs, set(case["must"])))
        if len(hit) < len(case["must"]) or trapped:
            failures.append(case["q"])
    return {
        "questions": len(cases),
        "recall": found / wanted if wanted else 1.0,
        "ndcg": sum(ndcg) / len(ndcg) if ndcg else 1.0,
        "empty": empty / len(cases),
        "empty_relevant": empty_relevant,
        "traps": traps,
        "failures": failures,
    }


def run_questions(workdir):
    """The founders' question set over the demo network (a child process)."""
    import io

    db_path = workdir / "bench-questions.sqlite3"
    shutil.copy(template_database(workdir), db_path)
    setup_django(db_path)
    from django.core.management import call_command
    from django.test import Client

    call_command("load_demo", force=True, stdout=io.StringIO())
    cases = json.loads(QUESTIONS.read_text(encoding="utf-8"))["cases"]
    client = Client()

    def ours(q):
        data = client.get("/api/v1/search/", {"q": q}).json()
        return [result["slug"] for result in data["results"][:10]], data["count"]

    wagtail_build()

    def wagtail(q):
        results = wagtail_search(q)
        return [page.slug for page in results[:10]], results.count()

    row = {"ours": question_metrics(cases, ours), "wagtail": question_metrics(cases, wagtail)}
    db_path.unlink(missing_ok=True)
    return row


def our_all_ids(q):
    from search import analyzer as analyzers
    from search.backends import SearchRequest, get_backend

    analyzer = analyzers.current()
    plan = analyzer.parse(q)
    if plan.is_empty:
        return set()
    request = SearchRequest(plan=plan, filters={"type": "service"}, limit=10**7)
    result = get_backend().search(request, analyzer)
    return {hit.page_id for hit in result.hits}


def wagtail_backend():
    from wagtail.search.backends import get_search_backend

    return get_search_backend("default")


def wagtail_build():
    from services.models import ServicePage

    backend = wagtail_backend()
    start = time.perf_counter()
    backend.reset_indexes()
    queryset = ServicePage.objects.all()
    for offset in range(0, queryset.count(), 2000):
        backend.add_bulk(ServicePage, list(queryset.order_by("pk")[offset : offset + 2000]))
    return time.perf_counter() - start


def wagtail_search(q, scope=None, limit=None):
    from services.models import ServicePage

    queryset = ServicePage.objects.live()
    if scope is not None:
        queryset = queryset.descendant_of(scope)
    results = wagtail_backend().search(q, queryset)
    return results if limit is None else results[:limit]


def measure_wagtail(queries, rounds=3):
    timings = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            results = wagtail_search(q)
            list(results[:10])
            results.count()
            timings.append((time.perf_counter() - start) * 1000)
    return percentile(timings, 0.5), percentile(timings, 0.95)


def recall(records, ids, search_all):
    found = relevant = trap_hits = traps_total = 0
    for q in QUERIES:
        if not QUERIES[q]:
            continue
        wanted, traps = relevant_ids(records, ids, q)
        got = search_all(q)
        found += len(got & wanted)
        relevant += len(wanted)
        trap_hits += len(got & traps)
        traps_total += len(traps)
    return found / relevant if relevant else 1.0, trap_hits, traps_total


def dev_recall(dev_pages, dev_incubator, search_top):
    cases = json.loads(DEV_CASES.read_text(encoding="utf-8"))["cases"]
    by_pk = {pk: slug for slug, pk in dev_pages.items()}
    hit = total = trapped = 0
    for case in cases:
        top = [by_pk.get(pk) for pk in search_top(case, dev_incubator)]
        hit += sum(1 for gold in case["gold"] if gold in top)
        total += len(case["gold"])
        trapped += sum(1 for trap in case["traps"] if trap in top)
    return hit / total, trapped


def our_dev_top(case, incubator):
    from django.test import Client

    params = {"q": case["q"], "incubator": incubator.slug}
    if case.get("category"):
        params["category"] = case["category"]
    data = Client().get("/api/v1/search/", params).json()
    from services.models import ServicePage

    slugs = [r["slug"] for r in data["results"][:10]]
    return list(ServicePage.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def wagtail_dev_top(case, incubator):
    results = wagtail_search(case["q"], scope=incubator)
    if case.get("category"):
        return [p.pk for p in list(results[:100]) if p.category == case["category"]][:10]
    return [p.pk for p in results[:10]]


def segmenter_comparison(records):
    import jieba
    import rjieba

    text = "\n".join(title + description for _c, title, description, _u in records[:5000])
    jieba.setLogLevel(60)
    jieba.initialize()

    def best_of_three(cut):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            words = list(cut(text))
            times.append(time.perf_counter() - start)
        return min(times), words

    jieba_time, jieba_words = best_of_three(jieba.cut)
    rjieba_time, rjieba_words = best_of_three(rjieba.cut)
    same = jieba_words == rjieba_words
    return len(text) / jieba_time, len(text) / rjieba_time, same


# --- one size -------------------------------------------------------------------


def run_size(n, workdir, wagtail_max):
    """Runs in a child process per N (Django is set up once per process)."""
    db_path = workdir / f"bench-{n}.sqlite3"
    shutil.copy(template_database(workdir), db_path)
    setup_django(db_path)
    from django.db import connection
    from django.test import Client

    from search.backends import get_backend
    from search.indexing import reindex
    from tests.factories import make_incubator
    from tests.search.factories import add_services

    incubators = create_incubators(40)
    records = generate(n)
    share = -(-n // len(incubators))
    ids = bulk_services(
        [(incubator, records[i * share : (i + 1) * share]) for i, incubator in enumerate(incubators)]
    )
    dev = json.loads(DEV_CASES.read_text(encoding="utf-8"))
    dev_incubator = make_incubator(title="测评孵化器", slug="dev-cases", district="测评区")
    dev_pages = {slug: page.pk for slug, page in add_services(dev_incubator, dev["services"]).items()}
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    row = {"n": n}
    start = time.perf_counter()
    reindex()
    row["ours_build_s"] = time.perf_counter() - start
    row["ours_bytes"] = get_backend().stats()["bytes"]
    client = Client()
    queries = list(QUERIES)
    row["ours_p50"], row["ours_p95"] = measure_api(client, queries)
    row["ours_nat_p50"], row["ours_nat_p95"] = measure_api(client, NATURAL)
    row["ours_recall"], row["ours_traps"], row["traps_total"] = recall(records, ids, our_all_ids)
    row["ours_dev_recall"], row["ours_dev_traps"] = dev_recall(dev_pages, dev_incubator, our_dev_top)

    if n <= wagtail_max:
        row["wagtail_build_s"] = wagtail_build()
        row["wagtail_p50"], row["wagtail_p95"] = measure_wagtail(queries, rounds=1)
        row["wagtail_nat_p50"], row["wagtail_nat_p95"] = measure_wagtail(NATURAL, rounds=1)
        row["wagtail_recall"], row["wagtail_traps"], _ = recall(
            records, ids, lambda q: {page.pk for page in wagtail_search(q)}
        )
        row["wagtail_dev_recall"], row["wagtail_dev_traps"] = dev_recall(
            dev_pages, dev_incubator, wagtail_dev_top
        )
        try:
            client.get("/api/v1/search/", {"q": '"'})
            wagtail_search('"')[:10]
            list(wagtail_search('"')[:10])
            row["wagtail_quote"] = "ok"
        except Exception as error:  # noqa: BLE001  (this is what is being measured)
            row["wagtail_quote"] = type(error).__name__
    if n == min(ARGS.sizes):
        row["jieba_cps"], row["rjieba_cps"], row["same_cut"] = segmenter_comparison(records)
    db_path.unlink(missing_ok=True)
    Path(f"{db_path}-wal").unlink(missing_ok=True)
    Path(f"{db_path}-shm").unlink(missing_ok=True)
    return row


def print_questions(row):
    print()
    print(
        "Founders' question set over the demo network "
        f"({row['ours']['questions']} questions, tests/search/data/founder-questions.json):"
    )
    print()
    print("| search | recall@10 | nDCG@10 | empty answers | empty with a relevant service | traps hit |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, label in (("ours", "embedded (this project)"), ("wagtail", "Wagtail database search")):
        m = row[name]
        print(
            f"| {label} | {m['recall']:.3f} | {m['ndcg']:.3f} | {m['empty']:.1%} | "
            f"{m['empty_relevant']} | {m['traps']} |"
        )
    if row["ours"]["failures"]:
        print(f"embedded misses: {'、'.join(row['ours']['failures'])}")


def print_table(rows):
    def fmt(value, spec):
        return "—" if value is None else format(value, spec)

    print()
    print(
        "| N | backend | index build | index size | p50 / p95 words | p50 / p95 questions | recall "
        "| boundary traps hit | dev-case recall |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['n']:,} | embedded (FTS5 + rjieba) | {fmt(row['ours_build_s'], '.1f')} s | "
            f"{fmt((row['ours_bytes'] or 0) / 1e6, '.1f')} MB | "
            f"{row['ours_p50']:.1f} / {row['ours_p95']:.1f} ms | "
            f"{row['ours_nat_p50']:.1f} / {row['ours_nat_p95']:.1f} ms | {row['ours_recall']:.3f} | "
            f"{row['ours_traps']} of {row['traps_total']} | {row['ours_dev_recall']:.2f} |"
        )
        if "wagtail_p50" in row:
            print(
                f"| {row['n']:,} | Wagtail database search | {row['wagtail_build_s']:.1f} s | — | "
                f"{row['wagtail_p50']:.1f} / {row['wagtail_p95']:.1f} ms* | "
                f"{row['wagtail_nat_p50']:.1f} / {row['wagtail_nat_p95']:.1f} ms* | "
                f"{row['wagtail_recall']:.3f} | {row['wagtail_traps']} of {row['traps_total']} | "
                f"{row['wagtail_dev_recall']:.2f} |"
            )
    print()
    print("* Wagtail: backend.search() + first 10 results + count, no HTTP, no facets, no snippets.")
    for row in rows:
        if "wagtail_p95" in row:
            print(
                f"N={row['n']:,}: embedded p95 is {row['wagtail_p95'] / row['ours_p95']:.0f}× faster "
                f"than Wagtail's on words, {row['wagtail_nat_p95'] / row['ours_nat_p95']:.0f}× on questions; "
                f"a lone double quote: embedded 200, Wagtail {row.get('wagtail_quote')}."
            )
        if "jieba_cps" in row:
            print(
                f"Segmentation on the generated text: jieba {row['jieba_cps'] / 1e6:.2f} M chars/s, rjieba "
                f"{row['rjieba_cps'] / 1e6:.2f} M chars/s ({row['rjieba_cps'] / row['jieba_cps']:.0f}×); "
                f"identical cuts: {row['same_cut']}."
            )


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 150000])
    parser.add_argument("--questions-only", action="store_true")
    parser.add_argument("--wagtail-max", type=int, default=20000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--questions", action="store_true", help=argparse.SUPPRESS)
    ARGS = parser.parse_args()
    workdir = ARGS.workdir or Path(tempfile.mkdtemp(prefix="search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if ARGS.questions:
        print(json.dumps(run_questions(workdir), ensure_ascii=False))
        return
    if ARGS.one:
        print(json.dumps(run_size(ARGS.one, workdir, ARGS.wagtail_max)))
        return
    import subprocess

    template_database(workdir)
    print("founders' question set …", file=sys.stderr, flush=True)
    command = [sys.executable, __file__, "--questions", "--workdir", str(workdir)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    print_questions(json.loads(output.strip().splitlines()[-1]))
    if ARGS.questions_only:
        return
    rows = []
    for n in ARGS.sizes:
        print(f"N = {n:,} …", file=sys.stderr, flush=True)
        command = [sys.executable, __file__, "--one", str(n), "--workdir", str(workdir)]
        command += ["--wagtail-max", str(ARGS.wagtail_max), "--sizes", *map(str, ARGS.sizes)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
        rows.append(json.loads(output.strip().splitlines()[-1]))
    print_table(rows)
    if not ARGS.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


ARGS = None

if __name__ == "__main__":
    main()
