"""Common abbreviations of the domain; editors extend the list in the admin (搜索同义词)."""

from django.db import migrations

from core.migration_helpers import grant_model_permissions

SYNONYMS = {
    "电商": "电子商务",
    "跨境电商": "跨境电子商务",
    "新能源车": "新能源汽车",
    "汽修": "汽车运用与维修、汽车维修",
    "幼师": "幼儿保育、学前教育",
    "数控车": "数控车削",
    "数控铣": "数控铣削",
    "机器人": "工业机器人",
    "护士": "护理",
    "会计": "会计事务、财务会计",
    "烹饪": "中式烹调、中餐烹饪",
    "PLC": "可编程控制器",
    "微课": "微课视频",
    "题库": "试题库",
}

MANAGERS = ["编辑", "审核员", "秘书处"]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, expansions in SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"expansions": expansions})
    grant_model_permissions(
        apps, {name: {("search", "synonym"): ("add", "change", "delete", "view")} for name in MANAGERS}
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_synonyms"), ("core", "0003_roles_and_moderation")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
