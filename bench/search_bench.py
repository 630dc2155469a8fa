"""Search latency (p50/p95), import rate and index size at a given corpus size, on SQLite or
PostgreSQL. Prints figures; asserts nothing.

    python bench/search_bench.py --db sqlite --n 10000
    python bench/search_bench.py --db postgres --n 100000

Builds a fresh database of its own (a SQLite file under /tmp, or the PostgreSQL database
`alliance_bench_<N>`, or BENCH_POSTGRES_URL) and loads the demo site. The N resources are imported
with the real importer (tree insert, revision, publish, indexing; `--loader bulk` writes page rows
directly with bench/bulk.py instead, as before the batch importer). Then the site search service
(which the page and the API call) is timed for a fixed query set, as an anonymous visitor and as a
member, with where the time goes: match (counting what matches), rank (the best hits in order),
facets, fetch (loading the hits, snippets), other (query parsing, visibility, entry points).

    python bench/search_bench.py --db sqlite --n 100000 --reuse   # time again on the built database
    python bench/search_bench.py --db sqlite --n 100000 --reuse --rebuild   # and rebuild the index
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["数控", "课程标准", "汽车维修", "教学设计", "电商", "新能源车", "PLC", "Python", "试题库", "幼儿保育",
           "实训指导书", "数控 课程标准", "BIM 建模", "护理技术", "中式烹调", "企业财务会计", "微课", "1+X", "工业机器人编程", "网店运营"]  # fmt: skip


def database_url(kind: str, n: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tempfile.gettempdir()}/alliance-bench-{n}.sqlite3"
    return os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/alliance_bench_{n}")


def reset_database(kind: str, url: str) -> None:
    if kind == "sqlite":
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def index_size(kind: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if kind == "sqlite":
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            total = cursor.fetchone()[0]
            try:
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'modelsearch%' OR name LIKE 'wagtailsearch%'"
                )
                return cursor.fetchone()[0] or total
            except Exception:  # noqa: BLE001 - dbstat is not compiled into every SQLite
                return total
        cursor.execute(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "WHERE c.relkind = 'r' AND (c.relname LIKE 'modelsearch%%' OR c.relname LIKE 'wagtailsearch%%')"
        )
        return cursor.fetchone()[0]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def import_all(n: int) -> float:
    """Import N generated rows through the real importer from a streamed JSONL file; rows/s."""
    from bench.corpus import rows
    from resources.importer import import_resources
    from workflows import notifications

    path = Path(tempfile.gettempdir()) / f"alliance-search-bench-{n}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in rows(n):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    started, done = time.perf_counter(), 0

    def progress(line: int) -> None:
        if line % 10_000 == 0:
            print(f"imported {line}/{n}", file=sys.stderr, flush=True)

    with path.open("rb") as stream, notifications.suppressed():
        report = import_resources(stream, "jsonl", progress=progress)
    done = report.created + report.updated
    return round(done / (time.perf_counter() - started), 1)


def rebuild_index() -> dict:
    from search.maintenance import rebuild_resource_index

    started = time.perf_counter()
    count = rebuild_resource_index(
        progress=lambda done, total: print(f"indexed {done}/{total}", file=sys.stderr, flush=True)
    )
    return {"rebuild_resources": count, "rebuild_seconds": round(time.perf_counter() - started, 1)}


def run(kind: str, n: int, repeats: int, loader: str, reuse: bool = False, rebuild: bool = False) -> dict:
    import django

    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from bench import bulk
    from bench.corpus import rows
    from resources.models import CourseResourcePage
    from search.maintenance import analyze_search_tables
    from search.services import site_search, timed_phases

    call_command("migrate", verbosity=0)
    loading = {}
    if not reuse:
        call_command("load_demo", stdout=io.StringIO(), password="bench-pass")
        loading["load_average_while_loading"] = load_average()
        if loader == "importer":
            loading["importer_rows_per_s"] = import_all(n)
        else:
            started = time.perf_counter()
            bulk.load(rows(n), progress=lambda done: print(f"bulk-loaded {done}", file=sys.stderr, flush=True))
            loading["bulk_index_rows_per_s"] = round(n / (time.perf_counter() - started), 1)
    if rebuild:
        loading.update(rebuild_index())
    analyze_search_tables()

    member = User.objects.get(username="member")
    from django.contrib.auth.models import AnonymousUser

    timings = {"anonymous": [], "member": []}
    cpu = {"anonymous": [], "member": []}  # this process's CPU time: SQLite runs in it, so under a
    # loaded machine it shows the work itself where the wall clock shows the queueing too
    phases = {"anonymous": {}, "member": {}}
    load = load_average()
    for who, user in (("anonymous", AnonymousUser()), ("member", member)):
        site_search(query="预热", user=user)
        for _ in range(repeats):
            for query in QUERIES:
                with timed_phases() as spent:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    site_search(query=query, user=user, limit=10)
                    elapsed = time.perf_counter() - started
                cpu[who].append((time.process_time() - started_cpu) * 1000)
                timings[who].append(elapsed * 1000)
                spent["other"] = elapsed - sum(spent.values())
                for phase, seconds in spent.items():
                    phases[who][phase] = phases[who].get(phase, 0.0) + seconds
    result = {
        "db": kind,
        "resources": CourseResourcePage.objects.count(),
        **loading,
        "index_mb": round(float(index_size(kind)) / 1e6, 1),
        "load_average_while_timing": f"{load} → {load_average()}",
        **{f"{who}_p50_ms": round(statistics.median(values), 1) for who, values in timings.items()},
        **{f"{who}_p95_ms": round(percentile(values, 95), 1) for who, values in timings.items()},
        **{f"{who}_cpu_p50_p95_ms": f"{statistics.median(v):.1f} / {percentile(v, 95):.1f}" for who, v in cpu.items()},
        "queries_timed": sum(len(v) for v in timings.values()),
    }
    for who, spent in phases.items():
        count = len(timings[who])
        result[f"{who}_mean_ms_by_phase"] = ", ".join(
            f"{phase} {seconds * 1000 / count:.1f}" for phase, seconds in sorted(spent.items(), key=lambda kv: -kv[1])
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--loader", choices=["importer", "bulk"], default="importer")
    parser.add_argument("--reuse", action="store_true", help="time searches on the database a previous run built")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the search index first (timed)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.db, args.n, args.repeats, args.loader, args.reuse, args.rebuild), ensure_ascii=False))
        return
    url = database_url(args.db, args.n)
    if not args.reuse:
        reset_database(args.db, url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "alliance.settings.bench"}
    command = [sys.executable, __file__, *sys.argv[1:], "--child"]
    output = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603
    result = json.loads(output.strip().splitlines()[-1])
    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:>{width}}: {value}")


if __name__ == "__main__":
    main()
