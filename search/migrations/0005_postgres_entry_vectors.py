"""PostgreSQL: `search_entryvector`, the compact copy of the index entries the one-pass search
matches and ranks on, with its GIN index on `title || body` and the triggers on
`wagtailsearch_indexentry` that keep it in step (search/supports.py). Filled from the index here.
The model is unmanaged: this migration's SQL owns the table. Other databases are left alone."""

import django.contrib.postgres.search
from django.db import migrations, models


def create(apps, schema_editor):
    from search.supports import ensure_supports

    ensure_supports(schema_editor.connection, entry_vectors=True)


def drop(apps, schema_editor):
    from search.supports import drop_entry_vectors

    drop_entry_vectors(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_one_pass_supports")]

    operations = [
        migrations.CreateModel(
            name="EntryVector",
            fields=[
                ("entry_id", models.IntegerField(primary_key=True, serialize=False)),
                ("content_type_id", models.IntegerField()),
                ("object_pk", models.IntegerField()),
                ("title_norm", models.FloatField()),
                ("title", django.contrib.postgres.search.SearchVectorField()),
                ("body", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"db_table": "search_entryvector", "managed": False},
        ),
        migrations.RunPython(create, drop),
    ]
