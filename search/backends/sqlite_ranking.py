"""Ranked retrieval on SQLite FTS5 in one pass.

Wagtail's SQLite backend scores each candidate row with a correlated subquery that runs the whole
MATCH again for that row, so ranking costs grow with (hits × hits): 180 ms for 500 hits at 3,000
resources, and far worse at 100,000. Here the FTS table is scanned once: MATCH, bm25() with the
title weighted over the body, restricted to the rows of the caller's queryset (visibility and
filters), ordered and cut to one page. Counts and facets still come from Wagtail's results, which
are cheap (one MATCH in an IN-subquery).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.query import And, Or, PlainText

# Column order of wagtailsearch_indexentry_fts: autocomplete, body, title.
BM25_WEIGHTS = (0.0, 1.0, 3.0)


def _term(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts5_expression(query) -> str:
    """The FTS5 MATCH syntax for the word queries built by search/query.py."""
    if isinstance(query, PlainText):
        joiner = " AND " if query.operator.lower() == "and" else " OR "
        return "(" + joiner.join(_term(word) for word in query.query_string.split()) + ")"
    if isinstance(query, (And, Or)):
        joiner = " AND " if isinstance(query, And) else " OR "
        return "(" + joiner.join(fts5_expression(sub) for sub in query.subqueries) + ")"
    raise TypeError(f"unsupported query: {query!r}")


# bm25 is computed in the FTS table alone (joining first makes SQLite compute it several times as
# slowly); the caller's queryset is narrowed to the matching rows before SQLite lists it, so the
# list is as long as the matches, not as the whole library.
RANKED_SQL = (
    "WITH scored AS MATERIALIZED (SELECT rowid AS entry_id, bm25(wagtailsearch_indexentry_fts, %s, %s, %s) AS score "
    "FROM wagtailsearch_indexentry_fts WHERE wagtailsearch_indexentry_fts MATCH %s) "
    "SELECT U1.object_id, scored.score FROM scored JOIN wagtailsearch_indexentry U1 ON U1.id = scored.entry_id "
    "WHERE U1.content_type_id = %s AND U1.object_id IN ({pk_sql}) "
    "ORDER BY scored.score LIMIT %s OFFSET %s"
)
MATCHING_IDS_SQL = (
    "SELECT U1.object_id FROM wagtailsearch_indexentry_fts JOIN wagtailsearch_indexentry U1 "
    "ON wagtailsearch_indexentry_fts.rowid = U1.id WHERE wagtailsearch_indexentry_fts MATCH %s AND U1.content_type_id = %s"
)


def ranked_ids(queryset, query, *, offset: int, limit: int) -> list[tuple[int, float]]:
    """[(pk, relevance)] best first; relevance is -bm25, so higher is better."""
    from django.db.models.expressions import RawSQL

    content_type = ContentType.objects.get_for_model(queryset.model)
    expression = "{title body} : " + fts5_expression(query)
    matching = queryset.filter(pk__in=RawSQL(MATCHING_IDS_SQL, [expression, content_type.pk]))  # noqa: S611 - constant SQL, values are parameters
    pk_sql, pk_params = matching.order_by().values("pk").query.sql_with_params()
    # pk_sql is Django's own compiled SQL for the caller's queryset; every value is a parameter.
    sql = RANKED_SQL.format(pk_sql=pk_sql)
    params = [*BM25_WEIGHTS, expression, content_type.pk, *pk_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(object_id), -float(score)) for object_id, score in cursor.fetchall()]


CONTENT_TYPES_SQL = (
    "SELECT DISTINCT U1.content_type_id FROM wagtailsearch_indexentry_fts "
    "JOIN wagtailsearch_indexentry U1 ON wagtailsearch_indexentry_fts.rowid = U1.id "
    "WHERE wagtailsearch_indexentry_fts MATCH %s"
)


def matching_content_types(query) -> set[int]:
    """The content types of every indexed object `query` matches, from the FTS table alone (no
    page rows read): which models are worth searching at all."""
    with connection.cursor() as cursor:
        cursor.execute(CONTENT_TYPES_SQL, ["{title body} : " + fts5_expression(query)])
        return {row[0] for row in cursor.fetchall()}


SCORES_SQL = (
    "WITH scored AS MATERIALIZED (SELECT rowid AS entry_id, bm25(wagtailsearch_indexentry_fts, %s, %s, %s) AS score "
    "FROM wagtailsearch_indexentry_fts WHERE wagtailsearch_indexentry_fts MATCH %s) "
    "SELECT U1.content_type_id, U1.object_id, scored.score FROM scored "
    "JOIN wagtailsearch_indexentry U1 ON U1.id = scored.entry_id ORDER BY scored.entry_id"
)


def scores_by_type(query) -> dict[int, dict[int, float]]:
    """{content type: {pk: relevance}} of every indexed object `query` matches, from one pass over
    the FTS table: the site search ranks, counts and facets every model from it instead of running
    the match again per model and per figure. Relevance is -bm25 (higher is better)."""
    found: dict[int, dict[int, float]] = {}
    with connection.cursor() as cursor:
        cursor.execute(SCORES_SQL, [*BM25_WEIGHTS, "{title body} : " + fts5_expression(query)])
        for content_type, object_id, score in cursor.fetchall():
            try:
                found.setdefault(content_type, {})[int(object_id)] = -float(score)
            except ValueError:  # a model with a non-integer key: not one the site search lists
                continue
    return found
