"""Site search keeps per-process caches (search/services.py): the visible querysets per audience
(`_sources`), their compiled SQL (`_selection_sql`), the match SQL per built query (`_match_ctes`),
and it loads only the hits of the page shown (`_loaded`). These tests attack those caches the way a
visitor or a careless colleague would: users of different audiences searching one after another in
the same process, visibility, group membership, synonyms and filters changing between two
searches, a hit vanishing between the statement and the fetch, hostile parameters. Each would fail
if a cache handed one user's results, counts or facets to another, or kept a stale answer."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from wagtail.models import BaseViewRestriction, PageViewRestriction

from core import roles
from core.visibility import visible_pages
from resources.models import CourseResourcePage, Visibility
from search import services
from search.models import Synonym
from search.services import Filters, site_search
from tests.factories.pages import CourseResourcePageFactory, ResourceIndexPageFactory
from tests.factories.users import role_group, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

WORD = "zqxcacheatk"


def _fresh(user):
    """A fresh user object, as each request loads one (core.visibility keeps what it read of a
    user on the object)."""
    if not user.is_authenticated:
        return AnonymousUser()
    return get_user_model().objects.get(pk=user.pk)


def _api(client, user, **params):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    response = client.get("/api/search/", {"q": WORD, **params})
    assert response.status_code == 200, response.content
    return response.json()


def _expected(user, **lookups) -> set[int]:
    queryset = CourseResourcePage.objects.filter(title__contains=WORD, **lookups)
    return set(visible_pages(queryset, _fresh(user)).values_list("pk", flat=True))


def _assert_sees(user, expected: set[int], step: str, filters: Filters = Filters(types=("resource",))) -> None:  # noqa: B008
    outcome = site_search(query=WORD, user=_fresh(user), filters=filters, limit=50)
    found = {hit.id for hit in outcome.hits}
    assert (found, outcome.count) == (expected, len(expected)), step
    for name in ("resource_type", "major", "year", "school"):
        assert sum(f["count"] for f in outcome.facets.get(name, [])) == len(expected), f"{step}: facet {name}"


@pytest.fixture
def mixed(site):
    """Public and members-only resources, the members-only ones with facet values of their own."""
    public = [
        CourseResourcePageFactory(parent=site.resources, title=f"公开 {WORD} {n}", attachments=0) for n in range(3)
    ]
    private = [
        CourseResourcePageFactory(
            parent=site.resources,
            title=f"会员 {WORD} {n}",
            school="会员专属学校",
            resource_type="video",
            year=2011,
            members_only=True,
            attachments=0,
        )
        for n in range(2)
    ]
    return {p.pk for p in public}, {p.pk for p in private}


@pytest.mark.parametrize("first", ["member", "anonymous"])
def test_member_and_anonymous_in_turn_through_the_api(client, member, mixed, first):
    """Whoever searches first, the anonymous visitor never gets a members-only hit, its count, its
    facet values (school, type, year) or a filter that finds it; the member always does."""
    public, private = mixed
    anonymous = AnonymousUser()
    order = [member, anonymous] if first == "member" else [anonymous, member]
    for user in order * 2:
        body = _api(client, user)
        ids = {hit["id"] for hit in body["results"]}
        schools = {f["value"] for f in body["facets"]["school"]}
        years = {f["value"] for f in body["facets"]["year"]}
        types = {f["value"]: f["count"] for f in body["facets"]["type"]}
        if user.is_authenticated:
            assert (ids, body["count"]) == (public | private, 5)
            assert "会员专属学校" in schools and 2011 in years and types["resource"] == 5
        else:
            assert (ids, body["count"]) == (public, 3)
            assert "会员专属学校" not in schools and 2011 not in years and types["resource"] == 3
            assert all("会员" not in hit["title"] for hit in body["results"])
        narrowed = _api(client, user, school="会员专属学校")
        assert narrowed["count"] == (2 if user.is_authenticated else 0)
        narrowed = _api(client, user, year=2011, resource_type="video")
        assert {hit["id"] for hit in narrowed["results"]} == (private if user.is_authenticated else set())


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_search_page_in_both_languages_hides_members_only_titles(client, member, mixed, prefix):
    public, private = mixed
    for user in [member, AnonymousUser(), member, AnonymousUser()]:
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        response = client.get(f"{prefix}/search/", {"q": WORD})
        assert response.status_code == 200
        html = response.content.decode()
        assert (f"会员 {WORD}" in html) == user.is_authenticated, (prefix, user)
        assert f"公开 {WORD}" in html, (prefix, user)
        api = client.get(f"{prefix}/api/search/", {"q": WORD}).json()
        assert api["count"] == (5 if user.is_authenticated else 3), (prefix, user)


def test_group_restricted_section_across_audiences_and_changes(site, member):
    """A section only group A may see: A's user and a superuser find it; B's user, a staff member
    outside A, a member unit and the anonymous do not — in any order, and each change between two
    searches (group membership, the restriction's groups, its type, its removal, a page moved in)
    takes effect on the very next search."""
    group_a, group_b = role_group("t_cache_group_a"), role_group("t_cache_group_b")
    users = get_user_model().objects
    in_a = user_with_role("t_cache_in_a")
    in_a.groups.add(group_a)
    in_b = user_with_role("t_cache_in_b")
    in_b.groups.add(group_b)
    root = users.create_superuser("t_cache_root", "root@example.org", "x")
    secretariat = user_with_role("t_cache_staff", roles.SECRETARIAT)
    anonymous = AnonymousUser()
    everyone = {"in_a": in_a, "in_b": in_b, "root": root, "staff": secretariat, "member": member, "anon": anonymous}

    open_one = CourseResourcePageFactory(parent=site.resources, title=f"开放 {WORD}", attachments=0)
    section = ResourceIndexPageFactory(parent=site.home, title="小组资源", slug="group-resources")
    closed = CourseResourcePageFactory(parent=section, title=f"小组 {WORD}", attachments=0)
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=BaseViewRestriction.GROUPS)
    restriction.groups.set([group_a])

    def check(step, seeing):
        # Every order of users, so each audience searches both after and before the others.
        for order in (list(everyone), list(reversed(everyone))):
            for name in order:
                expected = {open_one.pk, closed.pk} if name in seeing else {open_one.pk}
                assert expected == _expected(everyone[name]), f"{step}: oracle for {name}"
                _assert_sees(everyone[name], expected, f"{step}: {name}")

    check("restricted to A", {"in_a", "root"})

    in_a.groups.remove(group_a)
    check("A's user removed from A", {"root"})
    in_b.groups.add(group_a)
    check("B's user added to A", {"in_b", "root"})

    restriction.groups.set([group_b])
    in_a.groups.add(group_a)
    check("the restriction now names B", {"in_b", "root"})

    restriction.restriction_type = BaseViewRestriction.LOGIN
    restriction.save()
    check("login restriction", {"in_a", "in_b", "root", "staff", "member"})

    restriction.delete()
    check("restriction removed", set(everyone))

    restriction = PageViewRestriction.objects.create(page=section, restriction_type=BaseViewRestriction.GROUPS)
    restriction.groups.set([group_a])
    open_one.move(section, pos="last-child")
    # The moved page is under the restricted section now: those outside A must lose it (B's user
    # is still in A).
    for name, user in everyone.items():
        expected = {open_one.pk, closed.pk} if name in {"in_a", "in_b", "root"} else set()
        _assert_sees(user, expected, f"moved in: {name}")


def test_filters_pages_and_limits_never_borrow_another_searchs_sql(site, member):
    """Every filter combination, for both audiences, searched cold and then warm, lists exactly
    what the database says; walking the pages at several limits lists each hit once."""
    from tests.factories.pages import MajorFactory

    majors = [MajorFactory(), MajorFactory()]
    for n, (major_, kind, year, school, private) in enumerate(
        itertools.product(majors, ["video", "case"], [2020, 2024], ["甲校", "乙校"], [False, True])
    ):
        CourseResourcePageFactory(
            parent=site.resources,
            title=f"组合 {WORD} {n}",
            major=major_,
            resource_type=kind,
            year=year,
            school=school,
            members_only=private,
            attachments=0,
        )
    combos = [{}]
    combos += [{"major": m.pk} for m in majors]
    combos += [{"resource_type": "video"}, {"year": 2024}, {"school": "乙校"}]
    combos += [{"major": majors[1].pk, "resource_type": "case", "year": 2020, "school": "甲校"}]
    fields = {"major": "major_id", "resource_type": "resource_type", "year": "year", "school": "school"}
    for _round in range(2):
        for combo, user in itertools.product(combos, [AnonymousUser(), member]):
            expected = _expected(user, **{fields[k]: v for k, v in combo.items()})
            for types in [("resource",), ()]:
                _assert_sees(user, expected, f"{combo} {types} {user}", Filters(types=types, **combo))
    for user, limit in itertools.product([member, AnonymousUser()], [1, 3, 7, 50]):
        expected = _expected(user)
        seen: list[int] = []
        for page in range(1, -(-len(expected) // limit) + 2):
            outcome = site_search(query=WORD, user=_fresh(user), page=page, limit=limit)
            assert outcome.count == len(expected)
            seen += [hit.id for hit in outcome.hits]
        assert sorted(seen) == sorted(expected), (user, limit)


def test_a_synonym_changed_between_two_searches_applies_at_once(site):
    """The match SQL is remembered per built query: adding, changing and switching off a synonym
    in the admin must change what the same text finds on the next search."""
    first = CourseResourcePageFactory(parent=site.resources, title="资源 zqxfirstexp", attachments=0)
    second = CourseResourcePageFactory(parent=site.resources, title="资源 zqxsecondexp", attachments=0)

    def found():
        return {hit.id for hit in site_search(query="zqxsynterm", user=AnonymousUser()).hits}

    assert found() == set()
    synonym = Synonym.objects.create(term="zqxsynterm", expansions="zqxfirstexp")
    assert found() == {first.pk}
    synonym.expansions = "zqxsecondexp"
    synonym.save()
    assert found() == {second.pk}
    synonym.expansions = "zqxfirstexp、zqxsecondexp"
    synonym.save()
    assert found() == {first.pk, second.pk}
    synonym.is_active = False
    synonym.save()
    assert found() == set()


@pytest.mark.parametrize("change", ["delete", "unpublish", "members_only"])
def test_a_hit_gone_between_the_statement_and_the_fetch_is_left_out(client, site, monkeypatch, change):
    """The hits are loaded after the statement: one deleted, unpublished or made members-only in
    between is not shown to the anonymous visitor, and the page still answers."""
    pages = [
        CourseResourcePageFactory(parent=site.resources, title=f"竞态 {WORD} {n}", attachments=0) for n in range(3)
    ]
    victim = pages[1]
    original = services.search_once

    def racing(*args, **kwargs):
        found = original(*args, **kwargs)
        page = CourseResourcePage.objects.get(pk=victim.pk)
        if change == "delete":
            page.delete()
        elif change == "unpublish":
            page.unpublish()
        else:
            page.visibility = Visibility.MEMBERS
            page.save_revision().publish()
        return found

    monkeypatch.setattr(services, "search_once", racing)
    response = client.get("/api/search/", {"q": WORD})
    assert response.status_code == 200
    ids = {hit["id"] for hit in response.json()["results"]}
    assert victim.pk not in ids and ids == {pages[0].pk, pages[2].pk}


def test_evicted_caches_rebuild_correctly(site, member, monkeypatch):
    """With room for one audience and one match only, alternating users and queries evicts on
    every search; each search must still be right."""
    monkeypatch.setattr(services, "_MAX_AUDIENCES", 1)
    monkeypatch.setattr(services, "_MAX_MATCHES", 1)
    public = CourseResourcePageFactory(parent=site.resources, title=f"公开 {WORD} zqxother", attachments=0)
    private = CourseResourcePageFactory(parent=site.resources, title=f"会员 {WORD}", members_only=True, attachments=0)
    for _ in range(3):
        for user in [member, AnonymousUser()]:
            expected = {public.pk, private.pk} if user.is_authenticated else {public.pk}
            _assert_sees(user, expected, f"{user}")
            outcome = site_search(query="zqxother", user=_fresh(user))
            assert {hit.id for hit in outcome.hits} == {public.pk}


def test_experts_stay_with_members_whoever_searched_first(client, member):
    from expertpool.models import CandidateState
    from tests.factories.expertpool import CandidateFactory

    expert = CandidateFactory(state=CandidateState.APPOINTED, data__name="周缓存")
    for user in [member, AnonymousUser(), member, AnonymousUser()]:
        body = _api(client, user, q=expert.name)
        kinds = {f["value"] for f in body["facets"]["type"]}
        names = {hit["title"] for hit in body["results"] if hit["type"] == "expert"}
        if user.is_authenticated:
            assert names == {expert.name} and "expert" in kinds
        else:
            assert names == set() and "expert" not in kinds


@pytest.mark.parametrize(
    "params",
    [
        {"page": str(10**30)},
        {"page": "101"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "1.5"},
        {"page": "٣"},
        {"limit": "0"},
        {"limit": "51"},
        {"limit": "9" * 40},
        {"limit": "x"},
        {"major": "abc"},
        {"major": str(2**40)},
        {"year": "²"},
        {"resource_type": "nope"},
        {"type": "resource,nope"},
    ],
)
@pytest.mark.parametrize("path", ["/api/search/", "/search/", "/en/api/search/", "/en/search/"])
def test_hostile_parameters_get_a_400_never_a_500(client, params, path):
    response = client.get(path, {"q": WORD, **params})
    assert response.status_code == 400, (path, params, response.status_code)
    if "api" in path:
        assert response.json()["error"]


def test_repeated_and_far_parameters_are_answered(client, site):
    CourseResourcePageFactory(parent=site.resources, title=f"重复 {WORD}", attachments=0)
    # The last value counts: page=1 after page=2 shows the hit.
    response = client.get(f"/api/search/?q={WORD}&page=2&page=1&limit=50&limit=5")
    assert response.status_code == 200 and response.json()["count"] == 1
    assert (response.json()["page"], response.json()["limit"], len(response.json()["results"])) == (1, 5, 1)
    # The last page number allowed, far past the hits: an empty page, not an error.
    response = client.get("/api/search/", {"q": WORD, "page": 100, "limit": 50})
    assert response.status_code == 200 and response.json()["results"] == [] and response.json()["count"] == 1
    response = client.get(f"/api/search/?q={WORD}&type=resource&type=resource&type=news,resource")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_suggestions_and_did_you_mean_follow_the_asker_not_the_previous_one(client, member, site):
    """Autocomplete and “did you mean” read the same shared sources: after a member asked, the
    anonymous visitor is neither offered a members-only title nor a correction that finds only
    members-only resources."""
    CourseResourcePageFactory(parent=site.resources, title="zqxprivterm 会员资料", members_only=True, attachments=0)
    Synonym.objects.create(term="zqxprivterm", expansions="zqxprivterm")  # a known spelling
    for user in [member, AnonymousUser(), member, AnonymousUser()]:
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        titles = [s["title"] for s in client.get("/api/search/suggest/", {"q": "zqxpriv"}).json()["suggestions"]]
        body = client.get("/api/search/", {"q": "zqxprivtern"}).json()
        if user.is_authenticated:
            assert titles == ["zqxprivterm 会员资料"] and body["suggestion"] == "zqxprivterm"
        else:
            assert titles == [] and body["suggestion"] != "zqxprivterm"  # another, visible word may be offered
