"""Throughput of the real server, queries per page, and certificate PDF time. Prints figures;
asserts nothing.

    python bench/throughput.py                 # SQLite, pages cached in process memory
    python bench/throughput.py --redis         # the page cache in Redis (REDIS_URL, default local)
    python bench/throughput.py --db postgres   # PostgreSQL (BENCH_POSTGRES_URL or local)

Builds a fresh database with the demo site and runs gunicorn with the production settings over
plain HTTP (scripts/live_server.py), then loads it with wrk (Debian's package `wrk`) from the same
machine: the bare Django view /healthz/ (the whole middleware stack, no database), a page served
from the anonymous page cache, and the same page rendered every time (a second server with
PAGE_CACHE_SECONDS=0), and — when Debian's varnishd is installed — the same pages through Varnish
with deploy/varnish/default.vcl in front of the first server. Ratios are to the bare view. Queries per page are counted in this process
against the same database; the certificate PDF is rendered in this process.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

from scripts import live_server, varnish  # noqa: E402

PAGES = ["/", "/news/", "/news/news-01/", "/resources/", "/resources/resource-001/", "/publications/"]
LOADED_PAGES = ["/", "/news/", "/resources/resource-001/"]


def wrk(url: str, *, seconds: int, connections: int, threads: int) -> dict:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    output = subprocess.run(  # wrk from the system's packages
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _milliseconds(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "errors": "Non-2xx" in output or "Socket errors" in output,
    }


def _milliseconds(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def warm_up(base_url: str, paths: list[str], rounds: int = 30) -> dict[str, str | None]:
    """Every worker's first requests (connections, imports, templates) are not what is measured.
    Returns each page's last X-Page-Cache header."""
    last = {}
    for _ in range(rounds):
        for path in paths:
            with urllib.request.urlopen(base_url + path) as response:  # noqa: S310 - our own server
                response.read()
                last[path] = response.headers.get("X-Page-Cache")
    return last


def load_test(env, workdir, args) -> None:
    print(f"\n## Throughput: gunicorn, {args.workers} sync workers; wrk {args.connections} connections, "
          f"{args.seconds} s per URL, same machine ({os.cpu_count()} cores)")  # fmt: skip
    results = {}
    with live_server.gunicorn(env, workdir, workers=args.workers) as base_url:
        states = warm_up(base_url, ["/healthz/", *LOADED_PAGES])
        assert all(states[path] == "hit" for path in LOADED_PAGES), states
        results["bare Django view /healthz/"] = wrk(base_url + "/healthz/", **args.wrk)
        for path in LOADED_PAGES:
            results[f"cached {path}"] = wrk(base_url + path, **args.wrk)
        if varnish.VARNISHD:
            with varnish.running_varnishd(base_url.rsplit(":", 1)[1]) as port:
                front = f"http://127.0.0.1:{port}"
                warm_up(front, LOADED_PAGES)
                for path in LOADED_PAGES:
                    with urllib.request.urlopen(front + path) as response:  # noqa: S310 - our own server
                        assert response.headers.get("X-Cache") == "HIT", (path, dict(response.headers))
                    results[f"varnish {path}"] = wrk(front + path, **args.wrk)
        else:
            print("(no varnishd: the Varnish rows are left out; apt-get install varnish)")
    uncached_env = {**env, "PAGE_CACHE_SECONDS": "0"}
    with live_server.gunicorn(uncached_env, workdir, workers=args.workers, log_name="uncached.log") as base_url:
        states = warm_up(base_url, LOADED_PAGES)
        assert not any(states.values()), states
        for path in LOADED_PAGES:
            results[f"uncached {path}"] = wrk(base_url + path, **args.wrk)
    bare = results["bare Django view /healthz/"]["rps"]
    print(f"{'':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× bare':>7}")
    for name, figures in results.items():
        flag = "  (errors!)" if figures["errors"] else ""
        print(f"{name:34} {figures['rps']:8.0f} {figures['p50']:8.1f} {figures['p99']:8.1f} "
              f"{figures['rps'] / bare:7.2f}{flag}")  # fmt: skip
    for path in LOADED_PAGES:
        ratio = results[f"cached {path}"]["rps"] / results[f"uncached {path}"]["rps"]
        print(f"cached / uncached {path}: {ratio:.1f}×")
        if f"varnish {path}" in results:
            print(
                f"varnish / cached {path}: {results[f'varnish {path}']['rps'] / results[f'cached {path}']['rps']:.1f}×"
            )


def count_queries(env) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    print("\n## Queries per page (anonymous: rendered / from the page cache; member unit: rendered)")
    member = User.objects.get(username="member")
    for path in PAGES:
        counts = []
        for who, cache_seconds in (("anonymous", 0), ("anonymous", 600), ("member", 600)):
            settings.PAGE_CACHE_SECONDS = cache_seconds
            client = Client()
            if who == "member":
                client.force_login(member)
            client.get(path)  # warm: per-process caches, and the page cache for the second column
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            assert status == 200, (path, who, status)
            counts.append(len(queries))
        print(f"{path:28} {counts[0]:3d} / {counts[1]:d}   member {counts[2]:3d}")


def certificate_time(rounds: int = 30) -> None:
    from workflows.certificates import render_pdf

    lines = ["单位类型：中等职业学校", "所在省份：浙江省", "会员代表：钱校长"]
    timings = []
    for n in range(rounds):
        started = time.perf_counter()
        pdf = render_pdf(title="会员证书", holder="浙江省湖州交通职业技术学校", lines=lines,
                         number=f"LXH-2026-{n:06d}", issued_on="2026-11-24")  # fmt: skip
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(f"\n## Certificate PDF (reportlab, Chinese text + QR code), {rounds} renders: "
          f"median {statistics.median(timings):.1f} ms, p95 {timings[int(rounds * 0.95) - 1]:.1f} ms, "
          f"{len(pdf) / 1024:.0f} KB each")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--redis", action="store_true", help="cache pages in Redis (REDIS_URL or local)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    args.wrk = {"seconds": args.seconds, "connections": args.connections, "threads": 2}

    workdir = Path(tempfile.mkdtemp(prefix="alliance-throughput-"))
    like = (
        os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/alliance")
        if args.db == "postgres"
        else ""
    )
    env = live_server.server_env(workdir, live_server.fresh_database_url(workdir, like, suffix="throughput"))
    print(f"# {args.db}, page cache in {'Redis' if args.redis else 'process memory (+ stamp file)'}")
    live_server.prepare_site(env)
    if args.redis:
        env["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
        env["PAGE_CACHE_STAMP_FILE"] = ""
    try:
        load_test(env, workdir, args)
        count_queries(env)
        certificate_time()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
