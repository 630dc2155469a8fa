"""The one-pass site search's supports (search/supports.py): on SQLite a compact map from index
entry to page kept by triggers; on SQLite and PostgreSQL covering indexes for the visibility and
facet join. Checked again after every `migrate` (search/apps.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from search.supports import ensure_supports

    ensure_supports(schema_editor.connection)


def drop(apps, schema_editor):
    from search.supports import drop_supports

    drop_supports(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_postgres_title_body_index"),
        ("resources", "0007_english_names"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
