"""The secretariat keeps the contact details, filing numbers and friendly links; editors may also
keep the friendly links. Found by role code (core 0004), whatever the groups are called now."""

from django.db import migrations

from core.migration_helpers import grant_role_permissions

GRANTS = {
    "secretariat": {
        ("core", "contactsettings"): ("change",),
        ("core", "friendlylink"): ("view", "add", "change", "delete"),
    },
    "editors": {("core", "friendlylink"): ("view", "add", "change", "delete")},
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_contact_settings_and_friendly_links")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
