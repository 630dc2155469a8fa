"""Site search across resources, news, textbooks and (for members) experts: one function that the
search page and the JSON API both call, so both apply the same visibility rules and ranking."""

import re
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core import i18n
from core.models import Major
from core.roles import can_view_members_content
from core.visibility import hidden_page_paths, shut_out, visible_pages
from events.models import EventPage, EventType
from expertpool.models import CandidateState, ExpertCandidate
from news.models import NewsArticlePage
from publications.models import TextbookPage
from resources.models import CourseResourcePage, ResourceType

from . import chinese
from .entry_points import ENTRY_POINTS, matching_entry_points
from .one_pass import (
    FACET_FIELDS,
    FacetLabels,
    Selection,
    facts_condition,
    holding,
    most_first,
    search_once,
    visible_sql,
)
from .query import build_query, corrections, has_parts, words_with_synonym_terms
from .synonyms import synonym_map

MAX_LIMIT = 50
MAX_PAGE = 100
MAX_CORRECTIONS_TRIED = 5
SNIPPET_CHARS = 120


#: Where a search spends its time (bench/search_bench.py reads it): phase -> Spent, and the clock of
#: the database server's CPU (PostgreSQL: the backend process's), or None when nobody measures.
_phases: ContextVar[tuple[dict, object] | None] = ContextVar("search_phases", default=None)


@dataclass
class Spent:
    """Seconds spent in one phase: wall clock, this process's CPU, the database server's CPU."""

    wall: float = 0.0
    cpu: float = 0.0
    server: float = 0.0

    def add(self, other: "Spent") -> None:
        self.wall += other.wall
        self.cpu += other.cpu
        self.server += other.server


@contextmanager
def timed_phases(server_cpu=None):
    """Collect, for the searches run inside, what each phase costs (`Spent`): one_pass (match, rank
    and facets in one statement, search/one_pass.py), or on the other backends match (counting what
    matches), rank (the best hits, ordered), facets; fetch (loading the hits' objects, snippets).
    `server_cpu()`: the database server's CPU seconds so far, read before and after each phase."""
    phases: dict[str, Spent] = {}
    with holding(_phases, (phases, server_cpu)):
        yield phases


def _clock(server_cpu) -> Spent:
    return Spent(time.perf_counter(), time.process_time(), server_cpu() if server_cpu else 0.0)


@contextmanager
def _phase(name: str):
    measuring = _phases.get()
    if measuring is None:
        yield
        return
    phases, server_cpu = measuring
    started = _clock(server_cpu)
    try:
        yield
    finally:
        ended = _clock(server_cpu)
        spent = phases.setdefault(name, Spent())
        spent.add(Spent(ended.wall - started.wall, ended.cpu - started.cpu, ended.server - started.server))


class SearchError(ValueError):
    """Bad parameters: the message says which and why (the API answers 400 with it)."""


@dataclass
class Hit:
    id: int | None
    external_id: str | None
    type: str
    title: str
    url: str
    snippet: str
    score: float

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "external_id": self.external_id,
            "type": self.type,
            "title": self.title,
            "url": self.url,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


@dataclass
class Outcome:
    query: str
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None
    page: int = 1
    limit: int = 10
    #: Of `count`, how many contain the query's words whole (None when no word has parts).
    whole_count: int | None = None

    @property
    def whole_words(self) -> str:
        """The query's words as the whole tier matches them, quoted: “专家库”“入库”. The whole tier
        contains each of these words whole, not necessarily the query as one phrase."""
        return "".join(f"“{word}”" for word in words_with_synonym_terms(self.query, synonym_map()))

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.count // self.limit)))

    @property
    def reachable(self) -> int:
        """How many of the hits the pages can show (page numbers stop at MAX_PAGE)."""
        return min(self.count, MAX_PAGE * self.limit)


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    major: int | None = None
    resource_type: str = ""
    year: int | None = None
    school: str = ""

    @property
    def narrows_resources(self) -> bool:
        return bool(self.facet_values())

    def facet_values(self) -> dict:
        """The resource facets chosen, by field (one_pass.FACET_FIELDS): {"major_id": 3, …}."""
        chosen = {"resource_type": self.resource_type, "major_id": self.major, "year": self.year, "school": self.school}
        return {name: value for name, value in chosen.items() if value}


TYPE_LABELS = {
    "service": _("服务入口"),
    "page": _("栏目页面"),
    "resource": _("教学资源"),
    "news": _("新闻"),
    "event": _("活动"),
    "publication": _("教材"),
    "expert": _("专家"),
}


def _text(page) -> str:
    """What a page's snippet quotes: its summary or introduction, else its body as text."""
    for name in ("summary", "introduction", "hero_text", "search_description"):
        value = getattr(page, name, "")
        if value:
            return str(value)
    for name in ("body", "intro", "description"):
        value = getattr(page, name, None)
        if value:
            return strip_tags(value.render_as_block() if hasattr(value, "render_as_block") else str(value))
    return ""


def _event_text(page) -> str:
    return (
        f"{page.get_event_type_display()} · {page.location} {page.summary or strip_tags(page.body.render_as_block())}"
    )


def _textbook_text(page) -> str:
    return f"{page.authors} {page.publisher} {strip_tags(page.description)}"


def _page_url(page, request) -> str:
    return page.get_url(request)


def _expert_url(expert, request) -> str:
    from django.urls import reverse

    return f"{reverse('expertpool:directory')}?q={expert.name}"


#: Page types with a search type of their own; every other live page type is searched as "page".
PAGE_KINDS = {
    CourseResourcePage: ("resource", _text),
    NewsArticlePage: ("news", _text),
    EventPage: ("event", _event_text),
    TextbookPage: ("publication", _textbook_text),
}


@dataclass(frozen=True)
class Source:
    kind: str
    shared_queryset: object  # never evaluated: read it through `queryset`
    text_of: object
    url_of: object
    #: For a backend whose match rows carry the resource facets (PostgreSQL), the resources' rows
    #: this user may not see, as sets of keys (core.visibility.shut_out); empty otherwise.
    shut_out: tuple = ()

    @property
    def queryset(self):
        """The visible queryset, as a fresh copy (the source is shared by every user of its
        audience, so its own queryset must never cache rows)."""
        return self.shared_queryset.all()


def searchable_page_models() -> list[type]:
    """Every page type a visitor can reach (all but Wagtail's bare root type)."""
    from wagtail.models import Page, get_page_models

    return [model for model in get_page_models() if model is not Page and not model._meta.abstract]


#: Sources per audience: core.visibility reads two things of a user — the restricted sections
#: hidden from them and whether they may see members-only content — so users alike in both see
#: the same querysets. Building them (and compiling their SQL, `_selection_sql`) took 3–5 ms of
#: every search.
_AUDIENCE_SOURCES: dict[tuple, tuple[Source, ...]] = {}
_MAX_AUDIENCES = 64


def _sources(user) -> list[Source]:
    """What this user may see, as one source per model; several page types share the kind "page"."""
    hidden_paths = hidden_page_paths(user)
    audience = (tuple(hidden_paths), can_view_members_content(user))
    build = lambda: tuple(_build_sources(user, hidden_paths))  # noqa: E731
    return list(_remembered(_AUDIENCE_SOURCES, audience, build, most=_MAX_AUDIENCES))


_REMEMBERING = threading.Lock()


def _remembered(cache: dict, key, build, *, most: int):
    """`cache[key]`, built by `build()` when missing; past `most` entries the oldest goes. Writers
    take a lock (a server's threads share the caches: evicting iterates the dict, which another
    thread's insert would break); readers need none."""
    found = cache.get(key)
    if found is None:
        found = build()
        with _REMEMBERING:
            if len(cache) >= most:
                cache.pop(next(iter(cache)), None)
            cache[key] = found
    return found


def _build_sources(user, hidden_paths: list[str]) -> list[Source]:
    sources = []
    # PostgreSQL's one statement checks every match: the pages not listed, gathered once as a set,
    # cost it less than reading each match's page; and its match rows carry the resource facets,
    # so resources are checked against sets alone (docs/search.md).
    postgres = uses_postgres_search()
    for model in searchable_page_models():
        kind, text_of = PAGE_KINDS.get(model, ("page", _text))
        queryset = visible_pages(model.objects.all(), user, hidden_paths=hidden_paths, unlisted_as_set=postgres)
        sets = tuple(shut_out(model, user, hidden_paths=hidden_paths)) if postgres and kind == "resource" else ()
        sources.append(Source(kind, queryset, text_of, _page_url, sets))
    if can_view_members_content(user):
        sources.append(
            Source(
                "expert",
                ExpertCandidate.objects.filter(state=CandidateState.APPOINTED),
                lambda expert: f"{expert.employer} {expert.keywords} {expert.bio}",
                _expert_url,
            )
        )
    order = list(TYPE_LABELS)
    return sorted(sources, key=lambda source: order.index(source.kind))


def uses_sqlite_fts() -> bool:
    """Is the search backend Wagtail's SQLite FTS5 one? (Checked by name: its module cannot even be
    imported on another database.)"""
    from wagtail.search.backends import get_search_backend

    return any(cls.__name__ == "SQLiteSearchBackend" for cls in type(get_search_backend()).__mro__)


def uses_postgres_search() -> bool:
    """Is the search backend Wagtail's PostgreSQL one? (By name, as `uses_sqlite_fts`.)"""
    from wagtail.search.backends import get_search_backend

    return any(cls.__name__ == "PostgresSearchBackend" for cls in type(get_search_backend()).__mro__)


def _top_hits(queryset, query, *, count: int) -> list[tuple[float, object]]:
    """The best `count` objects matching `query` (a built query) with their relevance (higher is better)."""
    results = queryset.search(query)
    with _phase("rank"):  # ranked and fetched in one query
        return [(float(obj._score or 0.0), obj) for obj in results.annotate_score("_score")[:count]]


def _ranked(queryset, built, strict, *, count: int) -> list[tuple[int, float, object]]:
    """[(tier, relevance, object)]: the best `count` of the objects containing the whole query
    words (tier 0), then of those matching only through the words' parts (tier 1). (Backends without
    a one-pass match: Elasticsearch, the plain database fallback.)"""
    if strict is None:
        return [(0, score, obj) for score, obj in _top_hits(queryset, built, count=count)]
    whole = _top_hits(queryset, strict, count=count)
    ranked = [(0, score, obj) for score, obj in whole]
    if len(whole) < count:
        seen = {obj.pk for _, obj in whole}
        loose = _top_hits(queryset, built, count=count + len(whole))
        ranked += [(1, score, obj) for score, obj in loose if obj.pk not in seen][: count - len(whole)]
    return ranked


def highlight_words(query: str) -> list[str]:
    """What to mark in snippets: the query's words, their parts and their synonyms' words."""
    synonyms = synonym_map()
    words = words_with_synonym_terms(query, synonyms)
    marked = set(words)
    for word in words:
        marked.update(chinese.word_parts(word))
        for expansion in synonyms.get(word, []):
            marked.update(chinese.query_words(expansion))
    return sorted((w for w in marked if w), key=len, reverse=True)


def make_snippet(text: str, words: list[str], length: int = SNIPPET_CHARS) -> str:
    """An HTML-safe excerpt around the first match, matches wrapped in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    lowered = text.lower()
    positions = [lowered.find(w) for w in words if w and lowered.find(w) >= 0]
    start = max(0, min(positions) - length // 4) if positions else 0
    excerpt = text[start : start + length]
    html = escape(excerpt)
    if words:
        pattern = re.compile("|".join(re.escape(escape(w)) for w in words), re.IGNORECASE)
        html = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return prefix + html + suffix


def _resource_counts(results) -> tuple[int, dict[str, dict]]:
    """How many resources match, and per facet field {value: count} (most first), from one
    GROUP BY over the matches instead of a count and a query per facet."""
    from django.db.models import Count

    from .backends import matching_queryset

    groups = matching_queryset(results).order_by().values(*FACET_FIELDS).annotate(n=Count("pk"))
    counts: dict[str, dict] = {name: {} for name in FACET_FIELDS}
    total = 0
    for group in groups:
        total += group["n"]
        for name in FACET_FIELDS:
            counts[name][group[name]] = counts[name].get(group[name], 0) + group["n"]
    return total, {name: dict(sorted(values.items(), key=most_first)) for name, values in counts.items()}


#: The one statement also returns the names of the majors it counts (search/one_pass.py).
MAJOR_LABELS = FacetLabels("major_id", Major, ("name", "name_en"))


def _resource_facets(counts: dict[str, dict], names: dict | None = None) -> dict:
    """The resource facets to show. `names`: {major id: (name, English name)} when the statement
    returned them; otherwise the majors are read."""
    if names is None:
        shown = Major.objects.filter(pk__in=[pk for pk in counts["major_id"] if pk is not None])
    else:
        shown = [Major(pk=pk, name=name, name_en=name_en) for pk, (name, name_en) in names.items()]
    majors = {major.pk: major.label for major in shown}  # English on the English site
    type_labels = dict(ResourceType.choices)
    return {
        "resource_type": [
            {"value": k, "label": type_labels.get(k, k), "count": v} for k, v in counts["resource_type"].items()
        ],
        "major": [{"value": k, "label": majors.get(k, str(k)), "count": v} for k, v in counts["major_id"].items()],
        "year": sorted(
            ({"value": k, "label": str(k), "count": v} for k, v in counts["year"].items()),
            key=lambda f: -f["value"],
        ),
        "school": [{"value": k, "label": k, "count": v} for k, v in counts["school"].items()],
    }


def _page_types_matching(query) -> set[int] | None:
    """The content types of the live pages `query` matches, in one query: a page type with no match
    is not searched at all (each type's own search runs the whole match again). None when the
    backend cannot tell (no facets): then every type is searched."""
    from wagtail.models import Page

    results = Page.objects.live().search(query)
    if not getattr(results, "supports_facet", False):
        return None
    return set(results.facet("content_type_id"))


def vocabulary() -> list[str]:
    """Known spellings for “did you mean”; a correction is offered only if it finds something the
    asking user may see (`_finds_anything`), so a word here never leads to an empty or private page."""
    words = set(Major.objects.values_list("name", flat=True)) | set(synonym_map())
    words |= chinese.dictionary_words()
    words |= {str(label) for label in ResourceType.labels}
    words |= {str(label) for _, label in EventType.choices}
    for entry in ENTRY_POINTS:
        words |= set(chinese.query_words(f"{entry.title} {entry.keywords}"))
    return sorted(words)


def _check(query: str, limit: int, page: int) -> None:
    if len(query) > chinese.MAX_QUERY_CHARS:
        raise SearchError(_("查询过长：最多 %(n)s 个字符。") % {"n": chinese.MAX_QUERY_CHARS})
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(_("limit 应在 1 到 %(n)s 之间。") % {"n": MAX_LIMIT})
    if not 1 <= page <= MAX_PAGE:
        raise SearchError(_("page 应在 1 到 %(n)s 之间。") % {"n": MAX_PAGE})


def _narrowed(source: Source, filters: Filters):
    queryset = source.queryset
    if source.kind == "resource":
        queryset = queryset.filter(**filters.facet_values())
    return queryset


def _wanted_kinds(filters: Filters, available: list[str]) -> list[str]:
    wanted = [kind for kind in (filters.types or TYPE_LABELS) if kind in available]
    if filters.narrows_resources:
        wanted = [kind for kind in wanted if kind == "resource"]
    return wanted


def _finds_anything(query: str, user, sources: list[Source]) -> bool:
    """Would searching `query` (no filters) list anything to this user?"""
    if matching_entry_points(query, user):
        return True
    return any(source.queryset.search(query).count() for source in sources)


def did_you_mean(query: str, user) -> str | None:
    """The likeliest correction of `query` that finds something this user may see, or None."""
    sources = _sources(user)
    for candidate in corrections(query, vocabulary(), most=MAX_CORRECTIONS_TRIED):
        if _finds_anything(candidate, user, sources):
            return candidate
    return None


def site_search(
    *, query: str, user, filters: Filters = Filters(), page: int = 1, limit: int = 10, request=None
) -> Outcome:  # noqa: B008
    """Ranked, paginated hits with facets, over every page type, the app sections and (for members)
    experts; only what this user may see (core.visibility). Hits containing the whole query words come
    before hits that match only through their parts; `count` is what the pages can list."""
    query = (query or "").strip()
    _check(query, limit, page)
    outcome = Outcome(query=query, page=page, limit=limit)
    built = build_query(query)
    if built is None:
        return outcome
    strict = build_query(query, parts=False) if has_parts(query) else None
    sources = _sources(user)
    wanted = _wanted_kinds(filters, [*(source.kind for source in sources), "service"])
    words = highlight_words(query)
    wanted_count = page * limit
    ranked, type_counts, whole_count = [], dict.fromkeys(wanted, 0), 0
    if "service" in wanted:
        # App sections come first when they contain the whole query words (like promoted results).
        whole = set() if strict is None else {e for _, e in matching_entry_points(query, user, whole_words_only=True)}
        for score, entry in matching_entry_points(query, user):
            is_whole = strict is None or entry in whole
            ranked.append((-1 if is_whole else 1, score, "service", entry, None))
            type_counts["service"] += 1
            whole_count += is_whole
    match = _match_ctes(built, strict)
    if match is not None:
        whole_count += _search_one_pass(match, sources, wanted, filters, wanted_count, ranked, type_counts, outcome)
        sources = []  # all done in one statement
    with _phase("match"):
        page_types = _page_types_matching(built) if sources else set()
    for source in sources:
        if source.kind not in wanted or not _may_match(source, page_types):
            continue
        queryset = _narrowed(source, filters)
        results = queryset.search(built)
        if source.kind == "resource":
            with _phase("facets"):  # the count and every facet in one query
                found, counts = _resource_counts(results)
                if found:
                    outcome.facets.update(_resource_facets(counts))
        else:
            with _phase("match"):
                found = results.count()
        if not found:
            continue
        with _phase("match"):
            whole_count += queryset.search(strict).count() if strict is not None else found
        type_counts[source.kind] += found
        for tier, score, obj in _ranked(queryset, built, strict, count=wanted_count):
            ranked.append((tier, score, source.kind, obj, source))
    ranked.sort(key=lambda item: (item[0], -item[1]))
    outcome.count = sum(type_counts.values())
    outcome.whole_count = whole_count if strict is not None else None
    outcome.facets["type"] = [
        {"value": kind, "label": str(TYPE_LABELS[kind]), "count": n} for kind, n in type_counts.items() if n
    ]
    with _phase("fetch"):
        for _tier, score, kind, obj, source in _loaded(ranked[(page - 1) * limit : page * limit]):
            outcome.hits.append(_hit(kind, obj, source, score, words, request, user))
    if outcome.count == 0:
        outcome.suggestion = did_you_mean(query, user)
    return outcome


#: The match SQL per (backend, query, strict form): a pure function of the built queries, whose
#: reprs spell them out whole (words, operators, synonyms, parts). Compiling Wagtail's ranking
#: expressions took 1.7 ms of a search on PostgreSQL.
_MATCHES: dict[tuple[str, str, str], tuple[str, tuple]] = {}
_MAX_MATCHES = 512


def _match_ctes(built, strict):
    """The backend's one-pass match (search/one_pass.py), or None when it has none (Elasticsearch,
    the plain database fallback): then every model is searched through Wagtail's API."""
    if uses_sqlite_fts():
        from .backends.sqlite_ranking import match_ctes
    elif uses_postgres_search():
        from .backends.postgres_ranking import match_ctes
    else:
        return None
    key = (match_ctes.__module__, repr(built), repr(strict))
    sql, params = _remembered(_MATCHES, key, lambda: _frozen(match_ctes(built, strict)), most=_MAX_MATCHES)
    return sql, list(params)


def _frozen(match: tuple[str, list]) -> tuple[str, tuple]:
    return match[0], tuple(match[1])


def _search_one_pass(match, sources, wanted, filters, count, ranked, type_counts, outcome) -> int:
    """Every model this user may search, counted, faceted and ranked in one statement over one read
    of the match (search/one_pass.py). Returns how many hits contain the query words whole."""
    from django.contrib.contenttypes.models import ContentType

    # The faceted model (resources) first: SQLite plans the first join over the matches best.
    chosen = sorted(
        (source for source in sources if source.kind in wanted), key=lambda source: source.kind != "resource"
    )
    selections = [
        Selection(
            ContentType.objects.get_for_model(source.shared_queryset.model).pk,
            _selection_sql(source, filters, source.kind == "resource"),
            source.kind == "resource",
            on_match=bool(source.shut_out),
        )
        for source in chosen
    ]
    with _phase("one_pass"):
        found = search_once(match, selections, top=count, labels=(MAJOR_LABELS,))
    whole_count = 0
    for source, selection, into in zip(chosen, selections, found, strict=True):
        if not into.count:
            continue
        type_counts[source.kind] += into.count
        whole_count += into.whole
        if selection.faceted:
            outcome.facets.update(_resource_facets(into.facets, into.labels.get(MAJOR_LABELS.facet, {})))
        for pk, score, tier in into.top:
            ranked.append((tier, score, source.kind, _Unloaded(pk, filters), source))
    return whole_count


@dataclass(frozen=True)
class _Unloaded:
    """A ranked hit known by its key: loaded only if it lands on the page shown."""

    pk: int
    filters: Filters


def _loaded(shown: list[tuple]) -> list[tuple]:
    """The shown slice of the ranking with its objects loaded, one query per model on it. A hit
    the user may no longer see (deleted, unpublished, made members-only since the statement ran)
    is left out."""
    wanted: dict[tuple, list[int]] = {}
    for _tier, _score, _kind, obj, source in shown:
        if isinstance(obj, _Unloaded):
            wanted.setdefault((source, obj.filters), []).append(obj.pk)
    objects = {key: _load_hits(*key, pks) for key, pks in wanted.items()}
    loaded = []
    for tier, score, kind, obj, source in shown:
        if isinstance(obj, _Unloaded):
            obj = objects[(source, obj.filters)].get(obj.pk)
            if obj is None:
                continue
        loaded.append((tier, score, kind, obj, source))
    return loaded


def _load_hits(source: Source, filters: Filters, pks: list[int]) -> dict:
    """{key: object} of the hits `pks` that `source` still lists under `filters`, in one query
    whose SQL is compiled once per number of hits (`_hits_sql`: compiling the visible queryset took
    a third of loading the hits)."""
    compiled = _hits_sql(source, filters, len(pks))
    if compiled is None:
        return _narrowed(source, filters).in_bulk(pks)
    sql, params, positions = compiled
    values = list(params)
    for position, pk in zip(positions, pks, strict=True):
        values[position] = pk
    return {obj.pk: obj for obj in source.shared_queryset.model.objects.raw(sql, values)}


@lru_cache(maxsize=1024)
def _hits_sql(source: Source, filters: Filters, count: int) -> tuple[str, tuple, tuple[int, ...]] | None:
    """The SQL loading `count` hits of `source` under `filters`, with stand-in keys (negative: no
    object has one) and where they sit among its parameters; None if a stand-in cannot be told
    apart from another parameter."""
    stand_ins = [-(n + 1) for n in range(count)]
    sql, params = _narrowed(source, filters).filter(pk__in=stand_ins).order_by().query.sql_with_params()
    if any(list(params).count(key) != 1 for key in stand_ins):
        return None
    return sql, tuple(params), tuple(list(params).index(key) for key in stand_ins)


@lru_cache(maxsize=512)
def _selection_sql(source: Source, filters: Filters, faceted: bool) -> tuple[str, tuple]:
    """The SQL of what `source` lists under `filters`, compiled once per source (sources are
    shared per audience, `_sources`): a condition on the match rows when they carry the facets
    (`Source.shut_out`), else the visible queryset to join."""
    if source.shut_out:
        return facts_condition(list(source.shut_out), filters.facet_values())
    return visible_sql(_narrowed(source, filters), faceted)


def _may_match(source: Source, page_types: set[int] | None) -> bool:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    if page_types is None or not issubclass(source.queryset.model, Page):
        return True
    return ContentType.objects.get_for_model(source.queryset.model).pk in page_types


def _hit(kind, obj, source, score, words, request, user) -> Hit:
    if kind == "service":
        return Hit(
            id=None,
            external_id=None,
            type=kind,
            title=str(obj.title),
            url=i18n.shown_url(obj, obj.url),
            snippet=make_snippet(str(obj.description), words),
            score=float(score),
        )
    return Hit(
        id=obj.pk,
        external_id=getattr(obj, "external_id", None),
        type=kind,
        title=i18n.shown_title(obj, obj.name if kind == "expert" else obj.title, user),
        url=i18n.shown_url(obj, source.url_of(obj, request), request, user),
        snippet=make_snippet(source.text_of(obj), words),
        score=float(score),
    )


def suggest_titles(*, prefix: str, user, limit: int = 8) -> list[dict]:
    """Autocomplete: titles of the app sections and of every page type this user may see that start
    like the prefix."""
    prefix = (prefix or "").strip()[:50]
    if not chinese.query_words(prefix):
        return []
    suggestions = [
        {"title": str(entry.title), "type": "service", "url": entry.url}
        for _, entry in matching_entry_points(prefix, user)
    ]
    for source in _sources(user):
        if source.kind == "expert" or len(suggestions) >= limit:
            continue
        for page in source.queryset.autocomplete(prefix)[:limit]:
            suggestions.append({"title": page.title, "type": source.kind, "url": page.url})
    return suggestions[:limit]
