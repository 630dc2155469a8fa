"""The roles migration: groups, what each may do in the admin."""

import pytest
from wagtail.models import GroupPagePermission, Page

from core import roles
from core.models import GroupRole

pytestmark = pytest.mark.django_db


def page_permissions(group_name: str) -> set[str]:
    root = Page.get_first_root_node()
    return set(
        GroupPagePermission.objects.filter(group__role__code=group_name, page=root).values_list(
            "permission__codename", flat=True
        )
    )


def test_every_role_exists():
    assert set(GroupRole.objects.values_list("code", flat=True)) >= set(roles.ALL_GROUPS)


def test_editors_cannot_publish_but_moderators_and_secretariat_can():
    assert "publish_page" not in page_permissions(roles.EDITORS)
    assert {"add_page", "change_page"} <= page_permissions(roles.EDITORS)
    assert "publish_page" in page_permissions(roles.MODERATORS)
    assert "publish_page" in page_permissions(roles.SECRETARIAT)


@pytest.mark.parametrize("group_name", roles.STAFF_GROUPS)
def test_staff_roles_reach_the_admin(group_name):
    group = roles.group(group_name)
    assert group.permissions.filter(codename="access_admin").exists()


def test_members_do_not_reach_the_admin(client, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_majors_are_managed_by_moderators_not_editors(client, editor, moderator):
    client.force_login(editor)
    assert client.get("/admin/snippets/core/major/").status_code in (302, 403)
    client.force_login(moderator)
    response = client.get("/admin/snippets/core/major/")
    assert response.status_code == 200
    assert "数控技术应用" in response.content.decode()
