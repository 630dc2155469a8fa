"""Who sees what of membership in the admin. Transitions have their own role checks (models.py);
these are the screens: the secretariat runs them, council and chair read applications."""

from django.db import migrations

from core.migration_helpers import grant_model_permissions

SECRETARIAT = "秘书处"
COUNCIL = "理事"
CHAIR = "理事长/秘书长"

GRANTS = {
    SECRETARIAT: {
        ("membership", "membershipapplication"): ("view",),
        ("membership", "membership"): ("view",),
        ("membership", "memberunit"): ("view", "change"),
        ("membership", "councilposition"): ("add", "change", "delete", "view"),
        ("workflows", "certificate"): ("view",),
        ("workflows", "decisionsettings"): ("change",),
    },
    COUNCIL: {
        ("membership", "membershipapplication"): ("view",),
        ("membership", "memberunit"): ("view",),
    },
    CHAIR: {
        ("membership", "membershipapplication"): ("view",),
        ("membership", "membership"): ("view",),
        ("membership", "memberunit"): ("view",),
        ("membership", "councilposition"): ("view",),
        ("workflows", "certificate"): ("view",),
    },
}


def grant(apps, schema_editor):
    grant_model_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0002_initial"),
        ("workflows", "0001_initial"),
        ("core", "0003_roles_and_moderation"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
