"""Matchmaking benchmark: quality on the judged cases, speed at 10,000
achievements.

    .venv/bin/python bench/match_bench.py                  # scratch database, demo loaded
    .venv/bin/python bench/match_bench.py --db var/db.sqlite3   # an existing demo database
    .venv/bin/python bench/match_bench.py --achievements 20000

1. Quality: the judged demands of site/home/demo/demands.json (the demo's
   own plus more, with word-boundary and synonym traps) are imported into the
   demo network and matched; prints precision@5, recall@5 and the traps
   found in a top 5 (matchmaking.evaluation, the same code as the test).
2. Speed: ``recompute_matches()`` on the demo database (database reads,
   analysis, scoring, writes), then all open demands and projects matched
   against N synthetic achievements (default 10,000) plus the demo's offers:
   analysing the N texts (the search analyzer) and scoring every need —
   the whole in-memory path of ``recompute_matches``. Target: < 10 s.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]

SEED = 14
# Word units per field: a synthetic achievement's title is three units of
# its field plus a kind of result, so texts are plausible and overlap the
# way real catalogues do (many share 海参, 检测, 系统…).
UNITS = {
    "海洋生物": [
        "海参",
        "海带",
        "鱼皮",
        "牡蛎",
        "扇贝",
        "海星",
        "鱿鱼",
        "海藻",
        "微藻",
        "胶原蛋白",
        "多糖",
        "皂苷",
        "酶解",
    ],
    "智能装备": [
        "渔船",
        "分拣",
        "机器人",
        "无人船",
        "投饵",
        "视觉",
        "检测",
        "闸口",
        "网衣",
        "巡检",
        "传感器",
        "控制",
    ],
    "新能源": ["风电", "叶片", "光伏", "储能", "氢能", "燃料电池", "波浪能", "热管理", "运维", "逆变器"],
    "新材料": ["石墨烯", "涂料", "纤维", "浮标", "钛合金", "缆绳", "胎面", "混凝土", "包装膜", "复合材料"],
    "食品加工": ["即食", "鱼糜", "酱料", "预制菜", "锁鲜", "脱壳", "冷链", "货架期", "冻干", "杀菌"],
    "信息技术": ["北斗", "数字孪生", "溯源", "区块链", "调度", "算法", "财务", "预测", "平台", "大数据"],
    "生物医药": ["抗菌肽", "壳聚糖", "止血", "明胶", "胶囊", "抗肿瘤", "护肤", "疫苗", "寡糖", "药物"],
    "节能环保": ["尾水", "净化", "污水", "微塑料", "废盐", "餐厨", "厌氧", "发酵", "垃圾", "分类"],
}
KINDS = ["技术", "工艺", "系统", "装置", "方法", "平台", "材料", "设备"]
MODES = [["license"], ["transfer", "license"], ["joint"], ["equity", "joint"], ["transfer"], ["self"]]


def setup_django(db_path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()


def prepare_database(args, scratch):
    if args.db:
        db_path = scratch / "bench.sqlite3"
        shutil.copy(args.db, db_path)
        setup_django(db_path)
        return
    db_path = scratch / "bench.sqlite3"
    setup_django(db_path)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"demo database built in {time.perf_counter() - started:.0f} s")


def synthetic_profiles(analyzer, count, first_pk):
    from achievements.models import TechnologyField
    from matchmaking.scoring import make_profile

    # Fields are compared as entries of the bureau's list (the demo's).
    field_ids = dict(TechnologyField.objects.values_list("name_zh", "pk"))
    rng = random.Random(SEED)
    fields = list(UNITS)
    profiles = []
    for n in range(count):
        field = fields[n % len(fields)]
        words = rng.sample(UNITS[field], 3)
        title = "".join(words) + rng.choice(KINDS)
        extra, use = rng.choice(UNITS[field]), rng.choice(UNITS[field])
        summary = f"{title}：面向{field}产业，{extra}{rng.choice(KINDS)}成熟，可用于{use}。"
        profiles.append(
            make_profile(
                analyzer,
                pk=first_pk + n,
                kind="achievement",
                title=title,
                body=summary,
                field=field,
                field_id=field_ids.get(field),
                maturity=3 + n % 7,
                modes=frozenset(MODES[n % len(MODES)]),
                incubator_id=n % 40,
                district=f"区{n % 6}",
            )
        )
    return profiles


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="copy this demo database instead of building one")
    parser.add_argument("--achievements", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="match-bench-"))
    try:
        prepare_database(args, scratch)
        run(args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(args):
    from matchmaking.evaluation import evaluate, import_cases, load_cases
    from matchmaking.matching import dismissal_penalties, need_profiles, offer_profiles, recompute_matches
    from matchmaking.scoring import OfferIndex, score_need
    from search.analyzer import current

    cases = load_cases()
    import_cases(cases)
    started = time.perf_counter()
    stored = recompute_matches()
    recompute_seconds = time.perf_counter() - started
    evaluation = evaluate(cases, recompute=False)

    print()
    print(f"Quality: {len(cases)} judged demands over the demo's achievements and services (top {5})")
    print(f"  precision@5          {evaluation.precision_at_5:.3f}")
    print(f"  recall@5             {evaluation.recall_at_5:.3f}")
    print(f"  traps in a top 5     {evaluation.traps_in_top_5} of {evaluation.trap_count} traps")
    for result in evaluation.results:
        if result.missed or result.trapped:
            print(f"  ! {result.slug}: top 5 = {[title for _pk, title in result.top]}")

    analyzer = current()
    needs = need_profiles(analyzer)
    demo_offers = offer_profiles(analyzer)
    penalties = dismissal_penalties()
    timings = {"analyse": [], "index": [], "score": []}
    cpu = []
    for _ in range(args.repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        offers = demo_offers + synthetic_profiles(analyzer, args.achievements, 10_000_000)
        t1 = time.perf_counter()
        index = OfferIndex(offers)
        t2 = time.perf_counter()
        pairs = sum(len(score_need(need, index, penalties, limit=30)) for need in needs)
        t3 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        timings["analyse"].append(t1 - t0)
        timings["index"].append(t2 - t1)
        timings["score"].append(t3 - t2)
    total = [sum(parts) for parts in zip(*timings.values(), strict=True)]
    print()
    print(
        f"Speed: recompute_matches() on the demo database: {recompute_seconds:.2f} s ({stored} pairs stored)"
    )
    print(
        f"Speed: {len(needs)} needs ({sum(1 for n in needs if n.kind == 'demand')} demands) against "
        f"{len(offers):,} offers ({args.achievements:,} synthetic achievements), median of {args.repeat}:"
    )
    for name, values in timings.items():
        print(f"  {name:<8} {statistics.median(values):6.2f} s")
    print(
        f"  total    {statistics.median(total):6.2f} s   (target < 10 s; {pairs} pairs above the threshold)"
    )
    print(f"  CPU time {statistics.median(cpu):6.2f} s   (wall time includes waiting on a shared machine)")


if __name__ == "__main__":
    main()
