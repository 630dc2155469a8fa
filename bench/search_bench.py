"""Search latency (p50/p95), import rate and index size at a given corpus size, on SQLite or
PostgreSQL. Prints figures; asserts nothing.

    python bench/search_bench.py --db sqlite --n 10000
    python bench/search_bench.py --db postgres --n 100000

Builds a fresh database of its own (a SQLite file under /tmp, or the PostgreSQL database
`alliance_bench_<N>`, or BENCH_POSTGRES_URL) and loads the demo site. The N resources are imported
with the real importer (tree insert, revision, publish, indexing; `--loader bulk` writes page rows
directly with bench/bulk.py instead, as before the batch importer). Then the site search service
(which the page and the API call) is timed for a fixed query set, as an anonymous visitor and as a
member, with where the time goes: on SQLite and PostgreSQL one_pass (the one statement that matches,
checks visibility, counts, facets and ranks: search/one_pass.py; `--breakdown` splits it), on other
backends match, rank, facets; then fetch (loading the hits, snippets), other (query parsing,
entry points).

    python bench/search_bench.py --db sqlite --n 100000 --reuse   # time again on the built database
    python bench/search_bench.py --db sqlite --n 100000 --reuse --rebuild   # and rebuild the index
    python bench/search_bench.py --db sqlite --n 100000 --reuse --breakdown # and the statement's parts

Every search is computed (there is no result cache). Per search the bench reads the wall clock,
this process's CPU time and, on PostgreSQL, the CPU time of the server process serving its
connection (/proc/<pg_backend_pid()>/schedstat; parallel workers are turned off so that one process
does all the work): on a loaded machine the CPU figures show the work, the wall clock also the
waiting. The percentiles time each search bare; where the time goes (the phases, read at every
phase's start and end) comes from one more round of the query set.
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
from dataclasses import astuple
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
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'modelsearch%' OR name LIKE 'wagtailsearch%' "
                    "OR name LIKE 'search_entry%'"
                )
                return cursor.fetchone()[0] or total
            except Exception:  # noqa: BLE001 - dbstat is not compiled into every SQLite
                return total
        cursor.execute(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "WHERE c.relkind = 'r' AND (c.relname LIKE 'modelsearch%%' OR c.relname LIKE 'wagtailsearch%%' "
            "OR c.relname LIKE 'search_entry%%')"
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


def run(
    kind: str, n: int, repeats: int, loader: str, reuse: bool = False, rebuild: bool = False, breakdown: bool = False
) -> dict:
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
    from django.urls import reverse

    # A server has loaded its URLconf before any search: the first page URL reversed here would
    # otherwise import every URL module (Wagtail's admin among them), 330 ms inside a timed search.
    reverse("search:page")

    server_cpu = server_cpu_clock(kind)
    timings = {"anonymous": [], "member": []}  # per search: (wall, this process's CPU, server CPU) in ms
    per_query = {"anonymous": {}, "member": {}}
    phases = {"anonymous": {}, "member": {}}
    load = load_average()

    def searched(query: str, user) -> list[float]:
        """One search: seconds of wall clock, this process's CPU, the server's CPU."""
        before = (time.perf_counter(), time.process_time(), server_cpu())
        site_search(query=query, user=user, limit=10)
        after = (time.perf_counter(), time.process_time(), server_cpu())
        return [b - a for a, b in zip(before, after, strict=True)]

    for who, user in (("anonymous", AnonymousUser()), ("member", member)):
        site_search(query="预热", user=user)
        for _ in range(repeats):
            for query in QUERIES:
                # Timed bare: the phase clocks read the server's CPU from /proc at every phase.
                total = [seconds * 1000 for seconds in searched(query, user)]
                timings[who].append(total)
                per_query[who].setdefault(query, []).append(total)
        for query in QUERIES:  # where the time goes: one more round, phase by phase
            with timed_phases(server_cpu=server_cpu) as spent:
                total = searched(query, user)
            other = [total[i] - sum(p[i] for p in map(astuple, spent.values())) for i in range(3)]
            for phase, values in [*((name, astuple(v)) for name, v in spent.items()), ("other", other)]:
                sums = phases[who].setdefault(phase, [0.0, 0.0, 0.0])
                for i in range(3):
                    sums[i] += values[i]
    result = {
        "db": kind,
        "resources": CourseResourcePage.objects.count(),
        **loading,
        "index_mb": round(float(index_size(kind)) / 1e6, 1),
        "load_average_while_timing": f"{load} → {load_average()}",
        "result_cache": "none (every search is computed; there is no search result cache)",
    }
    for who, values in timings.items():
        for i, clock in enumerate(("wall", "cpu", "server_cpu")):
            if clock == "server_cpu" and kind == "sqlite":
                continue
            column = [v[i] for v in values]
            result[f"{who}_{clock}_p50_p95_ms"] = f"{statistics.median(column):.1f} / {percentile(column, 95):.1f}"
        if kind != "sqlite":
            column = [v[1] + v[2] for v in values]
            result[f"{who}_cpu_plus_server_p50_p95_ms"] = (
                f"{statistics.median(column):.1f} / {percentile(column, 95):.1f}"
            )
    for who, spent in phases.items():
        count = len(QUERIES)
        ordered = sorted(spent.items(), key=lambda kv: -kv[1][0])
        result[f"{who}_mean_ms_by_phase (wall/cpu/server)"] = ", ".join(
            f"{phase} {w * 1000 / count:.1f}/{c * 1000 / count:.1f}/{s * 1000 / count:.1f}"
            for phase, (w, c, s) in ordered
        )
    for who, queries in per_query.items():
        result[f"{who}_median_ms_per_query (wall/cpu+server)"] = ", ".join(
            f"{q} {statistics.median(v[0] for v in runs):.0f}/{statistics.median(v[1] + v[2] for v in runs):.0f}"
            for q, runs in queries.items()
        )
    result["queries_timed"] = sum(len(v) for v in timings.values())
    if breakdown:
        result.update(statement_breakdown(server_cpu))
    return result


def statement_breakdown(server_cpu) -> dict:
    """Where the one statement's time goes, anonymous, one round of the query set: its prefixes run
    alone (search.one_pass.broken_down), in this process's CPU plus the server's (ms per query)."""
    from django.contrib.auth.models import AnonymousUser

    from search.one_pass import broken_down
    from search.services import site_search

    def clock():
        return time.process_time() + server_cpu()

    with broken_down(clock) as spent:
        for query in QUERIES:
            site_search(query=query, user=AnonymousUser(), limit=10)
    if not spent:
        return {"statement_breakdown": "none (this backend has no one-pass statement)"}
    return {
        "anonymous_statement_ms_by_part (cpu+server)": ", ".join(
            f"{part} {seconds * 1000 / len(QUERIES):.1f}" for part, seconds in spent.items()
        )
    }


def server_cpu_clock(kind: str):
    """A function giving the database server's CPU seconds so far: for PostgreSQL, the backend
    process serving this connection (same machine; /proc/<pid>/schedstat, in nanoseconds, else
    utime+stime from /proc/<pid>/stat in clock ticks); SQLite runs in this process: always 0."""
    if kind == "sqlite":
        return lambda: 0.0
    from django.db import connection

    with connection.cursor() as cursor:
        # Parallel workers are other processes, whose CPU the backend's clock would not count: the
        # bench has them off (on two shared cores they buy little), so the figure is the whole work.
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    schedstat = Path(f"/proc/{pid}/schedstat")
    if schedstat.exists():
        return lambda: int(schedstat.read_text().split()[0]) / 1e9
    stat, ticks = Path(f"/proc/{pid}/stat"), os.sysconf("SC_CLK_TCK")
    return lambda: sum(int(v) for v in stat.read_text().rsplit(")", 1)[1].split()[11:13]) / ticks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--loader", choices=["importer", "bulk"], default="importer")
    parser.add_argument("--reuse", action="store_true", help="time searches on the database a previous run built")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the search index first (timed)")
    parser.add_argument(
        "--breakdown", action="store_true", help="then time the one statement's parts apart (match, visibility, …)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(
            json.dumps(
                run(args.db, args.n, args.repeats, args.loader, args.reuse, args.rebuild, args.breakdown),
                ensure_ascii=False,
            )
        )
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
