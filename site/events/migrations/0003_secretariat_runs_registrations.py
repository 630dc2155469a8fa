"""The secretariat runs registrations and competition entries in the admin: reads registrations
(their states change only through transitions) and records each team's award. Groups are found by
their role code (core.GroupRole), whatever they are called now."""

from django.db import migrations

from core.migration_helpers import get_permission

GRANTS = {
    "secretariat": {
        ("events", "registration"): ("view",),
        ("events", "competitionentry"): ("view", "change"),
    },
}


def grant(apps, schema_editor):
    GroupRole = apps.get_model("core", "GroupRole")
    for code, models in GRANTS.items():
        role = GroupRole.objects.select_related("group").filter(code=code).first()
        if role is None:
            continue
        for (app_label, model), actions in models.items():
            for action in actions:
                role.group.permissions.add(
                    get_permission(apps, app_label, model, f"{action}_{model}", f"Can {action} {model}")
                )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_registrations_and_competitions"),
        ("core", "0004_group_role_codes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
