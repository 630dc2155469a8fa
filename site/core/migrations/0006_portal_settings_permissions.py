"""The secretariat keeps the contact details, filing numbers and friendly links; editors may also
keep the friendly links. Found by role code (core 0004), whatever the groups are called now."""

from django.db import migrations

from core.migration_helpers import get_permission

GRANTS = {
    "secretariat": {
        ("core", "contactsettings"): ("change",),
        ("core", "friendlylink"): ("view", "add", "change", "delete"),
    },
    "editors": {("core", "friendlylink"): ("view", "add", "change", "delete")},
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
    dependencies = [("core", "0005_contact_settings_and_friendly_links")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
