"""The secretariat runs registrations and competition entries in the admin: reads registrations
(their states change only through transitions) and records each team's award. Groups are found by
their role code (core.GroupRole), whatever they are called now."""

from django.db import migrations

from core.migration_helpers import grant_role_permissions

GRANTS = {
    "secretariat": {
        ("events", "registration"): ("view",),
        ("events", "competitionentry"): ("view", "change"),
    },
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_registrations_and_competitions"),
        ("core", "0004_group_role_codes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
