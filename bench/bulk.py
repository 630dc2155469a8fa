"""Loading a large corpus quickly, for benchmarks only.

Creating pages through Wagtail (tree insert, revision, publish, search indexing on every save) runs
at tens of rows a second, which makes a 100,000-resource corpus take hours. This writes the page
rows directly (tree paths computed as treebeard would), then indexes them with the search backend's
bulk call, which is what `update_index` does. The pages have no revisions: fine for timing search,
not for real content (use `manage.py import_resources` for that).
"""

import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.models import Major
from resources.models import CourseResourcePage, ResourceIndexPage

BATCH = 2000


@transaction.atomic
def _insert_batch(library: ResourceIndexPage, rows: list[dict], first_child: int, majors: dict[str, int]) -> list[int]:
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(CourseResourcePage)
    pages = [
        Page(
            title=row["title"],
            draft_title=row["title"],
            slug=row["external_id"],
            path=Page._get_path(library.path, library.depth + 1, first_child + offset),
            depth=library.depth + 1,
            numchild=0,
            url_path=f"{library.url_path}{row['external_id']}/",
            content_type=content_type,
            locale_id=library.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        for offset, row in enumerate(rows)
    ]
    created = Page.objects.bulk_create(pages)
    table = CourseResourcePage._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, summary, body, major_id, resource_type, school, year, visibility, external_id) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    page.pk,
                    row["summary"],
                    json.dumps(
                        [{"type": "paragraph", "value": f"<p>{row['body']}</p>", "id": str(uuid.uuid4())}],
                        ensure_ascii=False,
                    ),
                    majors[row["major"]],
                    row["resource_type"],
                    row["school"],
                    row["year"],
                    row["visibility"],
                    row["external_id"],
                )
                for page, row in zip(created, rows, strict=True)
            ],
        )
    return [page.pk for page in created]


def load(rows, *, progress=None) -> int:
    library = ResourceIndexPage.objects.get()
    majors = dict(Major.objects.values_list("name", "pk"))
    backend = get_search_backend()
    total, batch = 0, []

    def flush():
        nonlocal total
        library.refresh_from_db()
        ids = _insert_batch(library, batch, library.numchild + 1, majors)
        Page.objects.filter(pk=library.pk).update(numchild=library.numchild + len(ids))
        backend.add_bulk(
            CourseResourcePage, list(CourseResourcePage.objects.filter(pk__in=ids).select_related("major"))
        )
        total += len(ids)
        batch.clear()
        if progress:
            progress(total)

    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return total
