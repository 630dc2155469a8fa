"""Who sees the expert pool in the admin; transitions carry their own role checks (models.py)."""

from django.db import migrations

from core.migration_helpers import grant_model_permissions

GRANTS = {
    "秘书处": {("expertpool", "expertcandidate"): ("view",), ("expertpool", "paneldraw"): ("view",)},
    "专家委员会": {("expertpool", "expertcandidate"): ("view",), ("expertpool", "paneldraw"): ("view",)},
    "理事长/秘书长": {("expertpool", "expertcandidate"): ("view",), ("expertpool", "paneldraw"): ("view",)},
}


def grant(apps, schema_editor):
    grant_model_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("expertpool", "0001_initial"), ("core", "0003_roles_and_moderation")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
