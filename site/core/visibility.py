"""What a user may see in listings: the ONE selector every list, the home page, the navigation and
site search go through (docs/search.md, "Who sees what").

A page is listed to a user when it is live, and
- no Wagtail view restriction on it or on an ancestor shuts the user out: "login" lets in any
  logged-in user, "groups" the members of the chosen groups (and superusers, as Wagtail's own check
  does), "password" nobody — a password page is reached by its link, never found through a list;
- and, for a page type with a members-only flag (resources), the flag lets the user in.

Documents follow the same rule through their collection's view restriction (CollectionViewRestriction).

Wagtail itself enforces the restrictions when a page or document is *served*; these selectors keep
the lists from leaking titles, summaries and counts of what the serve view would refuse.
"""

from django.db.models import Q, QuerySet
from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    get_page_models,
)

from .roles import can_view_members_content


def _passes(restriction: BaseViewRestriction, user, group_ids: frozenset[int]) -> bool:
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return user.is_authenticated
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        if not user.is_authenticated:
            return False
        return user.is_superuser or bool(group_ids & {group.pk for group in restriction.groups.all()})
    return False  # password, and any kind Wagtail adds later: never listed


def _group_ids(user) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(user.groups.values_list("pk", flat=True))


def _shut_out_paths(restrictions, user, path_of) -> list[str]:
    group_ids = _group_ids(user)
    return sorted({path_of(r) for r in restrictions if not _passes(r, user, group_ids)})


def _under_any(paths: list[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def hidden_page_paths(user) -> list[str]:
    """Tree paths of the restricted pages this user may not see (their descendants are hidden too).

    Read once per request-scoped user object (a page lists several sections and the navigation)."""
    cached = getattr(user, "_alliance_hidden_page_paths", None)
    if cached is None:
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        cached = _shut_out_paths(restrictions, user, lambda r: r.page.path)
        user._alliance_hidden_page_paths = cached
    return cached


def members_only_condition(model) -> Q:
    """Which rows of `model` (a page model or a base of page models) are members-only.

    A page type declares its flag as `members_only_condition = Q(...)` on its own fields; a query over
    a base model (Page, in the navigation) reaches the flagged types through their ids.
    """
    condition = Q(pk__in=[])
    for page_model in get_page_models():
        flag = page_model.__dict__.get("members_only_condition")
        if flag is None:
            continue
        if issubclass(model, page_model):
            condition |= flag
        elif issubclass(page_model, model):
            condition |= Q(pk__in=page_model.objects.filter(flag).values("pk"))
    return condition


def listed_condition(hidden_paths: list[str]) -> Q:
    """The page-level half of the rule, on a page's own fields: live, and not under a restricted
    page that shuts the user out (`hidden_paths`, from `hidden_page_paths`)."""
    condition = Q(live=True)
    if hidden_paths:
        condition &= ~_under_any(hidden_paths, "path")
    return condition


def visible_pages(
    queryset: QuerySet, user, *, hidden_paths: list[str] | None = None, unlisted_as_set: bool = False
) -> QuerySet:
    """The live pages of `queryset` this user may see listed (see the module docstring).

    `hidden_paths`: `hidden_page_paths(user)`, when the caller filters several querysets at once.
    `unlisted_as_set`: the same rows, written as "not among the pages that are not listed" — the
    pages failing `listed_condition` (drafts, unpublished pages, restricted sections) are a small
    set the database can gather once through small indexes and hash, where the plain form reads
    each row's page to test it. The site search on PostgreSQL checks tens of thousands of matches
    this way (docs/search.md); a list of a few rows gains nothing from it."""
    paths = hidden_page_paths(user) if hidden_paths is None else hidden_paths
    if unlisted_as_set:
        queryset = queryset.exclude(pk__in=_unlisted_pages(paths))
    else:
        queryset = queryset.filter(listed_condition(paths))
    if not can_view_members_content(user):
        queryset = queryset.exclude(members_only_condition(queryset.model))
    return queryset


def _unlisted_pages(paths: list[str]) -> QuerySet:
    return Page.objects.exclude(listed_condition(paths)).order_by().values("pk")


def shut_out(model, user, *, hidden_paths: list[str] | None = None) -> list[QuerySet]:
    """The rows of the page model `model` this user may not see listed, as sets of primary keys,
    each small and read through small indexes: the pages not listed (`listed_condition`) and, for
    a user without members access, the rows flagged members-only. A row is listed exactly when it
    is in none of them, the same rows `visible_pages` gives (`tests/search/test_one_pass.py` walks
    every change of visibility through both). For the site search on PostgreSQL, whose index entries
    carry what it counts and ranks: it checks its matches against these sets without reading a
    single page or resource row (docs/search.md)."""
    paths = hidden_page_paths(user) if hidden_paths is None else hidden_paths
    sets = [_unlisted_pages(paths)]
    flagged = members_only_condition(model)
    if not can_view_members_content(user) and flagged != Q(pk__in=[]):
        sets.append(model.objects.filter(flagged).order_by().values("pk"))
    return sets


def visible_documents(queryset: QuerySet, user) -> QuerySet:
    """The documents of `queryset` whose collection's view restriction lets this user in."""
    restrictions = CollectionViewRestriction.objects.select_related("collection").prefetch_related("groups")
    paths = _shut_out_paths(restrictions, user, lambda r: r.collection.path)
    if paths:
        queryset = queryset.exclude(_under_any(paths, "collection__path"))
    return queryset
