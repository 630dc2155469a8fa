"""The one-statement site search (search/one_pass.py) lists exactly what core.visibility lets each
user see, through every change of visibility, and its compact entry map (search/supports.py:
search_entrykey on SQLite, search_entryvector on PostgreSQL) follows the index through every write."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from wagtail.models import BaseViewRestriction, PageViewRestriction

from core import roles
from core.visibility import visible_pages
from resources.models import CourseResourcePage, Visibility
from search.services import Filters, site_search
from tests.factories.pages import (
    CourseResourcePageFactory,
    MajorFactory,
    ResourceIndexPageFactory,
    StandardPageFactory,
)
from tests.factories.users import role_group, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

WORD = "zqxonepass"


def _people(member_pk, staff_pk):
    """Fresh user objects (core.visibility keeps a user's hidden paths on the object)."""
    users = get_user_model().objects
    return {"anonymous": AnonymousUser(), "member": users.get(pk=member_pk), "staff": users.get(pk=staff_pk)}


INT_MAX = 2**31 - 1


def _entry_map_agrees() -> None:
    """The compact entry map holds exactly the index entries whose object id is an integer: on
    SQLite search_entrykey (id, content type, object id), on PostgreSQL search_entryvector, which
    also copies title_norm and the title and body vectors the match reads."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT id, content_type_id, object_id FROM wagtailsearch_indexentry")
            entries = {(i, ct, int(oid)) for i, ct, oid in cursor.fetchall() if oid.isdigit()}
            cursor.execute("SELECT entry_id, content_type_id, object_pk FROM search_entrykey")
        else:
            cursor.execute(
                "SELECT id, content_type_id, object_id, title_norm, title::text, body::text FROM wagtailsearch_indexentry"
            )
            entries = {
                (i, ct, int(oid), *rest)
                for i, ct, oid, *rest in cursor.fetchall()
                if oid.isdigit() and int(oid) <= INT_MAX
            }
            cursor.execute(
                "SELECT entry_id, content_type_id, object_pk, title_norm, title::text, body::text FROM search_entryvector"
            )
        assert entries, "the index holds entries (the comparison's premise)"
        assert set(cursor.fetchall()) == entries
        if connection.vendor == "postgresql":
            _entry_facets_agree(cursor)


def _entry_facets_agree(cursor) -> None:
    """On PostgreSQL every entry vector carries the facets of the resource it stands for — the
    resource row of its own content type, read here afresh — and NULLs on every other entry."""
    cursor.execute("SELECT entry_id, f_resource_type, f_major_id, f_year, f_school FROM search_entryvector")
    carried = {entry: tuple(facets) for entry, *facets in cursor.fetchall()}
    cursor.execute(
        "SELECT e.entry_id, r.resource_type, r.major_id, r.year, r.school FROM search_entryvector e "
        "LEFT JOIN wagtailcore_page p ON p.id = e.object_pk AND p.content_type_id = e.content_type_id "
        "LEFT JOIN resources_courseresourcepage r ON r.page_ptr_id = p.id"
    )
    expected = {entry: tuple(facets) for entry, *facets in cursor.fetchall()}
    assert carried == expected


FACETS = {"resource_type": "resource_type", "major": "major_id", "year": "year", "school": "school"}


def _search_agrees(step: str, member_pk: int, staff_pk: int) -> None:
    """For each user: the hits, the count and every facet's counts are those of the resources
    core.visibility lists to them; and choosing any facet value lists exactly those resources."""
    for who, user in _people(member_pk, staff_pk).items():
        visible = visible_pages(CourseResourcePage.objects.filter(title__contains=WORD), user)
        expected = {row["pk"]: row for row in visible.values("pk", *FACETS.values())}
        outcome = site_search(query=WORD, user=user, filters=Filters(types=("resource",)), limit=50)
        found = {hit.id for hit in outcome.hits}
        assert (found, outcome.count) == (set(expected), len(expected)), f"{step}: {who}"
        for facet, column in FACETS.items():
            counted = {item["value"]: item["count"] for item in outcome.facets.get(facet, [])}
            values = [row[column] for row in expected.values()]
            assert counted == {value: values.count(value) for value in values}, f"{step}: {who} facet {facet}"
            for value in set(values):
                chosen = {"major" if facet == "major" else facet: value}
                narrowed = site_search(query=WORD, user=user, filters=Filters(types=("resource",), **chosen), limit=50)
                wanted = {pk for pk, row in expected.items() if row[column] == value}
                assert {hit.id for hit in narrowed.hits} == wanted, f"{step}: {who} {facet}={value}"
    _entry_map_agrees()


def _republish(page) -> None:
    page.save_revision().publish()


def test_results_follow_every_change_of_visibility(site, member):
    staff = user_with_role("t_onepass_staff", roles.SECRETARIAT)
    check = lambda step: _search_agrees(step, member.pk, staff.pk)  # noqa: E731
    public = CourseResourcePageFactory(parent=site.resources, title=f"公开资源 {WORD} 一", attachments=0)
    members_only = CourseResourcePageFactory(
        parent=site.resources, title=f"会员资源 {WORD} 二", members_only=True, attachments=0
    )
    draft = CourseResourcePageFactory(parent=site.resources, title=f"草稿资源 {WORD} 三", publish=False, attachments=0)
    second_section = ResourceIndexPageFactory(parent=site.home, title="第二资源库", slug="resources-two")
    elsewhere = CourseResourcePageFactory(parent=second_section, title=f"另一资源 {WORD} 四", attachments=0)
    check("built: public, members-only, draft, another section")

    _republish(draft)
    check("draft published")

    public.unpublish()
    check("public resource unpublished")
    _republish(public)
    check("published again")

    elsewhere.visibility = Visibility.MEMBERS
    _republish(elsewhere)
    members_only.visibility = Visibility.PUBLIC
    _republish(members_only)
    check("members-only flag set on one, cleared on another")

    restriction = PageViewRestriction.objects.create(page=second_section, restriction_type=BaseViewRestriction.LOGIN)
    check("login restriction on the second section")
    restriction.restriction_type = BaseViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set([role_group(roles.MEMBERS)])
    check("the restriction now lets only the members group in")

    public.move(second_section, pos="last-child")
    check("a public resource moved under the restricted section")

    other_major = MajorFactory()
    public.resource_type, public.school, public.year, public.major = "courseware", "另一所学校", 2019, other_major
    _republish(public)
    elsewhere.school = "又一所学校"
    elsewhere.save_revision()  # a draft: the live row, and so the facets, keep the old school
    check("facets changed on one resource, a draft of a change on another")

    restriction.delete()
    check("restriction removed")

    members_only.delete()
    check("a resource deleted")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the entry vectors carry the facets on PostgreSQL only")
def test_entry_facets_follow_resource_rows_the_index_is_not_told_of(site):
    """The facets on PostgreSQL's entry vectors follow the resource rows themselves (a trigger on
    the resources), not the index: an UPDATE that no signal reports moves the hit to its new facet,
    and a resource row removed behind Django's back takes its entry out of the resources listed."""
    major = MajorFactory()
    kept = CourseResourcePageFactory(parent=site.resources, title=f"留下 {WORD}", attachments=0)
    gone = CourseResourcePageFactory(parent=site.resources, title=f"移除 {WORD}", attachments=0)

    def schools() -> dict:
        outcome = site_search(query=WORD, user=AnonymousUser(), filters=Filters(types=("resource",)))
        return {item["value"]: item["count"] for item in outcome.facets.get("school", [])}

    CourseResourcePage.objects.filter(pk=kept.pk).update(school="改过的学校", major=major)
    _entry_map_agrees()
    assert gone.school != "改过的学校"
    assert schools() == {"改过的学校": 1, gone.school: 1}
    narrowed = site_search(query=WORD, user=AnonymousUser(), filters=Filters(major=major.pk))
    assert [hit.id for hit in narrowed.hits] == [kept.pk]

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM resources_courseresourcepage WHERE page_ptr_id = %s", [gone.pk])
    _entry_map_agrees()
    outcome = site_search(query=WORD, user=AnonymousUser(), filters=Filters(types=("resource",)))
    assert ([hit.id for hit in outcome.hits], outcome.count, schools()) == ([kept.pk], 1, {"改过的学校": 1})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the entry vectors carry the facets on PostgreSQL only")
def test_ensure_supports_restores_facets_lost_or_wrong(site):
    """Facets missing (a table from before migration 0006) or wrong (a restore without the
    triggers) lose or misplace hits; the post-migrate check puts them right."""
    from search.supports import ensure_supports

    page = CourseResourcePageFactory(parent=site.resources, title=f"补齐分面 {WORD}", attachments=0)
    other = StandardPageFactory(parent=site.home, title=f"栏目 {WORD}")
    with connection.cursor() as cursor:  # as many rows as before: only the facets are wrong
        cursor.execute(
            "UPDATE search_entryvector SET f_resource_type = NULL, f_major_id = NULL, f_year = NULL, f_school = NULL"
        )
        cursor.execute(
            "UPDATE search_entryvector SET f_resource_type = 'video', f_major_id = %s, f_year = 2000, "
            "f_school = 'x' WHERE object_pk = %s",
            [page.major_id, other.pk],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as after a migration: no deferred check pending
    resources = site_search(query=WORD, user=AnonymousUser(), filters=Filters(types=("resource",)))
    assert resources.count == 0

    ensure_supports(connection)
    _entry_map_agrees()
    resources = site_search(query=WORD, user=AnonymousUser(), filters=Filters(types=("resource",)))
    assert [hit.id for hit in resources.hits] == [page.pk]


def test_entry_map_follows_reindexing(site):
    """update_index's path: entries rewritten (a changed title: on PostgreSQL the upsert's UPDATE),
    removed and added again keep the map whole."""
    from search.maintenance import rebuild_resource_index

    page = CourseResourcePageFactory(parent=site.resources, title=f"索引资源 {WORD}", attachments=0)
    rebuild_resource_index(batch=1)
    _entry_map_agrees()
    assert site_search(query=WORD, user=AnonymousUser()).count == 1

    CourseResourcePage.objects.filter(pk=page.pk).update(title="改名资源 zqxrenamed")  # the index not told
    rebuild_resource_index(batch=1)
    _entry_map_agrees()
    assert site_search(query="zqxrenamed", user=AnonymousUser()).count == 1


def test_entry_map_follows_the_importer(site):
    """The batch importer's writes (created, then updated by a re-import) reach the map."""
    from resources.importer import import_resources
    from tests.search.test_import import GOOD, jsonl

    first = {**GOOD, "external_id": "map-001", "title": f"导入资源 {WORD}"}
    second = {**GOOD, "external_id": "map-002", "title": "导入资源 zqxsecond"}
    assert import_resources(jsonl([first, second]), "jsonl").created == 2
    _entry_map_agrees()
    assert site_search(query=WORD, user=AnonymousUser()).count == 1

    again = import_resources(jsonl([{**first, "title": "导入资源 zqxrevised"}, second]), "jsonl")
    assert again.updated == 2
    _entry_map_agrees()
    assert site_search(query=WORD, user=AnonymousUser()).count == 0
    assert site_search(query="zqxrevised", user=AnonymousUser()).count == 1


def test_ensure_supports_refills_an_emptied_map(site):
    """A map emptied behind the triggers' back (a restore without them, a hand-made DELETE) loses
    every hit, since the statement reads the map; the post-migrate check refills it."""
    from search.supports import ensure_supports

    CourseResourcePageFactory(parent=site.resources, title=f"补齐资源 {WORD}", attachments=0)
    table = "search_entrykey" if connection.vendor == "sqlite" else "search_entryvector"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a constant name
        if connection.vendor == "postgresql":  # as after a migration: no deferred foreign-key check pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert site_search(query=WORD, user=AnonymousUser()).count == 0

    ensure_supports(connection)
    _entry_map_agrees()
    assert site_search(query=WORD, user=AnonymousUser()).count == 1


on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search_entryvector and its triggers exist on PostgreSQL only"
)


def _insert_entry(cursor, content_type_id: int, object_id: str) -> None:
    cursor.execute(
        "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title_norm, autocomplete, title, body, "
        "title_text, body_text) VALUES (%s, %s, 1.0, ''::tsvector, to_tsvector('simple', 'zqxraw'), "
        "''::tsvector, 'zqxraw', '')",
        [content_type_id, object_id],
    )


@on_postgres
def test_entry_vectors_hold_integer_object_ids_only(site):
    """Rows whose object id is not all digits, or too large for an integer, stay out of the map,
    and an update that makes an id one or the other takes the row out; a delete and a TRUNCATE of
    the index empty it too."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(CourseResourcePage).pk
    with connection.cursor() as cursor:
        for object_id in ("990001", "abc", "99a", "2147483648", "12345678901234567890", "2147483647"):
            _insert_entry(cursor, content_type, object_id)
        cursor.execute("SELECT object_pk FROM search_entryvector WHERE title @@ to_tsquery('simple', 'zqxraw')")
        assert sorted(pk for (pk,) in cursor.fetchall()) == [990001, 2147483647]
        _entry_map_agrees()

        cursor.execute("UPDATE wagtailsearch_indexentry SET object_id = 'x990001' WHERE object_id = '990001'")
        cursor.execute("UPDATE wagtailsearch_indexentry SET object_id = '990002' WHERE object_id = 'abc'")
        cursor.execute("UPDATE wagtailsearch_indexentry SET title_norm = 0.5 WHERE object_id = '2147483647'")
        _entry_map_agrees()
        cursor.execute(
            "SELECT object_pk, title_norm FROM search_entryvector WHERE title @@ to_tsquery('simple', 'zqxraw')"
        )
        assert sorted(cursor.fetchall()) == [(990002, 1.0), (2147483647, 0.5)]

        cursor.execute("DELETE FROM wagtailsearch_indexentry WHERE object_id = '990002'")
        _entry_map_agrees()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred foreign-key check pending
        cursor.execute("TRUNCATE wagtailsearch_indexentry")
        cursor.execute("SELECT COUNT(*) FROM search_entryvector")
        assert cursor.fetchone()[0] == 0


def _reference_scores(query, pks: set[int]) -> dict[int, float]:
    """Each resource's relevance for `query` computed apart, the plain way, on Wagtail's own index
    rows: on SQLite FTS5's bm25 of the query alone (search/sqlite_ranking.py's weights), on
    PostgreSQL `ts_rank` of the query alone on the title (times title_norm) and on the body."""
    from wagtail.search.models import IndexEntry

    if connection.vendor == "sqlite":
        from search.backends.sqlite_ranking import BM25_WEIGHTS, fts5_expression

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, bm25(wagtailsearch_indexentry_fts, %s, %s, %s) FROM wagtailsearch_indexentry_fts "
                "WHERE wagtailsearch_indexentry_fts MATCH %s",
                [*BM25_WEIGHTS, "{title body} : " + fts5_expression(query)],
            )
            by_entry = dict(cursor.fetchall())
        objects = dict(IndexEntry.objects.filter(id__in=by_entry).values_list("id", "object_id"))
        scores = {int(objects[entry]): -score for entry, score in by_entry.items()}
    else:
        from django.contrib.postgres.search import SearchRank
        from django.db.models import F
        from wagtail.models import Page
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        compiler = backend.query_compiler_class(Page.objects.none(), query)
        tsquery = compiler.build_tsquery(query, config=compiler.get_config(backend))
        weights = compiler.sql_weights
        entries = (
            IndexEntry.objects.annotate(vector=F("title")._combine(F("body"), "||", False))
            .filter(object_id__in=[str(pk) for pk in pks], vector=tsquery)
            .annotate(
                score=SearchRank(F("title"), tsquery, weights=weights) * F("title_norm")
                + SearchRank(F("body"), tsquery, weights=weights)
            )
        )
        scores = {int(object_id): score for object_id, score in entries.values_list("object_id", "score")}
    return {pk: score for pk, score in scores.items() if pk in pks}


def test_each_hit_is_scored_by_the_form_it_matched(site):
    """A hit containing the query's words whole carries the strict form's relevance, one matching
    only through the words' parts the loose form's — the statement reads each once (SQLite: the
    loose matches minus the strict ones, `(loose) NOT (strict)`; PostgreSQL: tsqueries evaluated
    once), and the scores must be those the two forms give on their own."""
    from search.query import build_query

    texts = [
        "课程标准 修订说明",  # whole, once
        "课程标准 课程标准 研制",  # whole, twice
        "课程 设置与 标准 解读",  # parts only
        "标准化 课程 建设 标准",  # parts only, one part twice
    ]
    pages = [CourseResourcePageFactory(parent=site.resources, title=text, attachments=0) for text in texts]
    whole = {pages[0].pk, pages[1].pk}
    pks = {page.pk for page in pages}
    strict_scores = _reference_scores(build_query("课程标准", parts=False), pks)
    loose_scores = _reference_scores(build_query("课程标准"), pks)
    assert set(strict_scores) == whole and set(loose_scores) == pks  # the test's premise

    outcome = site_search(query="课程标准", user=AnonymousUser(), filters=Filters(types=("resource",)), limit=50)
    hits = [hit for hit in outcome.hits if hit.id in pks]
    assert {hit.id for hit in hits[:2]} == whole, "the whole-word hits come first"
    for hit in hits:
        expected = strict_scores[hit.id] if hit.id in whole else loose_scores[hit.id]
        assert hit.score == pytest.approx(expected, rel=1e-9), hit.title


def test_sources_are_shared_per_audience_and_hold_no_rows(site, member):
    """Users alike in what core.visibility reads of them (hidden sections, members access) share
    one set of sources; a member does not get the anonymous set; none of them ever caches rows."""
    from search.services import _sources

    CourseResourcePageFactory(parent=site.resources, title=f"共享资源 {WORD}", attachments=0)
    first, second = _sources(AnonymousUser()), _sources(AnonymousUser())
    assert [s.shared_queryset for s in first] == [s.shared_queryset for s in second]
    members = _sources(get_user_model().objects.get(pk=member.pk))
    assert {id(s.shared_queryset) for s in members}.isdisjoint({id(s.shared_queryset) for s in first})
    assert "expert" in {s.kind for s in members} and "expert" not in {s.kind for s in first}

    assert site_search(query=WORD, user=AnonymousUser()).count == 1
    for source in first:
        list(source.queryset)  # evaluating what a caller reads …
        assert source.shared_queryset._result_cache is None  # … leaves the shared one empty


def test_facets_list_most_first_and_ties_by_value(site):
    """Facet values come by count, most first, and equal counts in a set order (by value): the
    database returns groups in no set order (PostgreSQL's hash aggregate flips ties)."""
    for school, resource_type in [("乙校", "video"), ("甲校", "case"), ("丙校", "video"), ("乙校", "case")]:
        CourseResourcePageFactory(
            parent=site.resources, title=f"分面 {WORD}", school=school, resource_type=resource_type, attachments=0
        )
    CourseResourcePageFactory(parent=site.resources, title=f"分面 {WORD}", school="乙校", attachments=0)
    facets = site_search(query=WORD, user=AnonymousUser()).facets
    assert [(f["value"], f["count"]) for f in facets["school"]] == [("乙校", 3), ("丙校", 1), ("甲校", 1)]
    assert [(f["value"], f["count"]) for f in facets["resource_type"]] == [
        ("case", 2),
        ("video", 2),
        ("course_standard", 1),
    ]


def test_major_facet_is_named_in_the_visitors_language(site):
    """The statement returns the names of the majors it counts: the Chinese name on the Chinese
    site; on the English site the English name, or the Chinese one when a major has none."""
    from django.utils import translation

    named = MajorFactory(name="测试专业甲", name_en="Test Major A")
    unnamed = MajorFactory(name="测试专业乙", name_en="")
    for major in (named, named, unnamed):
        CourseResourcePageFactory(parent=site.resources, title=f"专业分面 {WORD}", major=major, attachments=0)

    def majors() -> list:
        return [
            (f["value"], f["label"], f["count"]) for f in site_search(query=WORD, user=AnonymousUser()).facets["major"]
        ]

    assert majors() == [(named.pk, "测试专业甲", 2), (unnamed.pk, "测试专业乙", 1)]
    with translation.override("en"):
        assert majors() == [(named.pk, "Test Major A", 2), (unnamed.pk, "测试专业乙", 1)]
    named.name_en = "Renamed Major"
    named.save()
    with translation.override("en"):
        assert majors()[0] == (named.pk, "Renamed Major", 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sets are read through PostgreSQL's own indexes")
def test_a_visitors_sets_are_read_through_their_small_indexes(site):
    """What a visitor may not see is read through the two small indexes made for it (the pages not
    live, the members-only resources), never a scan of the page or resource table: at 100,000
    resources a scan of either costs more than the whole search."""
    from core.visibility import shut_out

    CourseResourcePageFactory(parent=site.resources, title=f"集合 {WORD}", members_only=True, attachments=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailcore_page")
        cursor.execute("ANALYZE resources_courseresourcepage")
        plans = []
        for pks in shut_out(CourseResourcePage, AnonymousUser()):
            sql, params = pks.query.sql_with_params()
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table: ask which index, not whether
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append(" ".join(line for (line,) in cursor.fetchall()))
    assert len(plans) == 2
    assert "search_page_not_live" in plans[0] and "search_resource_members_only" in plans[1], plans
