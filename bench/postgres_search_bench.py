"""Search on PostgreSQL: the full-text backend beside the embedded index.

    scripts/with-postgres.sh .venv/bin/python bench/postgres_search_bench.py --sizes 20000 150000

Needs DATABASE_URL pointing at a PostgreSQL server whose user may create
databases (scripts/with-postgres.sh provides a throwaway cluster; ``make
bench`` runs it that way). For each N it creates a fresh database, migrates
it, generates the same N service records under 40 incubators plus the 20
dev-case services as bench/search_bench.py (same generator, same queries,
same recall and trap counting), then measures two configurations of one
PostgreSQL deployment:

* *PostgreSQL full text* (search.backends.postgres, the automatic choice);
* *embedded* in its own SQLite file (SEARCH_SQLITE_PATH, one server only),

each with its full index build, index size, p50/p95 of ``GET
/api/v1/search/`` through Django's test client, recall over every matching
record, boundary traps hit and dev-case recall. Prints a table.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "bench")]

import search_bench as base  # noqa: E402  (the generator, queries and measures)


def database_url(name):
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(name):
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name):
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(row, prefix, records, ids, dev_pages, dev_incubator):
    from django.test import Client

    from search.backends import get_backend, reset_backend
    from search.indexing import reindex

    reset_backend()
    start = time.perf_counter()
    reindex()
    row[f"{prefix}_build_s"] = time.perf_counter() - start
    row[f"{prefix}_bytes"] = get_backend().stats()["bytes"]
    queries = [*base.QUERIES, *getattr(base, "NATURAL", ())]  # dictionary words and natural questions
    row[f"{prefix}_p50"], row[f"{prefix}_p95"] = base.measure_api(Client(), queries)
    row[f"{prefix}_recall"], row[f"{prefix}_traps"], row["traps_total"] = base.recall(
        records, ids, base.our_all_ids
    )
    row[f"{prefix}_dev_recall"], row[f"{prefix}_dev_traps"] = base.dev_recall(
        dev_pages, dev_incubator, base.our_dev_top
    )


def run_size(n, workdir):
    """In a child process per N (Django is set up once per process)."""
    name = f"search_bench_{n}"
    create_database(name)
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path[:0] = [str(REPO), str(REPO / "site")]
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.SEARCH_ANALYTICS = "thread"  # as in production: logging stays off the request's path

    from tests.factories import make_incubator
    from tests.search.factories import add_services

    try:
        call_command("migrate", "--noinput", verbosity=0)
        incubators = base.create_incubators(40)
        records = base.generate(n)
        share = -(-n // len(incubators))
        ids = base.bulk_services(
            [(incubator, records[i * share : (i + 1) * share]) for i, incubator in enumerate(incubators)]
        )
        dev = json.loads(base.DEV_CASES.read_text(encoding="utf-8"))
        dev_incubator = make_incubator(title="测评孵化器", slug="dev-cases", district="测评区")
        dev_pages = {slug: page.pk for slug, page in add_services(dev_incubator, dev["services"]).items()}
        row = {"n": n}
        settings.SEARCH_BACKEND = ""
        measure(row, "pg", records, ids, dev_pages, dev_incubator)
        settings.SEARCH_BACKEND = "search.backends.embedded.EmbeddedBackend"
        settings.SEARCH_SQLITE_PATH = str(workdir / f"embedded-{n}.sqlite3")
        measure(row, "file", records, ids, dev_pages, dev_incubator)
        return row
    finally:
        from django.db import connections

        from search import analytics

        analytics.flush()
        settings.SEARCH_ANALYTICS = "off"
        connections.close_all()
        drop_database(name)


def print_table(rows):
    print()
    print(
        "| N | backend | index build | index size | API p50 | API p95 | recall "
        "| boundary traps hit | dev-case recall |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    labels = {"pg": "PostgreSQL full text", "file": "embedded (SQLite file beside PostgreSQL)"}
    for row in rows:
        for prefix, label in labels.items():
            size = row[f"{prefix}_bytes"]
            print(
                f"| {row['n']:,} | {label} | {row[f'{prefix}_build_s']:.1f} s | "
                f"{'—' if size is None else format(size / 1e6, '.1f') + ' MB'} | "
                f"{row[f'{prefix}_p50']:.1f} ms | {row[f'{prefix}_p95']:.1f} ms | "
                f"{row[f'{prefix}_recall']:.3f} | {row[f'{prefix}_traps']} of {row['traps_total']} | "
                f"{row[f'{prefix}_dev_recall']:.2f} |"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 150000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "DATABASE_URL must point at PostgreSQL: run it through scripts/with-postgres.sh (make bench)"
        )
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pg-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.one:
        base.ARGS = argparse.Namespace(sizes=[args.one])
        print(json.dumps(run_size(args.one, workdir)))
        return
    rows = []
    for n in args.sizes:
        print(f"N = {n:,} …", file=sys.stderr, flush=True)
        command = [sys.executable, __file__, "--one", str(n), "--workdir", str(workdir)]
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603
        rows.append(json.loads(output.strip().splitlines()[-1]))
        print_table(rows[-1:])
    print_table(rows)


if __name__ == "__main__":
    main()
