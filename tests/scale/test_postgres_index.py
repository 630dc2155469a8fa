"""On PostgreSQL the search index of a batch is written by search.backends.postgres_index in a few
statements; the vectors must be exactly those Wagtail's own index writes."""

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from resources.importer import import_resources
from resources.models import CourseResourcePage
from tests.scale.factories import jsonl, make_library, rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the batch index is PostgreSQL's"),
]

COLUMNS = "title::text, autocomplete::text, body::text, title_text, body_text"


def entries(pages) -> dict:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(CourseResourcePage)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id, {COLUMNS} FROM wagtailsearch_indexentry WHERE content_type_id = %s AND object_id = ANY(%s)",  # noqa: S608
            [content_type.pk, [str(page.pk) for page in pages]],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def test_batch_vectors_are_the_ones_wagtail_writes():
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    items = rows(3)
    items[1]["tags"] = []  # another shape: no tag texts
    items[2]["body"] = ""
    import_resources(jsonl(items), "jsonl", library=make_library())
    pages = list(CourseResourcePage.objects.filter(external_id__startswith="scale-").select_related("major"))
    ours = entries(pages)
    backend = get_search_backend()
    PostgresIndex.add_items(backend.get_index_for_model(CourseResourcePage), CourseResourcePage, pages)
    assert entries(pages) == ours
    assert len(ours) == 3 and all(vector for entry in ours.values() for vector in entry[:3])
