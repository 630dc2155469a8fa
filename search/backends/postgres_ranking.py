"""The match of the one-pass site search (search/one_pass.py) on PostgreSQL.

One read of the index entries the query matches (the GIN index on `title || body`, migration 0003),
each scored once with exactly Wagtail's relevance — `ts_rank` of the title (times its title_norm)
plus `ts_rank` of the body, an AND multiplying (1 + rank) and an OR averaging, as
`PostgresSearchQueryCompiler._build_rank_expression` computes it — and `whole` a plain `@@` test of
the strict form on the same row (no second ranking, no second index scan). Before, Wagtail's
`annotate_score` ran twice per page type (strict, then loose), each a full match and ranking.
"""

from django.db.models import Case, F, IntegerField, Value, When

MATCH_CTE = (
    "m AS MATERIALIZED (SELECT ct, CASE WHEN oid ~ '^[0-9]{{1,9}}$' THEN CAST(oid AS INTEGER) END AS pk, "
    "score, whole FROM ({sql}) x)"
)


def match_ctes(query, strict=None) -> tuple[str, list]:
    """The common table expression `m` (ct, pk, score, whole) of `query`; `whole` is 1 for the rows
    `strict` also matches (every row when there is no strict form)."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()
    compiler = backend.query_compiler_class(Page.objects.none(), query)
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(query, config=config)
    score = compiler.build_tsrank(F("title"), query, config=config) * F("title_norm") + compiler.build_tsrank(
        F("body"), query, config=config
    )
    whole = Value(1)
    if strict is not None:
        whole = Case(
            When(_vector_=compiler.build_tsquery(strict, config=config), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    entries = (
        IndexEntry.objects.annotate(_vector_=F("title")._combine(F("body"), "||", False))
        .filter(_vector_=tsquery)
        .order_by()
        .values(ct=F("content_type_id"), oid=F("object_id"), score=score, whole=whole)
    )
    sql, params = entries.query.sql_with_params()
    return MATCH_CTE.format(sql=sql), list(params)
