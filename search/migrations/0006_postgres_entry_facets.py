"""PostgreSQL: the resource facets on `search_entryvector` (resource type, major, year, school),
kept from each resource's row by triggers, so that the one-pass search counts and facets its matches
without reading a resource row (search/supports.py). The columns are added to the table 0005 made
and filled from the resources. Other databases are left alone; reversing leaves the columns."""

from django.db import migrations


def create(apps, schema_editor):
    from search.supports import ensure_supports

    ensure_supports(schema_editor.connection, entry_vectors=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_entry_vectors")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
