"""Helpers for data migrations that hand permissions to roles.

Model permissions are normally created after `migrate` finishes (post_migrate), too late for a data
migration in the same run; these helpers create the content type and permission when missing.
"""


def get_permission(apps, app_label: str, model: str, codename: str, name: str | None = None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name or codename}
    )
    return permission


def grant_model_permissions(apps, grants: dict[str, dict[tuple[str, str], tuple[str, ...]]]) -> None:
    """grants = {group name: {(app_label, model): ("view", "change", ...)}}"""
    Group = apps.get_model("auth", "Group")
    for group_name, models in grants.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for (app_label, model), actions in models.items():
            for action in actions:
                group.permissions.add(
                    get_permission(apps, app_label, model, f"{action}_{model}", f"Can {action} {model}")
                )


def grant_role_permissions(apps, grants: dict[str, dict[tuple[str, str], tuple[str, ...]]]) -> None:
    """grants = {role code: {(app_label, model): ("view", "change", ...)}}: the group carrying each
    role (core.GroupRole, core 0004), whatever it is called now; a role with no group is skipped."""
    GroupRole = apps.get_model("core", "GroupRole")
    for code, models in grants.items():
        role = GroupRole.objects.select_related("group").filter(code=code).first()
        if role is None:
            continue
        for (app_label, model), actions in models.items():
            for action in actions:
                role.group.permissions.add(
                    get_permission(apps, app_label, model, f"{action}_{model}", f"Can {action} {model}")
                )
