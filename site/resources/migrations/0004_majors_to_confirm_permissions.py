"""The majors an import creates are confirmed or merged by those who manage the majors list (core
0003: moderators and the secretariat); without this only a superuser could open the list."""

from django.db import migrations

from core.migration_helpers import grant_model_permissions

MAJOR_MANAGERS = ["审核员", "秘书处"]


def grant(apps, schema_editor):
    grant_model_permissions(
        apps, {name: {("resources", "majortoconfirm"): ("view", "change", "delete")} for name in MAJOR_MANAGERS}
    )


class Migration(migrations.Migration):
    dependencies = [("resources", "0003_major_to_confirm"), ("core", "0003_roles_and_moderation")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
