"""Walks and attacks on the one-statement site search (search/one_pass.py, search/services.py,
search/supports.py, core.visibility.shut_out), from a fresh-eye review: every kind, write path and
audience checked against core.visibility for leaks and wrong hits, counts and facets, hostile
parameters and queries never a 500 — on SQLite and PostgreSQL alike."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from core import roles
from core.visibility import visible_pages
from resources.models import CourseResourcePage, Visibility
from search.services import Filters, site_search, suggest_titles
from tests.factories.pages import (
    CourseResourcePageFactory,
    EventPageFactory,
    MajorFactory,
    NewsArticlePageFactory,
    ResourceIndexPageFactory,
    StandardPageFactory,
    TextbookPageFactory,
)
from tests.factories.users import role_group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

WORD = "zqxqareview"

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's entry vectors only")


def _fresh(user):
    if user is None or not user.is_authenticated:
        return AnonymousUser()
    return get_user_model().objects.get(pk=user.pk)


def _oracle(user, word=WORD) -> set[int]:
    """Every page of every kind containing `word` in its title that core.visibility lists."""
    from wagtail.models import get_page_models

    user = _fresh(user)
    seen = set()
    for model in get_page_models():
        if model is Page or model._meta.abstract:
            continue
        rows = model.objects.filter(title__contains=word).exact_type(model)
        seen |= set(visible_pages(rows, user).values_list("pk", flat=True))
    return seen


def _found(user, word=WORD, **kwargs) -> tuple[set[int], int]:
    outcome = site_search(query=word, user=_fresh(user), limit=50, **kwargs)
    return {hit.id for hit in outcome.hits if hit.type != "service"}, outcome.count


def _restricted_section(site, slug, kind, groups=()):
    section = StandardPageFactory(parent=site.home, title=f"受限栏目 {slug}", slug=slug)
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=kind, password="pw")
    if groups:
        restriction.groups.set(groups)
    return section


@pytest.fixture
def world(site):
    """One of each kind, public, and under each kind of restriction, drafts and members-only."""
    login = _restricted_section(site, "qa-login", BaseViewRestriction.LOGIN)
    groups = _restricted_section(site, "qa-groups", BaseViewRestriction.GROUPS, [role_group(roles.MEMBERS)])
    password = _restricted_section(site, "qa-password", BaseViewRestriction.PASSWORD)
    pages = {
        "resource": CourseResourcePageFactory(parent=site.resources, title=f"资源 {WORD}", attachments=0),
        "resource_members": CourseResourcePageFactory(
            parent=site.resources, title=f"会员资源 {WORD}", members_only=True, attachments=0
        ),
        "resource_draft": CourseResourcePageFactory(
            parent=site.resources, title=f"草稿资源 {WORD}", publish=False, attachments=0
        ),
        "news": NewsArticlePageFactory(parent=site.news, title=f"新闻 {WORD}"),
        "news_draft": NewsArticlePageFactory(parent=site.news, title=f"草稿新闻 {WORD}", publish=False),
        "event": EventPageFactory(parent=site.events, title=f"活动 {WORD}"),
        "textbook": TextbookPageFactory(parent=site.publications, title=f"教材 {WORD}"),
        "page": StandardPageFactory(parent=site.home, title=f"页面 {WORD}"),
        "login_page": StandardPageFactory(parent=login, title=f"登录页面 {WORD}"),
        "login_news": NewsArticlePageFactory(parent=login, title=f"登录新闻 {WORD}"),
        "groups_resource": CourseResourcePageFactory(parent=groups, title=f"会员栏目资源 {WORD}", attachments=0),
        "groups_event": EventPageFactory(parent=groups, title=f"会员栏目活动 {WORD}"),
        "password_resource": CourseResourcePageFactory(parent=password, title=f"密码资源 {WORD}", attachments=0),
        "password_textbook": TextbookPageFactory(parent=password, title=f"密码教材 {WORD}"),
    }
    return {name: page.pk for name, page in pages.items()}


def test_every_kind_lists_exactly_what_each_audience_may_see(world, member, outsider):
    """All kinds at once, no filter: anonymous, a logged-in non-member, a member, each sees exactly
    the pages core.visibility lists to them (hits and count), and never a draft or password page."""
    never = {world[n] for n in ("resource_draft", "news_draft", "password_resource", "password_textbook")}
    public = {world[n] for n in ("resource", "news", "event", "textbook", "page")}
    expected = {
        "anonymous": public,
        "outsider": public | {world["login_page"], world["login_news"]},
        "member": public
        | {world["login_page"], world["login_news"], world["resource_members"]}
        | {world["groups_resource"], world["groups_event"]},
    }
    for who, user in (("anonymous", None), ("outsider", outsider), ("member", member), ("anonymous", None)):
        assert _oracle(user) == expected[who], f"premise: {who}"
        found, count = _found(user)
        assert (found, count) == (expected[who], len(expected[who])), who
        assert not found & never


def test_every_kind_through_the_api_for_a_visitor(client, world):
    response = client.get("/api/search/", {"q": WORD, "limit": 50})
    assert response.status_code == 200
    body = response.json()
    ids = {hit["id"] for hit in body["results"] if hit["type"] != "service"}
    assert ids == _oracle(None)
    kinds = {f["value"]: f["count"] for f in body["facets"]["type"]}
    assert kinds == {"resource": 1, "news": 1, "event": 1, "publication": 1, "page": 1}
    assert sum(f["count"] for f in body["facets"]["school"]) == 1


@pytest.mark.parametrize("path", ["/api/search/", "/search/", "/en/api/search/"])
@pytest.mark.parametrize(
    "params",
    [
        {"year": "40000"},
        {"year": str(2**31 - 1)},
        {"year": "32768", "type": "resource"},
        {"year": "0"},
        {"school": "x" * 500},
        {"school": "%"},
        {"major": "0"},
        {"page": "100", "limit": "50", "year": "2025"},
    ],
)
def test_odd_facet_values_are_answered_never_a_500(client, site, path, params):
    CourseResourcePageFactory(parent=site.resources, title=f"参数 {WORD}", attachments=0)
    response = client.get(path, {"q": WORD, **params})
    assert response.status_code in (200, 400), (path, params, response.status_code)


def test_a_draft_titles_words_are_not_found_before_publishing(site, member):
    """A published resource whose draft (save_revision without publish) takes a new word: neither
    the hits, the count, the autocomplete nor the members' search find the draft's word."""
    page = CourseResourcePageFactory(parent=site.resources, title=f"已发布 {WORD}", attachments=0)
    page.title = "改后的标题 zqxdraftonly"
    page.school = "草稿学校"
    page.save_revision()
    for user in (None, member):
        assert _found(user, "zqxdraftonly") == (set(), 0)
        outcome = site_search(query=WORD, user=_fresh(user))
        assert [item["value"] for item in outcome.facets["school"]] == ["上海市工业技术学校"]
        assert suggest_titles(prefix="改后的标题", user=_fresh(user)) == []


@pytest.mark.parametrize("write", ["queryset_update", "unpublish_section", "delete_section", "move_into_password"])
def test_resources_follow_writes_that_skip_the_resource_row(site, member, write):
    """Writes that touch only the page table (or a section above): the resources under it follow
    at once for every audience — hits, count, and every facet's total."""
    section = ResourceIndexPageFactory(parent=site.home, title="QA 资源库", slug="qa-resources")
    pages = [
        CourseResourcePageFactory(parent=section, title=f"写入 {WORD} {n}", members_only=n == 2, attachments=0)
        for n in range(3)
    ]
    if write == "queryset_update":
        Page.objects.filter(pk=pages[0].pk).update(live=False)
    elif write == "unpublish_section":
        for page in pages:
            Page.objects.get(pk=page.pk).specific.unpublish()
    elif write == "delete_section":
        Page.objects.get(pk=section.pk).delete()
    else:
        locked = _restricted_section(site, "qa-pw2", BaseViewRestriction.PASSWORD)
        Page.objects.get(pk=section.pk).move(locked, pos="last-child")
    for user in (None, member):
        expected = _oracle(user)
        outcome = site_search(query=WORD, user=_fresh(user), limit=50)
        assert ({hit.id for hit in outcome.hits}, outcome.count) == (expected, len(expected)), (write, user)
        for facet in ("resource_type", "major", "year", "school"):
            assert sum(f["count"] for f in outcome.facets.get(facet, [])) == len(expected), (write, user, facet)


def test_members_only_set_by_queryset_update_hides_at_once(site):
    """visibility flipped by QuerySet.update (no signal, no reindex): the visitor loses the hit, the
    count and the facet counts at once; flipped back, gets them again."""
    page = CourseResourcePageFactory(parent=site.resources, title=f"翻转 {WORD}", attachments=0)
    CourseResourcePage.objects.filter(pk=page.pk).update(visibility=Visibility.MEMBERS)
    outcome = site_search(query=WORD, user=AnonymousUser())
    assert (outcome.count, outcome.hits, outcome.facets.get("school", [])) == (0, [], [])
    CourseResourcePage.objects.filter(pk=page.pk).update(visibility=Visibility.PUBLIC)
    assert [hit.id for hit in site_search(query=WORD, user=AnonymousUser()).hits] == [page.pk]


def test_importer_members_only_resources_stay_hidden_from_visitors(site, member):
    """The batch importer writes pages and resources by raw SQL; members-only rows it makes are
    listed to members only, in hits, counts, facets and facet filters."""
    from resources.importer import import_resources
    from tests.search.test_import import GOOD, jsonl

    rows = [
        {**GOOD, "external_id": "qa-001", "title": f"导入公开 {WORD}"},
        {**GOOD, "external_id": "qa-002", "title": f"导入会员 {WORD}", "visibility": "members", "school": "会员学校"},
    ]
    result = import_resources(jsonl(rows), "jsonl")
    assert result.created == 2, result
    for user in (None, member):
        expected = _oracle(user)
        outcome = site_search(query=WORD, user=_fresh(user), limit=50)
        assert ({hit.id for hit in outcome.hits}, outcome.count) == (expected, len(expected))
        schools = {f["value"] for f in outcome.facets["school"]}
        assert ("会员学校" in schools) == (user is not None)
        narrowed = site_search(query=WORD, user=_fresh(user), filters=Filters(school="会员学校"))
        assert narrowed.count == (1 if user is not None else 0)


def test_english_site_major_labels_with_a_major_chosen(site):
    from django.utils import translation

    named = MajorFactory(name="QA专业甲", name_en="QA Major A")
    other = MajorFactory(name="QA专业乙", name_en="")
    CourseResourcePageFactory(parent=site.resources, title=f"英文 {WORD}", major=named, attachments=0)
    CourseResourcePageFactory(parent=site.resources, title=f"英文 {WORD} 二", major=other, attachments=0)
    with translation.override("en"):
        outcome = site_search(query=WORD, user=AnonymousUser(), filters=Filters(major=named.pk))
        assert [(f["value"], f["label"], f["count"]) for f in outcome.facets["major"]] == [(named.pk, "QA Major A", 1)]
        assert outcome.count == 1


def test_members_see_experts_and_resources_loaded_on_later_pages(site, member):
    """Hits past the first page, of several kinds, loaded by the compiled-once SQL: every page of a
    member's results together is exactly what they may see, each hit once."""
    from expertpool.models import CandidateState
    from tests.factories.expertpool import CandidateFactory

    for n in range(4):
        CourseResourcePageFactory(parent=site.resources, title=f"分页 {WORD} {n}", members_only=n % 2, attachments=0)
        NewsArticlePageFactory(parent=site.news, title=f"分页新闻 {WORD} {n}")
    expert = CandidateFactory(state=CandidateState.APPOINTED, data__name=f"专家 {WORD}")
    seen = []
    for page in range(1, 5):
        outcome = site_search(query=WORD, user=_fresh(member), page=page, limit=3)
        seen += [(hit.type, hit.id) for hit in outcome.hits]
    assert outcome.count == 9
    assert len(seen) == len(set(seen)) == 9
    assert ("expert", expert.pk) in seen
    assert {pk for kind, pk in seen if kind != "expert"} == _oracle(member)
    anonymous = site_search(query=WORD, user=AnonymousUser(), limit=50)
    assert "expert" not in {hit.type for hit in anonymous.hits} and anonymous.count == 6


ODD_QUERIES = [
    "'",
    "''",
    "a'b",
    "\\",
    "a\\",
    ":",
    "a:b",
    "a:*",
    "*",
    "!",
    "!a",
    "&",
    "a & b",
    "a | b",
    "|",
    "(",
    ")",
    "(a",
    "<->",
    "a <-> b",
    "<2>",
    '"',
    '"a b"',
    "-",
    "--",
    "a-",
    "-a",
    "%",
    "_",
    "%%",
    "a%s",
    "%(x)s",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "a NOT b",
    "^",
    "+",
    "{",
    "}",
    "[",
    "]",
    "a:b:c",
    "\u3000",
    "１",
    "①",
    "ℌ",
    "ﬁ",
    "e\u0301",
    "🙂",
    "\u200b",
    "\ufeff",
    "𠀀",
    "a" * 200,
    "课程" * 60,
    "ab'cd",
    "'; DROP TABLE x; --",
]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_are_answered_never_a_500(client, site, q):
    CourseResourcePageFactory(parent=site.resources, title=f"查询 {WORD}", attachments=0)
    for path in ("/api/search/", "/api/search/suggest/"):
        response = client.get(path, {"q": q, "type": "resource"} if "suggest" not in path else {"q": q})
        assert response.status_code in (200, 400), (path, q, response.status_code)
    response = client.get("/api/search/", {"q": f"{WORD} {q}"})
    assert response.status_code in (200, 400), (q, response.status_code)


def test_suggestions_never_offer_what_the_asker_may_not_see(world, member, outsider):
    """Autocomplete over every kind: drafts and password pages to nobody, login pages to logged-in
    users, the members' section and members-only resources to members only."""
    titles = {pk: Page.objects.get(pk=pk).title for pk in world.values()}
    for who, user in (("anonymous", None), ("outsider", outsider), ("member", member)):
        offered = {s["title"] for s in suggest_titles(prefix="", user=_fresh(user))}  # premise: nothing for ""
        assert offered == set()
        allowed = {titles[pk] for pk in _oracle(user)}
        for _pk, title in titles.items():
            prefix = title.split(" ")[0]
            offered = {s["title"] for s in suggest_titles(prefix=prefix, user=_fresh(user), limit=50)}
            leaked = {t for t in offered if WORD in t} - allowed
            assert not leaked, (who, prefix, leaked)


def test_did_you_mean_never_points_at_hidden_pages(site, member, outsider):
    """A misspelling whose correction finds only a password page, a draft or a login section's page
    is not corrected for those who may not see them."""
    from search.models import Synonym

    login = _restricted_section(site, "qa-login-dym", BaseViewRestriction.LOGIN)
    password = _restricted_section(site, "qa-password-dym", BaseViewRestriction.PASSWORD)
    hidden = {
        "zqxpwdterm": (password, None),
        "zqxloginterm": (login, outsider),
        "zqxdraftterm": (site.news, None),
    }
    for term, (parent, _allowed) in hidden.items():
        Synonym.objects.create(term=term, expansions=term)
        if term == "zqxdraftterm":
            NewsArticlePageFactory(parent=parent, title=f"{term} 新闻", publish=False)
        else:
            NewsArticlePageFactory(parent=parent, title=f"{term} 新闻")
    for term, (_parent, _allowed) in hidden.items():
        typo = term[:-1] + ("n" if term[-1] != "n" else "m")
        for user in (None, outsider, member):
            outcome = site_search(query=typo, user=_fresh(user))
            may = term == "zqxloginterm" and user is not None
            assert (outcome.suggestion == term) == may, (term, user, outcome.suggestion)


def test_long_major_names_come_back_whole_in_both_languages(site):
    """The majors' names ride in the statement's text columns (a resource type's and a school's
    slot): a name longer than a resource type (20) must come back whole, in both languages."""
    from django.utils import translation

    long_name = "长" * 100
    long_english = "Computer Numerical Control Technology Application and Maintenance " * 2
    long_english = long_english[:150]
    major = MajorFactory(name=long_name, name_en=long_english)
    CourseResourcePageFactory(parent=site.resources, title=f"长名 {WORD}", major=major, attachments=0)
    labels = [f["label"] for f in site_search(query=WORD, user=AnonymousUser()).facets["major"]]
    assert labels == [long_name]
    with translation.override("en"):
        labels = [f["label"] for f in site_search(query=WORD, user=AnonymousUser()).facets["major"]]
    assert labels == [long_english]


FACET_COLUMNS = {"resource_type": "resource_type", "major": "major_id", "year": "year", "school": "school"}


def _agrees(step, users) -> None:
    """Hits (every kind), count, every facet's counts and every facet filter agree with
    core.visibility for each user."""
    for who, user in users.items():
        expected = _oracle(user)
        outcome = site_search(query=WORD, user=_fresh(user), limit=50)
        found = {hit.id for hit in outcome.hits if hit.type != "service"}
        assert (found, outcome.count) == (expected, len(expected)), f"{step}: {who}"
        resources = visible_pages(CourseResourcePage.objects.filter(title__contains=WORD), _fresh(user))
        rows = list(resources.values("pk", *FACET_COLUMNS.values()))
        for facet, column in FACET_COLUMNS.items():
            values = [row[column] for row in rows]
            counted = {f["value"]: f["count"] for f in outcome.facets.get(facet, [])}
            assert counted == {v: values.count(v) for v in values}, f"{step}: {who} {facet}"
            for value in set(values):
                key = "major" if facet == "major" else facet
                narrowed = site_search(query=WORD, user=_fresh(user), filters=Filters(**{key: value}), limit=50)
                wanted = {row["pk"] for row in rows if row[column] == value}
                assert ({h.id for h in narrowed.hits}, narrowed.count) == (wanted, len(wanted)), (
                    f"{step}: {who} {facet}={value}"
                )


def test_random_walk_of_write_paths_keeps_every_audience_right(site, member, outsider):
    """A seeded walk over the write paths (admin-like publish, draft revision, QuerySet.update of
    facets, visibility and live, unpublish, move, restriction changes, delete, rebuild of the
    index): after each step every audience's hits, counts, facets and facet filters agree."""
    import random

    from search.maintenance import rebuild_resource_index

    rng = random.Random(20261126)
    users = {"anonymous": None, "outsider": outsider, "member": member}
    majors = [MajorFactory(name=f"QA走查专业{n}") for n in range(2)]
    sections = [site.resources, ResourceIndexPageFactory(parent=site.home, title="走查库", slug="qa-walk")]
    login = _restricted_section(site, "qa-walk-login", BaseViewRestriction.LOGIN)
    sections.append(login)
    resources = [
        CourseResourcePageFactory(
            parent=rng.choice(sections),
            title=f"走查 {WORD} {n}",
            major=rng.choice(majors),
            school=rng.choice(["甲校", "乙校"]),
            year=rng.choice([2020, 2021]),
            resource_type=rng.choice(["video", "case"]),
            members_only=rng.random() < 0.3,
            publish=rng.random() < 0.8,
            attachments=0,
        )
        for n in range(6)
    ]
    NewsArticlePageFactory(parent=login, title=f"走查新闻 {WORD}")
    restriction = None
    _agrees("built", users)
    for step in range(18):
        page = CourseResourcePage.objects.get(pk=rng.choice(resources).pk)
        action = rng.choice(
            [
                "publish_facets",
                "draft_facets",
                "update_facets",
                "update_visibility",
                "update_live",
                "unpublish",
                "move",
                "restrict",
                "publish_visibility",
                "rebuild",
            ]
        )
        if action == "publish_facets":
            page.school, page.major = rng.choice(["甲校", "乙校", "丙校"]), rng.choice(majors)
            page.save_revision().publish()
        elif action == "draft_facets":
            page.year = rng.choice([2019, 2022])
            page.save_revision()
        elif action == "update_facets":
            CourseResourcePage.objects.filter(pk=page.pk).update(
                resource_type=rng.choice(["video", "case", "courseware"]), year=rng.choice([2020, 2023])
            )
        elif action == "update_visibility":
            CourseResourcePage.objects.filter(pk=page.pk).update(
                visibility=rng.choice([Visibility.PUBLIC, Visibility.MEMBERS])
            )
        elif action == "update_live":
            Page.objects.filter(pk=page.pk).update(live=rng.random() < 0.5)
        elif action == "unpublish":
            if page.live:
                page.unpublish()
            else:
                page.save_revision().publish()
        elif action == "move":
            target = rng.choice([s for s in sections if not page.path.startswith(Page.objects.get(pk=s.pk).path)])
            page.move(Page.objects.get(pk=target.pk), pos="last-child")
        elif action == "restrict":
            if restriction is None:
                restriction = PageViewRestriction.objects.create(
                    page=sections[1], restriction_type=BaseViewRestriction.GROUPS
                )
                restriction.groups.set([role_group(roles.MEMBERS)])
            else:
                restriction.delete()
                restriction = None
        elif action == "publish_visibility":
            page.visibility = Visibility.MEMBERS if page.visibility == Visibility.PUBLIC else Visibility.PUBLIC
            page.save_revision().publish()
        else:
            rebuild_resource_index(batch=2)
        _agrees(f"step {step}: {action} on {page.pk}", users)
    CourseResourcePage.objects.get(pk=resources[0].pk).delete()
    _agrees("deleted", users)


@on_postgres
def test_facts_never_outlive_the_resource_rows_they_copy(site):
    """The facts on the entry vectors decide whether a match is a resource at all (the statement
    reads no resource row): a resource table emptied by TRUNCATE (no row trigger fires) must not
    leave the visitor counting members-only resources, their schools or their majors."""
    CourseResourcePageFactory(parent=site.resources, title=f"公开 {WORD}", attachments=0)
    CourseResourcePageFactory(
        parent=site.resources, title=f"会员 {WORD}", school="会员专属学校", members_only=True, attachments=0
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE resources_courseresourcepage CASCADE")
    outcome = site_search(query=WORD, user=AnonymousUser(), filters=Filters(types=("resource",)))
    schools = {f["value"] for f in outcome.facets.get("school", [])}
    assert "会员专属学校" not in schools
    assert outcome.count == len(outcome.hits) == 0


@pytest.mark.parametrize("hidden_by", ["members_only", "password", "draft_change"])
def test_english_site_never_shows_a_hidden_translations_title(client, site, hidden_by):
    """On the English site a hit is shown by its live English translation's title. A translation
    the visitor may not see (members-only, behind a password) must not lend the public Chinese
    hit its title or address."""
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    page = CourseResourcePageFactory(parent=site.resources, title=f"公开中文 {WORD}", attachments=0)
    translated = page.copy_for_translation(english, copy_parents=True)
    translated.title = "Secret English title zqxsecretenglish"
    translated.slug = "secret-english"
    if hidden_by == "members_only":
        translated.visibility = Visibility.MEMBERS
    translated.save_revision().publish()
    if hidden_by == "password":
        PageViewRestriction.objects.create(
            page=translated, restriction_type=BaseViewRestriction.PASSWORD, password="pw"
        )
    if hidden_by == "draft_change":
        translated = CourseResourcePage.objects.get(pk=translated.pk)
        translated.title = "Draft English title zqxsecretdraft"
        translated.save_revision()
    response = client.get("/en/api/search/", {"q": WORD})
    assert response.status_code == 200
    body = response.json()
    shown = " ".join(f"{hit['title']} {hit['url']}" for hit in body["results"])
    if hidden_by == "draft_change":  # the published translation is public (and a hit itself): only the draft is hidden
        assert page.pk in {hit["id"] for hit in body["results"]}
        assert "zqxsecretdraft" not in shown.lower(), shown
        return
    assert [hit["id"] for hit in body["results"] if hit["type"] == "resource"] == [page.pk]
    assert "zqxsecret" not in shown.lower() and "secret-english" not in shown, shown


@on_postgres
def test_rebuilding_the_resource_index_puts_wrong_facts_right(site):
    """Facts lost behind the triggers' back (a restore without them, a hand-made UPDATE) hide a
    resource or misplace it under another facet. Rebuilding the resources' index — the operator's
    remedy for a search that looks wrong — must make the copies agree with the resources again."""
    from search.maintenance import rebuild_resource_index

    lost = CourseResourcePageFactory(parent=site.resources, title=f"丢失 {WORD}", attachments=0)
    moved = CourseResourcePageFactory(parent=site.resources, title=f"错位 {WORD}", attachments=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_entryvector SET f_resource_type = NULL, f_major_id = NULL, f_year = NULL, f_school = NULL "
            "WHERE object_pk = %s",
            [lost.pk],
        )
        cursor.execute("UPDATE search_entryvector SET f_school = '别的学校' WHERE object_pk = %s", [moved.pk])
    rebuild_resource_index(batch=10)
    outcome = site_search(query=WORD, user=AnonymousUser(), filters=Filters(types=("resource",)))
    assert ({hit.id for hit in outcome.hits}, outcome.count) == ({lost.pk, moved.pk}, 2)
    assert {f["value"]: f["count"] for f in outcome.facets["school"]} == {lost.school: 2}
