"""Keeping the database's query planner informed about the search tables.

On SQLite, Wagtail's full-text query joins the FTS table with the index-entry table; without
statistics the planner drives the join from the wrong side and re-runs the MATCH for every row
(measured: 88 ms instead of 0.5 ms at 1,000 resources). `ANALYZE` after bulk changes fixes the
plan; PostgreSQL's autovacuum normally does this by itself, but an explicit ANALYZE is cheap.
"""

from django.db import connection

SEARCH_TABLES = ("wagtailsearch_indexentry", "wagtailsearch_indexentry_fts")


def analyze_search_tables() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE wagtailsearch_indexentry")
