"""Create the alliance's roles as groups, with their permissions, and name the moderation workflow.

Wagtail's own migrations create the "Editors" and "Moderators" groups (editors may add and change
pages; moderators may also publish) and a default workflow in which moderators approve every page
submitted under the root. We rename those to Chinese, keep their permissions, and add the alliance's
other roles (see core/roles.py, whose constants must match the names here).
"""

from django.db import migrations

from core.migration_helpers import get_permission, grant_model_permissions

EDITORS = "编辑"
MODERATORS = "审核员"
SECRETARIAT = "秘书处"
COUNCIL = "理事"
EXPERT_COMMITTEE = "专家委员会"
CHAIR = "理事长/秘书长"
MEMBERS = "会员单位"

STAFF_GROUPS = [EDITORS, MODERATORS, SECRETARIAT, COUNCIL, EXPERT_COMMITTEE, CHAIR]
PAGE_PERMISSIONS_BY_GROUP = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    SECRETARIAT: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
MAJOR_MANAGERS = [MODERATORS, SECRETARIAT]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")

    for old, new in (("Editors", EDITORS), ("Moderators", MODERATORS)):
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in [*STAFF_GROUPS, MEMBERS]}

    access_admin = get_permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    for name in STAFF_GROUPS:
        groups[name].permissions.add(access_admin)

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for name, codenames in PAGE_PERMISSIONS_BY_GROUP.items():
            for codename in codenames:
                permission = get_permission(apps, "wagtailcore", "page", codename)
                GroupPagePermission.objects.get_or_create(group=groups[name], page=root, permission=permission)

    # The secretariat manages images and documents as moderators do.
    for collection_permission in GroupCollectionPermission.objects.filter(group=groups[MODERATORS]):
        GroupCollectionPermission.objects.get_or_create(
            group=groups[SECRETARIAT],
            collection=collection_permission.collection,
            permission=collection_permission.permission,
        )

    grant_model_permissions(
        apps, {name: {("core", "major"): ("add", "change", "delete", "view")} for name in MAJOR_MANAGERS}
    )

    for task in Task.objects.filter(name="Moderators approval"):
        task.name = "审核员审批"
        task.save(update_fields=["name"])
    for workflow in Workflow.objects.filter(name="Moderators approval"):
        workflow.name = "内容审核"
        workflow.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_seed_majors"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
