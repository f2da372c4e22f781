"""Import benchmark: import_directory's bulk path against Wagtail's publish path.

    .venv/bin/python bench/import_bench.py                       # 100,000 services, 2,000 incubators
    .venv/bin/python bench/import_bench.py --services 5000 --incubators 100
    scripts/with-postgres.sh .venv/bin/python bench/import_bench.py --services 20000 --incubators 400

In one run, on one scratch database (a SQLite file, or the database of
DATABASE_URL when it names PostgreSQL, migrated here):

1. *Wagtail's path*: ``--wagtail-pages`` new services, each through
   ``add_child`` + ``save_revision`` + ``publish`` (what import_directory
   did per page before the bulk path), with Wagtail's search and reference
   index updated by its own signals and the site's search queue drained;
2. *import_directory*: a generated file of ``--incubators`` incubators and
   ``--services`` services, validated, written and published, the site's
   search index and Wagtail's search index brought up to date — the whole
   command, timed from reading the file to its return;
3. the same file again (nothing changes: every row ``unchanged``).

Prints pages per second for both paths and their ratio, then checks what
the import left: every service live with a revision, searchable, and
``fixtree`` finding nothing.
"""

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

DISTRICTS = ["经济开发区", "石岛管理区", "崖头街道", "宁津街道", "俚岛镇", "港西镇"]
CATEGORIES = ["finance_tax", "legal", "information", "financing", "training", "marketing", "tech_innovation"]
WORDS = {
    "finance_tax": ["代理记账", "纳税申报", "研发费用加计扣除", "汇算清缴", "发票管理"],
    "legal": ["知识产权", "商标注册", "合同审查", "股权设计", "劳动用工"],
    "information": ["云计算", "小程序开发", "等级保护", "数据治理", "网站建设"],
    "financing": ["天使投资", "股权融资", "创业担保贷款", "路演辅导", "银行对接"],
    "training": ["创业培训", "训练营", "导师辅导", "专题讲座", "实训课程"],
    "marketing": ["品牌推广", "直播带货", "展会对接", "渠道拓展", "市场调研"],
    "tech_innovation": ["检验检测", "高新技术企业认定", "成果转化", "专精特新", "技术合同登记"],
}
FEES = ["free", "subsidized", "paid"]


def generate(incubators, services, seed=2026):
    """A directory file: ``incubators`` incubators, ``services`` services
    spread evenly over them."""
    rng = random.Random(seed)
    rows_i = [
        {
            "slug": f"bench-inc-{i}",
            "name": f"荣成第{i}号孵化器",
            "kind": ("incubator", "maker_space", "innovation_center")[i % 3],
            "district": DISTRICTS[i % len(DISTRICTS)],
            "summary": "为入驻企业提供全周期服务",
            "specialties": {code: (i + j) % 6 for j, code in enumerate(CATEGORIES)},
        }
        for i in range(1, incubators + 1)
    ]
    rows_s = []
    for n in range(1, services + 1):
        category = CATEGORIES[n % len(CATEGORIES)]
        word = rng.choice(WORDS[category])
        rows_s.append(
            {
                "slug": f"bench-svc-{n}",
                "incubator": f"bench-inc-{(n % incubators) + 1}",
                "category": category,
                "title": f"{word}服务{n}",
                "description": f"为初创企业提供{word}服务，每月定期开展。\n\n可用创新券抵扣部分费用。",
                "fee": FEES[n % 3],
            }
        )
    return {"incubators": rows_i, "services": rows_s}


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    # The production cache is a file cache; the test settings' locmem is fine here.
    sys.path[:0] = [str(REPO), str(REPO / "site")]
    env = {**os.environ}
    subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, str(REPO / "manage.py"), "migrate", "--noinput", "-v0"], check=True, env=env
    )
    import django

    django.setup()


def wagtail_path(count):
    """Services through add_child + save_revision + publish, timed."""
    from django.db import transaction

    from core.importer import publish_page
    from services.models import ServicePage
    from tests.factories import make_incubator

    parents = [make_incubator(title=f"对照孵化器{i}", slug=f"wagtail-inc-{i}") for i in range(10)]
    started = time.perf_counter()
    with transaction.atomic():
        for n in range(count):
            page = ServicePage(
                slug=f"wagtail-svc-{n}",
                title=f"代理记账服务{n}",
                category="finance_tax",
                description="<p>为初创企业提供代理记账服务。</p>",
                fee=FEES[n % 3],
            )
            publish_page(page, parent=parents[n % len(parents)])
    return time.perf_counter() - started


PHASES = {}


def timed(module, name, phase):
    """Wrap ``module.name`` to add its running time to PHASES[phase]."""
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            PHASES[phase] = PHASES.get(phase, 0) + time.perf_counter() - started

    setattr(module, name, wrapper)


def run_command(path):
    from django.core.management import call_command

    from core import bulk_pages
    from search import tasks

    if not PHASES:
        timed(bulk_pages, "update_wagtail_search_index", "Wagtail's admin search index")
        timed(tasks, "drain", "the site's search index")  # the drain task's call
    PHASES.clear()
    PHASES["Wagtail's admin search index"] = PHASES["the site's search index"] = 0
    out = io.StringIO()
    started, cpu = time.perf_counter(), time.process_time()
    call_command("import_directory", str(path), stdout=out)
    PHASES["cpu"] = time.process_time() - cpu
    return time.perf_counter() - started, out.getvalue().strip().splitlines()


def checks(services):
    from django.core.management import call_command
    from wagtail.models import Page, PageLogEntry, Revision

    from search.engine import SearchParams, run_search
    from services.models import ServicePage

    imported = ServicePage.objects.filter(slug__startswith="bench-svc-")
    live = imported.filter(live=True, live_revision__isnull=False).count()
    revisions = Revision.objects.filter(
        object_id__in=[str(pk) for pk in imported.values_list("pk", flat=True)]
    ).count()
    publishes = PageLogEntry.objects.filter(page__in=imported, action="wagtail.publish").count()
    out = io.StringIO()
    call_command("fixtree", stdout=out)
    problems = "No problems found." in out.getvalue()
    found = run_search(SearchParams(q="代理记账")).count
    return {
        "services live with a live revision": f"{live:,} of {services:,}",
        "revisions": f"{revisions:,}",
        "publish log entries": f"{publishes:,}",
        "pages in the tree": f"{Page.objects.count():,}",
        "fixtree": "no problems" if problems else out.getvalue(),
        "search 代理记账 finds": f"{found:,}",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--incubators", type=int, default=2_000)
    parser.add_argument("--wagtail-pages", type=int, default=300)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"import benchmark on {engine}: {args.services:,} services under {args.incubators:,} incubators")
    setup_django(database_url)

    directory = workdir / "directory.json"
    directory.write_text(json.dumps(generate(args.incubators, args.services), ensure_ascii=False))

    wagtail_seconds = wagtail_path(args.wagtail_pages)
    wagtail_rate = args.wagtail_pages / wagtail_seconds
    print(
        f"Wagtail's path: {args.wagtail_pages} pages in {wagtail_seconds:.1f} s = {wagtail_rate:.1f} pages/s",
    )

    seconds, summary = run_command(directory)
    cpu = PHASES["cpu"]
    pages = args.services + args.incubators
    admin_index = PHASES["Wagtail's admin search index"]
    rate = pages / seconds
    print(f"import_directory: {pages:,} pages in {seconds:.1f} s = {rate:.0f} pages/s ({'; '.join(summary)})")
    site_index = PHASES["the site's search index"]
    print(f"  of which the site's search index (after commit): {site_index:.1f} s")
    print(f"  of which Wagtail's admin search index (after commit): {admin_index:.1f} s")
    print(f"  CPU time of this process: {cpu:.1f} s (the rest is waiting: disk, or other processes)")
    without = seconds - admin_index
    print(f"  without the admin search index: {without:.1f} s = {pages / without:.0f} pages/s")
    again, summary = run_command(directory)
    print(
        f"import_directory again (unchanged): {again:.1f} s, CPU {PHASES['cpu']:.1f} s ({'; '.join(summary)})"
    )
    for key, value in checks(args.services).items():
        print(f"  {key}: {value}")
    print()
    print(
        "| database | services | incubators | import_directory | pages/s | without admin index "
        "| Wagtail's path pages/s | ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {engine} | {args.services:,} | {args.incubators:,} | {seconds:.0f} s | {rate:.0f} "
        f"| {without:.0f} s | {wagtail_rate:.1f} | {rate / wagtail_rate:.0f}× |"
    )


if __name__ == "__main__":
    main()
