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
# With a strict form: the rows it matches are whole, ranked by their strict bm25 (the score of the
# words whole); the rest of the loose matches — `(loose) NOT (strict)`, since every strict match is a
# loose one (search/query.py) — by their loose bm25. (Ranking the whole ones by the loose score
# lost recall@10 and nDCG@10 on the judged set: 课程标准 0.91 → 0.82.) bm25 is FTS5's most costly
# part, about 1 µs a row: scoring the loose query over every match and the strict one again over
# the whole rows cost both passes on most rows (课程标准: 33 + 24 ms at 100,000 resources); now
# each row is scored once (24 + 16). The loose-only scores are the loose query's own: bm25 sums
# over the expression's phrases in order, and the NOT side's phrases, absent from those rows, add
# exactly 0 after the loose ones.
MATCH_CTES_WITH_STRICT = (
    SCORED.format(name="strict")
    + ", "
    + SCORED.format(name="loose_only")
    + ", m AS MATERIALIZED (SELECT k.content_type_id AS ct, k.object_pk AS pk, -strict.score AS score, 1 AS whole "
    "FROM strict JOIN search_entrykey k ON k.entry_id = strict.entry_id "
    "UNION ALL SELECT k.content_type_id, k.object_pk, -loose_only.score, 0 "
    "FROM loose_only JOIN search_entrykey k ON k.entry_id = loose_only.entry_id)"
)


def match_ctes(query, strict=None) -> tuple[str, list]:
    """The common table expressions ending in `m` (ct, pk, score, whole) of `query`; `whole` is 1 for
    the rows `strict` also matches (every row when there is no strict form), scored by `strict`."""
    if strict is None:
        return MATCH_CTES, [*BM25_WEIGHTS, "{title body} : " + fts5_expression(query)]
    strict_expression = fts5_expression(strict)
    return MATCH_CTES_WITH_STRICT, [
        *BM25_WEIGHTS,
        "{title body} : " + strict_expression,
        *BM25_WEIGHTS,
        f"{{title body}} : ({fts5_expression(query)} NOT {strict_expression})",
    ]
