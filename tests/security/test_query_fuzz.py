"""Hostile values in every query parameter of every public GET view never give a 5xx, and the answer
is sensible: the page with the bad filter not applied (its list equals the unfiltered list), a 400
with a message, or the same redirect as without the parameter.

The views and parameters are declared below; two tests keep the declaration complete: every URL in
the URL conf and every page type is either declared or excluded with a reason, and the parameters a
view actually reads (recorded from request.GET while it answers) are all declared.
"""

import json
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page, get_page_models

from search.params import parse as parse_search_params

# The sample site (tests/factories/sample.py) has a live page of every type, with items in every list.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_pages")]

HOSTILE = (
    "²",
    "٣",
    "99999999999999999999",
    "-1",
    "0",
    "",
    " ",
    "%00",
    "\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "a" * 5000,
    "🙂",
    "1.5",
    "1e3",
    "0x10",
    "１２",  # full-width digits
)
REPEATED = 50

SEARCH_PARAMETERS = ("q", "type", "major", "resource_type", "year", "school", "page", "limit")


class View:
    """One public GET view: its URL, the parameters it reads, which of them filter its list (a bad
    value must leave the list unfiltered, or be a 400), and how to read that list from the context."""

    def __init__(self, url, parameters=(), *, filters=(), items=None, base=None):
        self.url, self.parameters, self.filters, self.items, self.base = url, parameters, filters, items, base or {}


def _ids(key):
    def read(context):
        value = context[key]
        return [obj.pk for obj in getattr(value, "object_list", value)]

    return read


def _search_hits(context):
    outcome = context.get("outcome")
    return [hit.url for hit in outcome.hits] if outcome else []


VIEWS = {
    "healthz/": View("/healthz/"),
    "favicon.ico": View("/favicon.ico"),
    "accounts/login/": View("/accounts/login/", ("next",)),
    "accounts/password_reset/": View("/accounts/password_reset/"),
    "accounts/password_reset/done/": View("/accounts/password_reset/done/"),
    "accounts/reset/done/": View("/accounts/reset/done/"),
    "accounts/password_change/": View("/accounts/password_change/"),
    "accounts/password_change/done/": View("/accounts/password_change/done/"),
    "accounts/register/": View("/accounts/register/"),
    "certificates/verify/": View("/certificates/verify/", ("number",)),
    "members/": View("/members/", ("type", "region"), filters=("type", "region"), items=_ids("units")),
    "membership/": View("/membership/"),
    "membership/apply/": View("/membership/apply/"),
    "experts/": View(
        "/experts/",
        ("q", "major", "title", "region", "page"),
        filters=("major", "title", "region"),
        items=_ids("experts"),
    ),
    "experts/apply/": View("/experts/apply/"),
    "experts/recommend/": View("/experts/recommend/"),
    "experts/mine/": View("/experts/mine/"),
    "search/": View(
        "/search/",
        SEARCH_PARAMETERS,
        filters=("type", "major", "resource_type", "year", "page", "limit"),
        items=_search_hits,
        base={"q": "数控"},
    ),
    "api/search/": View(
        "/api/search/",
        SEARCH_PARAMETERS,
        filters=("type", "major", "resource_type", "year", "page", "limit"),
        base={"q": "数控"},
    ),
    "api/search/suggest/": View("/api/search/suggest/", ("q",)),
    "events/registrations/": View("/events/registrations/"),
    "me/": View("/me/"),
    "me/contributions/new/": View("/me/contributions/new/"),
    "contact/": View("/contact/"),
    "sitemap/": View("/sitemap/"),
    "sitemap.xml": View("/sitemap.xml", ("p",)),  # Django's sitemap view: the page of a long sitemap
    "governance/": View("/governance/"),
    "governance/motions/": View("/governance/motions/"),
    "governance/charter/": View("/governance/charter/"),
    "governance/charter/compare/": View("/governance/charter/compare/", ("from", "to", "all")),
}

# URLs not fuzzed here, and why. Each still must not read a query parameter (test_declared_views_…).
EXCLUDED = {
    "documents/": "serves one document by id; reads no parameter (tests/site: members-only documents)",
    "accounts/reset/": "a one-time token in the path; reads no parameter",
    "accounts/logout/": "POST only",
    "certificates/verify/<str:number>/": "the number is in the path (tests/workflows); reads no parameter",
    "workflow-files/": "a signed token in the path; reads no parameter",
    "membership/applications/": "an applicant's own application by uuid; reads no parameter",
    "membership/memberships/": "a member's own certificate or withdrawal; reads no parameter",
    "experts/consent/": "a one-time token in the path; reads no parameter",
    "experts/candidates/": "a candidate's own page by uuid; reads no parameter",
    "events/<int:event_id>/register/": "an event's registration form; reads no parameter (tests/events)",
    "events/<int:event_id>/enter/": "a competition's entry form; reads no parameter (tests/events)",
    "events/<int:event_id>/check-in/": "the secretariat's door list, a 404 for anyone else; its q is fuzzed in tests/events",
    "events/registrations/<uuid": "a registrant's own registration by uuid; reads no parameter",
    "events/check-in/": "a secret token in the path; reads no parameter",
    "me/units/": "a unit's own profile change form by id; reads no parameter",
    "me/contributions/<uuid:public_id>/": "a unit's own contribution by uuid (tests/participation); reads no parameter",
    "i18n/setlang/": "POST only (Django's set_language)",
    "_util/": "Wagtail's password-restriction and login helpers; POST forms",
    "governance/meetings/": "a member's meeting, its .ics and papers by uuid; reads no parameter",
    "governance/motions/<uuid:public_id>/": "one motion by uuid; its comparison reads from/to/all through core.params",
    "governance/ballots/": "one ballot by uuid; reads no parameter",
    "governance/elections/": "one election by uuid; reads no parameter",
    "governance/nominations/": "POST only",
    "governance/unit/": "the contact's own unit's accounts, and a one-time token in the path; reads no parameter",
    "^((?:[\\w\\-]+/)*)$": "Wagtail pages: fuzzed per page type below",
}

# Per page type: the parameters its page reads, the filters among them and its list.
PAGE_TYPES = {
    "home.HomePage": View(None),
    "home.StandardPage": View(None),
    "news.NewsIndexPage": View(None, ("category", "tag", "page"), filters=("category",), items=_ids("articles")),
    "news.NewsArticlePage": View(None),
    "events.EventIndexPage": View(None, ("type", "page"), filters=("type",), items=_ids("upcoming")),
    "events.EventPage": View(None),
    "publications.PublicationIndexPage": View(None, ("page",)),
    "publications.TextbookPage": View(None),
    "resources.ResourceIndexPage": View(
        None, ("major", "type", "year", "page"), filters=("major", "type", "year"), items=_ids("resources")
    ),
    "resources.CourseResourcePage": View(None),
}


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_public_url_and_page_type_is_declared():
    undeclared = [
        route
        for route in _routes()
        if not route.startswith("admin/")
        and route not in VIEWS
        and not any(route.startswith(excluded) for excluded in EXCLUDED)
    ]
    assert undeclared == [], "declare these views' query parameters in VIEWS (or exclude them with a reason)"
    page_types = {model._meta.label for model in get_page_models() if model is not Page}
    assert page_types == set(PAGE_TYPES)


def _live_pages():
    for label, view in PAGE_TYPES.items():
        page = Page.objects.live().type(_model(label)).exclude(depth=1).first()
        # A page type without a live page would silently leave its view out of every check.
        assert page is not None, f"no live {label} to send hostile parameters to"
        yield label, View(page.specific.url, view.parameters, filters=view.filters, items=view.items)


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _all_views():
    return [*VIEWS.items(), *_live_pages()]


@pytest.fixture
def reads(monkeypatch):
    """The names every QueryDict was asked for while a view answered."""
    names: set[str] = set()
    for method in ("get", "getlist", "__getitem__", "__contains__"):
        original = getattr(QueryDict, method)

        def recording(self, key, *args, _original=original, **kwargs):
            names.add(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryDict, method, recording)
    return names


def test_the_parameters_each_view_reads_are_all_declared(reads, member):
    client = Client()
    client.force_login(member)
    for name, view in _all_views():
        reads.clear()
        client.get(view.url, view.base)
        undeclared = reads - set(view.parameters) - set(view.base)
        assert not undeclared, f"{name} reads {sorted(undeclared)}: add them to its declaration"
    assert set(SEARCH_PARAMETERS) >= _search_reads(reads)


def _search_reads(reads) -> set[str]:
    reads.clear()
    parse_search_params(QueryDict(""))
    return set(reads)


def _error_message(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("error", "")
    return str((response.context or {}).get("error", "")) if response.context else ""


def _check(client, view, name, baseline, query: str, who: str):
    url = f"{view.url}?{query}"
    response = client.get(url)
    where = f"{who} GET {url[:120]}"
    assert response.status_code < 500, where
    if baseline.status_code in (301, 302, 403):
        assert response.status_code == baseline.status_code, where
        return
    if response.status_code == 400:
        assert _error_message(response), f"{where}: a 400 without a message"
        return
    if view.url == "/certificates/verify/" and response.status_code == 302:
        return  # a typed number is looked up on its own page (a 404 there when it does not exist)
    assert response.status_code == baseline.status_code == 200, where
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body, f"{where}: the value is shown unescaped"
    if name in view.filters and view.items is not None:
        assert view.items(response.context) == view.items(baseline.context), f"{where}: a bad filter was applied"


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_hostile_values_in_every_parameter_never_give_a_5xx(who, member):
    client = Client()
    if who == "member":
        client.force_login(member)
    for _, view in _all_views():
        baseline = client.get(view.url, view.base)
        assert baseline.status_code in (200, 302, 403), f"{view.url}: {baseline.status_code}"
        for name in (*view.parameters, "zz-undeclared"):
            for value in HOSTILE:
                _check(client, view, name, baseline, urlencode({**view.base, name: value}), who)
            repeated = urlencode([*view.base.items(), *[(name, "²")] * REPEATED])
            _check(client, view, name, baseline, repeated, who)
