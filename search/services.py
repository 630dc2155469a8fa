"""Site search across resources, news, textbooks and (for members) experts: one function that the
search page and the JSON API both call, so both apply the same visibility rules and ranking."""

import re
from dataclasses import dataclass, field
from html import escape

from django.utils.html import strip_tags

from core.models import Major
from core.roles import can_view_members_content
from expertpool.models import CandidateState, ExpertCandidate
from news.models import NewsArticlePage
from publications.models import TextbookPage
from resources.models import CourseResourcePage, ResourceType

from . import chinese
from .backends.sqlite_ranking import ranked_ids
from .query import build_query, suggestion, words_with_synonym_terms
from .synonyms import synonym_map

MAX_LIMIT = 50
MAX_PAGE = 100
SNIPPET_CHARS = 120


class SearchError(ValueError):
    """Bad parameters: the message says which and why (the API answers 400 with it)."""


@dataclass
class Hit:
    id: int
    external_id: str | None
    type: str
    title: str
    url: str
    snippet: str
    score: float

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

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.limit))


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    major: int | None = None
    resource_type: str = ""
    year: int | None = None
    school: str = ""

    @property
    def narrows_resources(self) -> bool:
        return bool(self.major or self.resource_type or self.year or self.school)


TYPE_LABELS = {"resource": "教学资源", "news": "新闻", "publication": "教材", "expert": "专家"}


def _resource_text(page) -> str:
    return page.summary or strip_tags(page.body.render_as_block())


def _expert_url(expert, request) -> str:
    from django.urls import reverse

    return f"{reverse('expertpool:directory')}?q={expert.name}"


def _sources(user):
    """type → (queryset of what this user may see, text for the snippet, url)."""
    sources = {
        "resource": (
            CourseResourcePage.objects.live().visible_to(user).select_related("major"),
            _resource_text,
            lambda page, request: page.get_url(request),
        ),
        "news": (
            NewsArticlePage.objects.live(),
            lambda page: page.summary or strip_tags(page.body.render_as_block()),
            lambda page, request: page.get_url(request),
        ),
        "publication": (
            TextbookPage.objects.live(),
            lambda page: f"{page.authors} {page.publisher} {strip_tags(page.description)}",
            lambda page, request: page.get_url(request),
        ),
    }
    if can_view_members_content(user):
        sources["expert"] = (
            ExpertCandidate.objects.filter(state=CandidateState.APPOINTED),
            lambda expert: f"{expert.employer} {expert.keywords} {expert.bio}",
            _expert_url,
        )
    return sources


def uses_sqlite_fts() -> bool:
    """Is the search backend Wagtail's SQLite FTS5 one? (Checked by name: its module cannot even be
    imported on another database.)"""
    from wagtail.search.backends import get_search_backend

    return any(cls.__name__ == "SQLiteSearchBackend" for cls in type(get_search_backend()).__mro__)


def _top_hits(queryset, results, built_query, *, count: int, sqlite_fts: bool) -> list[tuple[float, object]]:
    """The best `count` objects with their relevance (higher is better)."""
    if sqlite_fts:
        pairs = ranked_ids(queryset, built_query, offset=0, limit=count)
        objects = queryset.in_bulk([pk for pk, _ in pairs])
        return [(score, objects[pk]) for pk, score in pairs if pk in objects]
    return [(float(obj._score or 0.0), obj) for obj in results.annotate_score("_score")[:count]]


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


def _resource_facets(results) -> dict:
    majors = dict(Major.objects.values_list("pk", "name"))
    type_labels = dict(ResourceType.choices)
    return {
        "resource_type": [
            {"value": k, "label": type_labels.get(k, k), "count": v} for k, v in results.facet("resource_type").items()
        ],
        "major": [
            {"value": k, "label": majors.get(k, str(k)), "count": v} for k, v in results.facet("major_id").items()
        ],
        "year": sorted(
            ({"value": k, "label": str(k), "count": v} for k, v in results.facet("year").items()),
            key=lambda f: -f["value"],
        ),
        "school": [{"value": k, "label": k, "count": v} for k, v in results.facet("school").items()],
    }


def vocabulary() -> list[str]:
    words = set(Major.objects.values_list("name", flat=True)) | set(synonym_map())
    words |= chinese.dictionary_words()
    words |= set(ResourceType.labels)
    return sorted(words)


def site_search(
    *, query: str, user, filters: Filters = Filters(), page: int = 1, limit: int = 10, request=None
) -> Outcome:  # noqa: B008
    """Ranked, paginated hits with facets; members-only items only for members and staff."""
    query = (query or "").strip()
    if len(query) > chinese.MAX_QUERY_CHARS:
        raise SearchError(f"查询过长：最多 {chinese.MAX_QUERY_CHARS} 个字符。")
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"limit 应在 1 到 {MAX_LIMIT} 之间。")
    if not 1 <= page <= MAX_PAGE:
        raise SearchError(f"page 应在 1 到 {MAX_PAGE} 之间。")
    outcome = Outcome(query=query, page=page, limit=limit)
    if build_query(query) is None:
        return outcome
    sources = _sources(user)
    wanted = [t for t in (filters.types or tuple(sources)) if t in sources]
    if filters.narrows_resources:
        wanted = [t for t in wanted if t == "resource"]
    words = highlight_words(query)
    built = build_query(query)
    sqlite_fts = uses_sqlite_fts()
    scored, type_counts = [], {}
    for kind in wanted:
        queryset, text_of, url_of = sources[kind]
        if kind == "resource":
            if filters.major:
                queryset = queryset.filter(major_id=filters.major)
            if filters.resource_type:
                queryset = queryset.filter(resource_type=filters.resource_type)
            if filters.year:
                queryset = queryset.filter(year=filters.year)
            if filters.school:
                queryset = queryset.filter(school=filters.school)
        results = queryset.search(query)
        type_counts[kind] = results.count()
        if not type_counts[kind]:
            continue
        if kind == "resource":
            outcome.facets.update(_resource_facets(results))
        for score, obj in _top_hits(queryset, results, built, count=page * limit, sqlite_fts=sqlite_fts):
            scored.append((score, kind, obj))
    scored.sort(key=lambda item: -item[0])
    outcome.count = sum(type_counts.values())
    outcome.facets["type"] = [{"value": k, "label": TYPE_LABELS[k], "count": v} for k, v in type_counts.items() if v]
    for score, kind, obj in scored[(page - 1) * limit : page * limit]:
        _, text_of, url_of = sources[kind]
        outcome.hits.append(
            Hit(
                id=obj.pk,
                external_id=getattr(obj, "external_id", None),
                type=kind,
                title=obj.name if kind == "expert" else obj.title,
                url=url_of(obj, request),
                snippet=make_snippet(text_of(obj), words),
                score=float(score),
            )
        )
    if outcome.count == 0:
        outcome.suggestion = suggestion(query, vocabulary())
    return outcome


def suggest_titles(*, prefix: str, user, limit: int = 8) -> list[dict]:
    """Autocomplete: titles of visible resources, news and textbooks that start like the prefix."""
    prefix = (prefix or "").strip()[:50]
    if not chinese.query_words(prefix):
        return []
    sources = _sources(user)
    suggestions = []
    for kind in ("resource", "publication", "news"):
        queryset = sources[kind][0]
        for page in queryset.autocomplete(prefix)[:limit]:
            suggestions.append({"title": page.title, "type": kind, "url": page.url})
    return suggestions[:limit]
