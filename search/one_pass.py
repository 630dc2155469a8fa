"""Counting, faceting and ranking a query's matches in ONE SQL statement (SQLite FTS5, PostgreSQL).

The database backend names what a query matches as rows (content type, pk, relevance, whole), read
once: `whole` says whether the row also contains the query's words whole (search/query.py's strict
form), and such a row carries the strict form's relevance. Each model the user may search then
joins those rows with its own visible queryset, built by `core.visibility.visible_pages` as every
listing's is (the rule stays in one place, evaluated by the database in the same statement), and one
UNION ALL returns, per model: how many it may list and how many of them are whole, the resource
facets (and the names of the majors among them), and its best `top` rows ordered by tier (whole
first) and relevance. Nothing is computed per row in Python and no model runs the match again.

On PostgreSQL the match rows also carry the resource facets (search/supports.py), and resources are
taken from them by a condition on the row alone (`facts_condition`): not in any of the small sets
core.visibility's `shut_out` names for the user, each hashed once — no resource or page row is read
for a match (`Selection.on_match`).

Before (see docs/benchmarks.md), the match and its bm25 came back to Python as one row per hit
(30,000 for 1+X at 100,000 resources), were sent back as a list of ids for the visibility check,
and were counted, faceted and sorted in Python (on PostgreSQL each model ranked with Wagtail's
`annotate_score`, twice).
"""

import re
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F

#: Facet fields of resources, in the order the statement returns them.
FACET_FIELDS = ("resource_type", "major_id", "year", "school")
#: Equal relevance: the order each backend's own ranking gave before (Wagtail's PostgreSQL backend
#: orders by rank, then -pk; the SQLite path listed ties by rowid). Changing it moved 汽车维修's
#: judged hits on PostgreSQL (recall@10 1.00 → 0.75).
TIE_ORDER = {"postgresql": "DESC", "sqlite": "ASC"}
# Typed NULLs, so that PostgreSQL gives every UNION ALL branch the same column types.
NO_SCORE = "CAST(NULL AS DOUBLE PRECISION)"
NULL_FACET = {
    "resource_type": "CAST(NULL AS TEXT)",
    "major_id": "CAST(NULL AS INTEGER)",
    "year": "CAST(NULL AS INTEGER)",
    "school": "CAST(NULL AS TEXT)",
}
NO_FACETS = ", ".join(NULL_FACET[name] for name in FACET_FIELDS)


@dataclass
class Found:
    """What one model contributes: its count, how many are whole, its best rows, and facets."""

    count: int = 0
    whole: int = 0
    top: list[tuple[int, float, int]] = field(default_factory=list)  # (pk, relevance, tier)
    facets: dict[str, dict] = field(default_factory=dict)  # field -> {value: count}, most first
    labels: dict[str, dict] = field(default_factory=dict)  # facet -> {value: its two labels}


class Selection(NamedTuple):
    """A model to search in the statement: its content type, which of the matches it may list as
    SQL and parameters, and whether its facets are counted. `on_match`: that SQL is a condition on
    the match row `x`, which carries the facets itself (`facts_condition`); otherwise it is the
    model's visible queryset to join (`visible_sql`)."""

    content_type: int
    visible: tuple[str, tuple]
    faceted: bool
    on_match: bool = False


class FacetLabels(NamedTuple):
    """A facet whose values are keys of another model (major_id → Major): the statement also
    returns, for the values it found, that model's two label columns (a name and its English
    name), so that showing the facet costs no query of its own."""

    facet: str
    model: type
    columns: tuple[str, str]


def visible_sql(queryset, faceted: bool) -> tuple[str, tuple]:
    """The model's visible queryset as a subquery with named columns (hit_pk, and facets)."""
    columns = {"hit_pk": F("pk")}
    if faceted:
        columns.update({f"f_{name}": F(name) for name in FACET_FIELDS})
    sql, params = queryset.order_by().values(**columns).query.sql_with_params()
    return sql, tuple(params)


#: A match row that carries facets stands for an existing resource (search/supports.py: the
#: triggers keep them exactly while the resource row exists).
FACTS_PRESENT = f"x.f_{FACET_FIELDS[0]} IS NOT NULL"


def facts_condition(shut_out: list, facet_values: dict) -> tuple[str, tuple]:
    """Which match rows a model may list, for a backend whose match rows carry the facets: rows
    with facets, in none of the `shut_out` sets (querysets of primary keys: core.visibility's
    `shut_out`) and with the chosen facet values ({field: value}, FACET_FIELDS)."""
    conditions, params = [FACTS_PRESENT], []
    for pks in shut_out:
        sql, set_params = pks.query.sql_with_params()
        conditions.append(f"NOT (x.pk IN ({sql}))")
        params += set_params
    for name, value in facet_values.items():
        if name not in FACET_FIELDS:
            raise ValueError(f"not a facet: {name}")
        conditions.append(f"x.f_{name} = %s")
        params.append(value)
    return " AND ".join(conditions), tuple(params)


# SAFE_SQL: the statement is put together from constant text, numbered names (s0, t0 …) and the SQL
# Django compiles for the visible querysets; every value (query words, content types, limits,
# visibility paths) is a parameter.


def _facet_columns(alias: str) -> str:
    """`, <alias>.f_resource_type AS f_resource_type, …`: the facets a selection passes on."""
    return "".join(f", {alias}.f_{name} AS f_{name}" for name in FACET_FIELDS)


def _labels_part(index: int, number: int, labels: FacetLabels) -> tuple[str, list]:
    """Kind 10 + number: a key (a) and its two labels (in the first and last facet slots, both text)."""
    from django.db.models.expressions import RawSQL

    first, second = labels.columns
    rows = (
        labels.model.objects.filter(pk__in=RawSQL(f"SELECT f_{labels.facet} FROM s{index}", ()))  # noqa: S608, S611 - SAFE_SQL
        .order_by()
        .values(label_key=F("pk"), label_a=F(first), label_b=F(second))
    )
    sql, params = rows.query.sql_with_params()
    middle = ", ".join(NULL_FACET[name] for name in FACET_FIELDS[1:-1])
    return (
        f"SELECT {index}, {10 + number}, l.label_key, {NO_SCORE}, NULL, l.label_a, {middle}, l.label_b FROM ({sql}) l",  # noqa: S608
        list(params),
    )


def _statement(match: tuple[str, list], selections: list[Selection], *, top: int, labels=()):
    """(common table expressions, their parameters, result parts, their parameters)."""
    match_sql, match_params = match
    ctes = [match_sql]
    params: list = list(match_params)
    faceted_types = [selection.content_type for selection in selections if selection.faceted]
    rest = "m"
    if faceted_types:
        # The faceted model (resources) holds nearly every match; the others read only the rest.
        rest = "m_rest"
        placeholders = ", ".join(["%s"] * len(faceted_types))
        ctes.append(f"m_rest AS MATERIALIZED (SELECT * FROM m WHERE ct NOT IN ({placeholders}))")  # noqa: S608
        params += faceted_types
    parts: list[str] = []
    part_params: list = []
    for index, (content_type, (visible_sql, visible_params), faceted, on_match) in enumerate(selections):
        if on_match:
            # The match rows carry the facets: no table row of the model is read.
            ctes.append(
                f"s{index} AS MATERIALIZED (SELECT x.pk, x.score, x.whole{_facet_columns('x')} "  # noqa: S608 - SAFE_SQL
                f"FROM m x WHERE x.ct = %s AND {visible_sql})"
            )
            params += [content_type, *visible_params]
        elif faceted:
            ctes.append(
                f"s{index} AS MATERIALIZED (SELECT x.pk, x.score, x.whole{_facet_columns('q')} FROM m x "  # noqa: S608 - SAFE_SQL
                f"JOIN ({visible_sql}) q ON q.hit_pk = x.pk WHERE x.ct = %s)"
            )
            params += [*visible_params, content_type]
        else:
            # A small model: its visible ids as a set. (A join would let SQLite build a Bloom filter
            # over the whole page table for the few matches of each model: 4 ms a model.)
            ctes.append(
                f"s{index} AS MATERIALIZED (SELECT x.pk, x.score, x.whole FROM {rest} x "  # noqa: S608 - SAFE_SQL
                f"WHERE x.ct = %s AND x.pk IN (SELECT q.hit_pk FROM ({visible_sql}) q))"
            )
            params += [content_type, *visible_params]
        # Each part: (selection, kind, a, score, c, four facet values); kinds: 0 the count (a) and
        # whole count (c), 1 + n the facet FACET_FIELDS[n] (value, count a), 9 a top row (pk a),
        # 10 + n a value of the facet labels[n] and its labels (`_labels_part`).
        parts.append(f"SELECT {index}, 0, COUNT(*), {NO_SCORE}, SUM(whole), {NO_FACETS} FROM s{index}")  # noqa: S608
        if faceted:
            for number, name in enumerate(FACET_FIELDS):
                values = ", ".join(f"f_{name}" if other == name else NULL_FACET[other] for other in FACET_FIELDS)
                parts.append(
                    f"SELECT {index}, {1 + number}, COUNT(*), {NO_SCORE}, NULL, {values} FROM s{index} GROUP BY f_{name}"  # noqa: S608
                )
            for number, facet_labels in enumerate(labels):
                sql, label_params = _labels_part(index, number, facet_labels)
                parts.append(sql)
                part_params += label_params
        parts.append(
            f"SELECT * FROM (SELECT {index}, 9, pk, score, whole, {NO_FACETS} FROM s{index} "  # noqa: S608
            f"ORDER BY whole DESC, score DESC, pk {TIE_ORDER[connection.vendor]} LIMIT %s) t{index}"
        )
        part_params.append(top)
    return ctes, params, parts, part_params


#: PostgreSQL settings for the statement alone (SET LOCAL, in its own transaction):
#: - jit off: a broad query's estimated cost passes jit_above_cost, and compiling the statement
#:   took longer than running it (234 ms of 775 for 教学设计 at 100,000 resources);
#: - work_mem: the sets of what a user may not see (core.visibility's `shut_out`) are hashed only
#:   while PostgreSQL expects them to fit in work_mem × hash_mem_multiplier; past that, NOT IN
#:   would scan a set again for every match. 32 MB holds the ids of over a million pages.
POSTGRES_SETTINGS = {"jit": "off", "work_mem": "32MB"}


def _rows(sql: str, params: list) -> list[tuple]:
    # A transaction only on PostgreSQL, for its settings (POSTGRES_SETTINGS). Not on SQLite, where
    # the site begins transactions with IMMEDIATE (the write lock, settings/base.py): every search
    # would queue behind every writer and every other process's search.
    postgres = connection.vendor == "postgresql"
    with transaction.atomic() if postgres else nullcontext(), connection.cursor() as cursor:
        if postgres:
            names = ", ".join("set_config(%s, %s, true)" for _ in POSTGRES_SETTINGS)
            cursor.execute(f"SELECT {names}", [v for item in POSTGRES_SETTINGS.items() for v in item])  # noqa: S608
        cursor.execute(sql, params)
        return cursor.fetchall()


def search_once(
    match: tuple[str, list], selections: list[Selection], *, top: int, labels: tuple[FacetLabels, ...] = ()
) -> list[Found]:
    """One statement for every selection against the match rows: `match` is the backend's common
    table expressions, the last one `m` with columns ct, pk, score, whole (1 or 0) and, on a backend
    whose entries carry them, the facets f_<field>. `labels`: facets of the faceted selections
    whose values' labels come back too (Found.labels). Returns one Found per selection."""
    ctes, params, parts, part_params = _statement(match, selections, top=top, labels=labels)
    if _breakdown.get() is not None:
        _break_down(match, ctes, params, parts, part_params)
    rows = _rows("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts), params + part_params)
    found = [Found() for _ in selections]
    for index, kind, a, score, c, *facets in rows:
        into = found[index]
        if kind == 9:
            into.top.append((int(a), float(score), 0 if c else 1))
        elif kind >= 10:
            into.labels.setdefault(labels[kind - 10].facet, {})[a] = (facets[0], facets[-1])
        elif kind == 0:
            into.count, into.whole = a or 0, c or 0
        else:
            into.facets.setdefault(FACET_FIELDS[kind - 1], {})[facets[kind - 1]] = a
    for into in found:
        tie = -1 if TIE_ORDER[connection.vendor] == "DESC" else 1
        into.top.sort(key=lambda row: (row[2], -row[1], tie * row[0]))
        into.facets = {name: dict(sorted(v.items(), key=most_first)) for name, v in into.facets.items()}
    return found


def most_first(value_count: tuple) -> tuple:
    """Facet values by count, most first; equal counts by value (the database returns groups in
    no set order: PostgreSQL's hash aggregate listed two facets of 571 either way round)."""
    value, count = value_count
    return (-count, value is None, value if value is not None else 0)


#: bench/search_bench.py --breakdown: (clock, {part: seconds}) — the statement's parts timed apart.
_breakdown: ContextVar[tuple | None] = ContextVar("one_pass_breakdown", default=None)


@contextmanager
def broken_down(clock):
    """Inside, each search also runs the statement's prefixes alone and adds to the yielded dict what
    each part cost by `clock()` (seconds): match (the match and its relevance: the rows `m`),
    visibility (each model's visible matches, joined), counts_facets_rank (the rest: counts, the
    facet GROUP BYs and each model's best rows). For the bench only: it runs the work three times."""
    spent: dict[str, float] = {}
    with holding(_breakdown, (clock, spent)):
        yield spent


@contextmanager
def holding(variable: ContextVar, value):
    """`variable` set to `value` inside the block (the bench's measuring hooks)."""
    token = variable.set(value)
    try:
        yield value
    finally:
        variable.reset(token)


def _break_down(match, ctes, params, parts, part_params) -> None:
    clock, spent = _breakdown.get()
    selections = [cte.split(" ", 1)[0] for cte in ctes[1:] if re.match(r"s\d+ ", cte)]
    match_sql, match_params = match
    counts = " UNION ALL ".join(f"SELECT COUNT(*) FROM {name}" for name in selections)  # noqa: S608 - SAFE_SQL
    timings = []
    for sql, values in (
        (f"WITH {match_sql} SELECT COUNT(*) FROM m", list(match_params)),  # noqa: S608 - SAFE_SQL
        ("WITH " + ", ".join(ctes) + " " + counts, params),
        ("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts), params + part_params),
    ):
        started = clock()
        _rows(sql, values)
        timings.append(clock() - started)
    for name, seconds in zip(
        ("match", "visibility", "counts_facets_rank"),
        (timings[0], timings[1] - timings[0], timings[2] - timings[1]),
        strict=True,
    ):
        spent[name] = spent.get(name, 0.0) + seconds
