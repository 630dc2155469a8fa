"""The one-statement site search (search/one_pass.py) lists exactly what core.visibility lets each
user see, through every change of visibility, and its compact entry map (SQLite, search/supports.py)
follows the index through every write."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from wagtail.models import BaseViewRestriction, PageViewRestriction

from core import roles
from core.visibility import visible_pages
from resources.models import CourseResourcePage, Visibility
from search.services import Filters, site_search
from tests.factories.pages import CourseResourcePageFactory, ResourceIndexPageFactory
from tests.factories.users import role_group, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

WORD = "zqxonepass"


def _people(member_pk, staff_pk):
    """Fresh user objects (core.visibility keeps a user's hidden paths on the object)."""
    users = get_user_model().objects
    return {"anonymous": AnonymousUser(), "member": users.get(pk=member_pk), "staff": users.get(pk=staff_pk)}


def _entry_map_agrees() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, content_type_id, CAST(object_id AS INTEGER) FROM wagtailsearch_indexentry")
        entries = set(cursor.fetchall())
        cursor.execute("SELECT entry_id, content_type_id, object_pk FROM search_entrykey")
        assert set(cursor.fetchall()) == entries


def _search_agrees(step: str, member_pk: int, staff_pk: int) -> None:
    for who, user in _people(member_pk, staff_pk).items():
        expected = set(
            visible_pages(CourseResourcePage.objects.filter(title__contains=WORD), user).values_list("pk", flat=True)
        )
        outcome = site_search(query=WORD, user=user, filters=Filters(types=("resource",)), limit=50)
        found = {hit.id for hit in outcome.hits}
        assert (found, outcome.count) == (expected, len(expected)), f"{step}: {who}"
        for facet in outcome.facets.get("resource_type", []):
            assert facet["count"] <= len(expected), f"{step}: {who} facet {facet}"
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

    restriction.delete()
    check("restriction removed")

    members_only.delete()
    check("a resource deleted")


def test_entry_map_follows_reindexing(site):
    """update_index's path: entries rewritten, removed and added again keep the map whole."""
    from search.maintenance import rebuild_resource_index

    CourseResourcePageFactory(parent=site.resources, title=f"索引资源 {WORD}", attachments=0)
    rebuild_resource_index(batch=1)
    _entry_map_agrees()
    assert site_search(query=WORD, user=AnonymousUser()).count == 1
