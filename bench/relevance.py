"""Relevance of resource search on a judged query set: recall@10, MRR and nDCG@10, for stock Wagtail
database search and for ours, side by side. Prints figures; asserts nothing.

    python bench/relevance.py                 # on SQLite (FTS5, bm25)
    python bench/relevance.py --db postgres   # on PostgreSQL (ts_rank)

Each backend gets a fresh database with the demo site (its resources are noise here) and the
judged collection (bench/relevance_corpus.py), imported through the real importer: a SQLite file
under /tmp, or the PostgreSQL database `alliance_relevance_<backend>` (RELEVANCE_POSTGRES_URL, with
`{backend}` in it, names others).
"""

import io
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = {"stock": "wagtail.search.backends.database", "ours": "search.backends.database"}
K = 10


def metrics(ranked: list[str], relevant: set[str]) -> dict:
    top = ranked[:K]
    hits = [1 if doc in relevant else 0 for doc in top]
    recall = sum(hits) / len(relevant)
    mrr = next((1 / (i + 1) for i, hit in enumerate(hits) if hit), 0.0)
    dcg = sum(hit / math.log2(i + 2) for i, hit in enumerate(hits))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    return {"recall": recall, "mrr": mrr, "ndcg": dcg / ideal}


def evaluate() -> dict:
    import django

    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command

    from bench.relevance_corpus import DOCS, JUDGMENTS
    from resources.importer import import_resources
    from resources.models import CourseResourcePage
    from search.maintenance import analyze_search_tables
    from workflows import notifications

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO(), password="bench-pass")
    rows = [
        {"external_id": doc_id, "title": title, "summary": summary, "body": "", "major": major, "resource_type": kind,
         "school": "测试学校", "year": 2025, "tags": [], "visibility": "public"}
        for doc_id, (title, major, kind, summary) in DOCS.items()
    ]  # fmt: skip
    with notifications.suppressed():
        report = import_resources(
            io.BytesIO("\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()), "jsonl"
        )
    assert not report.rejected, report.rejected  # noqa: S101 - the collection itself must load
    analyze_search_tables()
    from django.contrib.auth.models import AnonymousUser

    from search.services import Filters, site_search

    ours = os.environ.get("BENCH_SEARCH_BACKEND") == BACKENDS["ours"]
    per_query = {}
    for query, relevant in JUDGMENTS.items():
        ranked = [page.external_id or "" for page in CourseResourcePage.objects.live().search(query)[:K]]
        per_query[query] = {"backend": metrics(ranked, set(relevant))}
        if ours:  # what the search page and API return: the title-weighted ranking of search/services.py
            hits = site_search(query=query, user=AnonymousUser(), filters=Filters(types=("resource",)), limit=K).hits
            per_query[query]["site"] = metrics([hit.external_id or "" for hit in hits], set(relevant))
    return per_query


def fresh_database(kind: str, backend: str) -> str:
    """The URL of an empty database for one backend's run."""
    if kind == "sqlite":
        path = Path(tempfile.gettempdir()) / f"alliance-relevance-{backend}.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    pattern = os.environ.get(
        "RELEVANCE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/alliance_relevance_{backend}"
    )
    url = pattern.format(backend=backend)
    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def main() -> None:
    if "--child" in sys.argv:
        print(json.dumps(evaluate(), ensure_ascii=False))
        return
    kind = sys.argv[sys.argv.index("--db") + 1] if "--db" in sys.argv else "sqlite"
    if kind not in ("sqlite", "postgres"):
        sys.exit("--db: sqlite or postgres")
    print(f"database: {kind}")
    results = {}
    for name, backend in BACKENDS.items():
        env = {
            **os.environ,
            "DATABASE_URL": fresh_database(kind, name),
            "DJANGO_SETTINGS_MODULE": "alliance.settings.bench",
            "BENCH_SEARCH_BACKEND": backend,
        }
        output = subprocess.run(
            [sys.executable, __file__, "--child"], env=env, check=True, stdout=subprocess.PIPE, text=True
        ).stdout  # noqa: S603
        results[name] = json.loads(output.strip().splitlines()[-1])
    queries = list(results["ours"])
    runs = {
        "stock Wagtail": {q: results["stock"][q]["backend"] for q in queries},
        "ours (backend)": {q: results["ours"][q]["backend"] for q in queries},
        "ours (site)": {q: results["ours"][q]["site"] for q in queries},
    }
    print(f"{'query':<12}" + "".join(f"{name + ' R/MRR/nDCG':>32}" for name in runs))
    for query in queries:
        cells = "".join(
            f"{r[query]['recall']:>20.2f}{r[query]['mrr']:>6.2f}{r[query]['ndcg']:>6.2f}" for r in runs.values()
        )
        print(f"{query:<12}{cells}")
    for name, run in runs.items():
        mean = {m: sum(run[q][m] for q in queries) / len(queries) for m in ("recall", "mrr", "ndcg")}
        print(
            f"MEAN {name:<15} recall@10={mean['recall']:.3f}  MRR={mean['mrr']:.3f}  nDCG@10={mean['ndcg']:.3f}  ({len(queries)} queries)"
        )


if __name__ == "__main__":
    main()
