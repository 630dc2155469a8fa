"""The match of the one-pass site search (search/one_pass.py) on SQLite FTS5.

Wagtail's SQLite backend scores each candidate row with a correlated subquery that runs the whole
MATCH again for that row, so ranking costs grow with (hits × hits): 180 ms for 500 hits at 3,000
resources, and far worse at 100,000. Here the FTS table is read once per query: MATCH and bm25()
with the title weighted over the body, computed in the FTS table alone (joining first makes SQLite
compute it several times as slowly).
"""

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


# bm25 over the FTS table alone, then the entries' content type and object id from the compact map
# `search_entrykey` (search/supports.py).
SCORED = (
    "{name} AS MATERIALIZED (SELECT rowid AS entry_id, bm25(wagtailsearch_indexentry_fts, %s, %s, %s) AS score "
    "FROM wagtailsearch_indexentry_fts WHERE wagtailsearch_indexentry_fts MATCH %s)"
)
MATCH_CTES = (
    SCORED.format(name="scored")  # noqa: S608 - constant SQL
    + ", m AS MATERIALIZED (SELECT k.content_type_id AS ct, k.object_pk AS pk, "
    "-scored.score AS score, 1 AS whole FROM scored JOIN search_entrykey k ON k.entry_id = scored.entry_id)"
)
# With a strict form: a row it matches is whole, ranked by its strict bm25 (the score of the words
# whole); the others by the loose one. (Ranking the whole ones by the loose score saves this second
# bm25 but lost recall@10 and nDCG@10 on the judged set: 课程标准 0.91 → 0.82.)
MATCH_CTES_WITH_STRICT = (
    SCORED.format(name="scored")
    + ", "
    + SCORED.format(name="strict")
    + ", m AS MATERIALIZED (SELECT k.content_type_id AS ct, k.object_pk AS pk, "
    "-COALESCE(strict.score, scored.score) AS score, strict.entry_id IS NOT NULL AS whole "
    "FROM scored JOIN search_entrykey k ON k.entry_id = scored.entry_id "
    "LEFT JOIN strict ON strict.entry_id = scored.entry_id)"
)


def match_ctes(query, strict=None) -> tuple[str, list]:
    """The common table expressions ending in `m` (ct, pk, score, whole) of `query`; `whole` is 1 for
    the rows `strict` also matches (every row when there is no strict form), scored by `strict`."""
    params = [*BM25_WEIGHTS, "{title body} : " + fts5_expression(query)]
    if strict is None:
        return MATCH_CTES, params
    return MATCH_CTES_WITH_STRICT, [*params, *BM25_WEIGHTS, "{title body} : " + fts5_expression(strict)]
