"""Search latency (p50/p95), import rate and index size at a given corpus size, on SQLite or
PostgreSQL. Prints figures; asserts nothing.

    python bench/search_bench.py --db sqlite --n 10000
    python bench/search_bench.py --db postgres --n 100000

Builds a fresh database of its own (a SQLite file under /tmp, or the PostgreSQL database
`alliance_bench_<N>`) and loads the demo site. The import rate is measured with the real importer
(`--import-sample` rows: tree insert, revision, publish, indexing); the rest of the N resources are
loaded with bench/bulk.py and indexed in bulk, as `update_index` would. Then the site search
service (which the page and the API call) is timed for a fixed query set, as an anonymous visitor
and as a member.
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


def run(kind: str, n: int, repeats: int, import_sample: int, reuse: bool = False) -> dict:
    import django

    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from bench import bulk
    from bench.corpus import rows
    from resources.importer import import_resources
    from search.maintenance import analyze_search_tables
    from search.services import site_search
    from workflows import notifications

    call_command("migrate", verbosity=0)
    sample = min(import_sample, n)
    loading = {}
    if not reuse:
        call_command("load_demo", stdout=io.StringIO(), password="bench-pass")
        payload = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows(sample, prefix="imp")).encode()
        started = time.perf_counter()
        with notifications.suppressed():
            report = import_resources(io.BytesIO(payload), "jsonl")
        loading["importer_rows"] = report.created
        loading["importer_rows_per_s"] = round(report.created / (time.perf_counter() - started), 1)
        started = time.perf_counter()
        bulk.load(rows(n - sample), progress=lambda done: print(f"bulk-loaded {done}", file=sys.stderr, flush=True))
        loading["bulk_index_rows_per_s"] = round((n - sample) / (time.perf_counter() - started), 1)
    analyze_search_tables()

    member = User.objects.get(username="member")
    from django.contrib.auth.models import AnonymousUser

    timings = {"anonymous": [], "member": []}
    for who, user in (("anonymous", AnonymousUser()), ("member", member)):
        site_search(query="预热", user=user)
        for _ in range(repeats):
            for query in QUERIES:
                started = time.perf_counter()
                site_search(query=query, user=user, limit=10)
                timings[who].append((time.perf_counter() - started) * 1000)
    return {
        "db": kind,
        "resources": n,
        **loading,
        "index_bytes": int(index_size(kind)),
        **{f"{who}_p50_ms": round(statistics.median(values), 1) for who, values in timings.items()},
        **{f"{who}_p95_ms": round(percentile(values, 95), 1) for who, values in timings.items()},
        "queries_timed": sum(len(v) for v in timings.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--import-sample", type=int, default=500)
    parser.add_argument("--reuse", action="store_true", help="time searches on the database a previous run built")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.db, args.n, args.repeats, args.import_sample, args.reuse), ensure_ascii=False))
        return
    url = database_url(args.db, args.n)
    if not args.reuse:
        reset_database(args.db, url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "alliance.settings.bench"}
    command = [
        sys.executable,
        __file__,
        "--db",
        args.db,
        "--n",
        str(args.n),
        "--repeats",
        str(args.repeats),
        "--import-sample",
        str(args.import_sample),
        "--child",
        *(["--reuse"] if args.reuse else []),
    ]
    output = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603
    result = json.loads(output.strip().splitlines()[-1])
    for key, value in result.items():
        print(f"{key:>20}: {value}")


if __name__ == "__main__":
    main()
