"""The match of the one-pass site search (search/one_pass.py) on PostgreSQL.

One read of the index entries the query matches, each scored once: `ts_rank` of the whole query on
the title (times its title_norm) plus on the body, with Wagtail's weights. `whole` says whether the
row also contains the query's words whole (the strict form), tested word by word on the title and
body vectors; such a row is scored by the strict form, the others by the query as typed.

Wagtail's own formula (`PostgresSearchQueryCompiler.build_tsrank`) ranks every sub-query apart and
combines them, an AND multiplying (1 + rank), an OR averaging: four `ts_rank` calls a row for a
word with parts (汽车维修 | 汽车 & 维修), per vector. One rank of the whole query is cheaper and, on
the judged set (`bench/relevance.py --db postgres`), better: the same recall@10 on every query,
nDCG@10 0.745 → 0.758 (汽车维修 0.61 → 0.93: averaging let entries with only the parts outrank the
one with the word), every other query unchanged.

The entries are read from `search_entryvector` (search/supports.py, migrations 0005 and 0006), a
compact copy of Wagtail's `wagtailsearch_indexentry` kept in step by triggers — entry id, content
type, object id as an integer, title_norm and the title and body vectors, and the facets of the
resource an entry stands for — through its own GIN index on `title || body`. Wagtail's rows also
carry the title, body and autocomplete texts: scoring a broad query's 30,000 matches there visited 18,000 heap blocks at 100,000 resources, four times the
compact table's. It is read through an unmanaged model (search.models.EntryVector) with the same
field names, so the expressions below are built on F("title"), F("body") and F("title_norm") as
Wagtail's are on IndexEntry; the page's pk is its `object_pk` column, already an integer.

Every tsquery is written `(SELECT to_tsquery(…))`, an InitPlan PostgreSQL evaluates once per
statement. Written bare, `to_tsquery` (a stable function) was parsed again for every row and every
`ts_rank` and `@@` that used it: eight times a row for 课程标准, a third of the statement's time.
"""

import re
from functools import cache, reduce

from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, Value
from wagtail.search.query import And, Or, PlainText

from search.one_pass import FACET_FIELDS

MATCH_CTE = "m AS MATERIALIZED ({sql})"
#: Each match also carries its resource facets (NULL when it is not an existing resource), so that
#: the statement counts and facets resources without reading their rows (search/one_pass.py's
#: `facts_condition`; search/supports.py keeps them).
MATCH_FACTS = tuple(f"f_{name}" for name in FACET_FIELDS)


class EvaluatedOnce(Func):
    """`(SELECT expression)`: a subquery without columns of the outer rows, evaluated once."""

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class Matches(Func):
    """`vector @@ query`, with any query expression (Django's `@@` lookup rewraps what is not a
    SearchQuery, and an evaluated-once query is not)."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


@cache
def _compiler_class():
    """Wagtail's query compiler (its tsquery for our word queries, its weights), the tsqueries
    evaluated once per statement."""
    from wagtail.search.backends import get_search_backend

    class OnceCompiler(get_search_backend().query_compiler_class):
        def build_tsquery(self, query, config=None):
            return EvaluatedOnce(self.build_plain_tsquery(query, config=config))

        def build_plain_tsquery(self, query, config=None):
            """For the index condition (`@@` wants a query expression there; the scan computes
            it once anyway)."""
            return super().build_tsquery(query, config=config)

    return OnceCompiler


def match_ctes(query, strict=None) -> tuple[str, list]:
    """The common table expression `m` (ct, pk, score, whole) of `query`; `whole` is 1 for the rows
    `strict` also matches (every row when there is no strict form)."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from search.models import EntryVector

    backend = get_search_backend()
    compiler = _compiler_class()(Page.objects.none(), query)
    config = compiler.get_config(backend)
    tsquery = compiler.build_plain_tsquery(query, config=config)
    score = _score(query, compiler, config)
    entries = (
        EntryVector.objects.annotate(_vector_=F("title")._combine(F("body"), "||", False))
        .filter(_vector_=tsquery)
        .order_by()
    )
    if strict is None:
        every = entries.values(*MATCH_FACTS, ct=F("content_type_id"), pk=F("object_pk"), score=score, whole=Value(1))
        sql, params = every.query.sql_with_params()
        return MATCH_CTE.format(sql=sql), list(params)
    # A whole row is ranked by the strict form's score, as Wagtail's annotate_score ranked the strict
    # search before (ranking it by the loose score lost recall@10 on the judged set). Whether a row
    # is whole is tested once, in an inner query (OFFSET 0 keeps PostgreSQL from folding it into the
    # outer one, which wrote the test into both CASEs and ran it twice a row: 1 ms of 14).
    contains = ExpressionWrapper(_contains(strict, compiler, config), output_field=BooleanField())
    inner = entries.values(
        *MATCH_FACTS, "title", "body", "title_norm", ct=F("content_type_id"), pk=F("object_pk"), w=contains
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    strict_sql, strict_params = _on_inner_row(_score(strict, compiler, config))
    loose_sql, loose_params = _on_inner_row(score)
    facts = ", ".join(f"r.{name}" for name in MATCH_FACTS)
    sql = (
        f"SELECT {facts}, r.ct, r.pk, CASE WHEN r.w THEN {strict_sql} ELSE {loose_sql} END AS score, "  # noqa: S608 - compiled expressions
        f"CASE WHEN r.w THEN 1 ELSE 0 END AS whole FROM ({inner_sql} OFFSET 0) r"
    )
    return MATCH_CTE.format(sql=sql), [*strict_params, *loose_params, *inner_params]


def _on_inner_row(expression) -> tuple[str, list]:
    """`expression`, written on EntryVector's fields, as SQL on the inner query's row `r` (whose
    columns carry the same names)."""
    from search.models import EntryVector

    sql, params = EntryVector.objects.annotate(v=expression).values("v").query.sql_with_params()
    prefix, suffix = "SELECT ", f' AS "v" FROM "{EntryVector._meta.db_table}"'
    if not (sql.startswith(prefix) and sql.endswith(suffix)):
        raise RuntimeError(f"unexpected SQL for a ranking expression: {sql}")
    return sql[len(prefix) : -len(suffix)].replace(f'"{EntryVector._meta.db_table}".', "r."), list(params)


def _score(query, compiler, config):
    """The relevance of `query`: its rank on the title times the title_norm, plus its rank on the
    body (Wagtail's weights; the whole query in one `ts_rank` a vector, see the module docstring)."""
    tsquery = compiler.build_tsquery(query, config=config)
    return SearchRank(F("title"), tsquery, weights=compiler.sql_weights) * F("title_norm") + SearchRank(
        F("body"), tsquery, weights=compiler.sql_weights
    )


def _contains(query, compiler, config) -> Q:
    """The row matches `query` (And/Or of word lists), tested on each vector apart: a word is in
    `title || body` exactly when it is in the title or in the body, and `@@` of one word on a vector
    is a lookup, where concatenating the two vectors for every match copies them (44 ms for 16,000
    matches)."""
    if isinstance(query, PlainText):
        words = [word for word in re.split(r"[\s\-]+", query.query_string) if word]
        tests = []
        for word in words:
            lexeme = compiler.build_tsquery(PlainText(word), config=config)
            tests.append(Q(Matches(F("title"), lexeme)) | Q(Matches(F("body"), lexeme)))
        return reduce(lambda a, b: a & b, tests) if query.operator == "and" else reduce(lambda a, b: a | b, tests)
    if isinstance(query, (And, Or)):
        parts = [_contains(sub, compiler, config) for sub in query.subqueries]
        return reduce(lambda a, b: a & b, parts) if isinstance(query, And) else reduce(lambda a, b: a | b, parts)
    raise TypeError(f"unsupported query: {query!r}")
