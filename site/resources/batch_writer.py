"""Writing a batch of imported resources in a handful of statements instead of ~40 per row.

Saving one page through Wagtail (`add_child`, `save_revision`, `publish`) writes the page three
times, re-indexes it for search each time and inserts it into the tree on its own (locking the
parent, reading its last child): about 14 rows/s on SQLite and 8 on PostgreSQL. Here, for a batch of
rows under one parent (the library):

- tree paths are computed for the whole batch the way treebeard's `MP_Node.add_child` does for one
  child (the next step after the parent's last child, `_get_path`), the parent row locked once and
  its `numchild` raised by the batch size; `url_path` is the parent's plus the slug, as `Page.save`
  sets it;
- pages are inserted with one multi-row INSERT per table (the `wagtailcore_page` row, then the
  resource row), or updated with one UPDATE per table;
- revisions and the "published" audit entries are created in bulk, and the pages then point at
  their revision (`latest_revision`, `live_revision`) as `save_revision` and `publish` leave them;
- tags are resolved once per batch and their rows written in bulk;
- the batch is indexed for search once (`add_bulk`: each text segmented by jieba once).

Rows an editor may not publish become drafts with their revision and start the moderation workflow
one by one (Wagtail's own `Workflow.start`), exactly as before. The same code writes a batch of one,
which is what the importer falls back to when a batch hits a database error it did not foresee.
"""

import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.search.backends import get_search_backend

from .models import CourseResourcePage, CourseResourceTag

#: Fields of the resource written from an import row (besides title and tags).
CONTENT_FIELDS = ("summary", "body", "major", "resource_type", "school", "year", "visibility")


@dataclass
class Entry:
    """One row of the batch: its line in the file, its cleaned data and the page it becomes."""

    line: int
    data: dict
    read: int = 0  # data rows read up to and including this one
    page: CourseResourcePage | None = None
    created: bool = False


def next_child_step(parent: Page) -> int:
    """The step (integer) of the parent's last child path; 0 when it has none. Read from the
    children's paths themselves, as treebeard's `get_last_child()` does."""
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) if last else 0


def child_paths(parent: Page, count: int) -> list[str]:
    """Paths for `count` new last children of `parent`, in order (treebeard's `_get_path`)."""
    from treebeard.exceptions import PathOverflow

    first = next_child_step(parent) + 1
    paths = [Page._get_path(parent.path, parent.depth + 1, first + offset) for offset in range(count)]
    if paths and len(paths[-1]) != len(parent.path) + Page.steplen:
        raise PathOverflow(f"no room for {count} more children under {parent.path}")
    return paths


def _insert(model, objects: list, fields: list, *, returning: bool = False) -> None:
    """One multi-row INSERT (in chunks the database accepts) of these model fields; with
    `returning`, the new primary keys are set on the objects (RETURNING: PostgreSQL, SQLite ≥ 3.35,
    rows in the order given, as Django's own `bulk_create` relies on)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    per_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    key = model._meta.pk
    suffix = f" RETURNING {connection.ops.quote_name(key.column)}" if returning else ""
    chunk = max(1, connection.ops.bulk_batch_size(fields, objects))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), chunk):
            part = objects[start : start + chunk]
            params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in part for f in fields]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([per_row] * len(part))}{suffix}"  # noqa: S608 - identifiers quoted, values parameters
            cursor.execute(sql, params)
            if returning:
                for obj, (pk,) in zip(part, cursor.fetchall(), strict=True):
                    setattr(obj, key.attname, pk)
                    obj._state.adding, obj._state.db = False, connection.alias


def _update(objects: list, names: list[str]) -> None:
    """UPDATE these fields of these objects, one statement per table run for all rows
    (`executemany`; Django's `bulk_update` builds a CASE per field and row, which costs more to
    compile than to run)."""
    model = type(objects[0])
    by_table: dict = {}
    for name in names:
        field = model._meta.get_field(name)
        by_table.setdefault(field.model._meta.concrete_model, []).append(field)
    with connection.cursor() as cursor:
        for table_model, fields in by_table.items():
            table = connection.ops.quote_name(table_model._meta.db_table)
            assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
            key = connection.ops.quote_name(table_model._meta.pk.column)
            rows = [
                [*(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields), obj.pk] for obj in objects
            ]
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {key} = %s", rows)  # noqa: S608 - identifiers quoted


def insert_pages(parent: Page, pages: list[CourseResourcePage]) -> None:
    """Insert new resource pages as the last children of `parent` (already locked by the caller),
    their `path`, `depth`, `url_path`, `locale` and `translation_key` set here."""
    paths = child_paths(parent, len(pages))
    content_type = ContentType.objects.get_for_model(CourseResourcePage)
    for page, path in zip(pages, paths, strict=True):
        page.path, page.depth, page.numchild = path, parent.depth + 1, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    bases = [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages]
    _insert(Page, bases, base_fields, returning=True)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
        page._state.adding, page._state.db = False, "default"
    _insert(CourseResourcePage, pages, list(CourseResourcePage._meta.local_concrete_fields))
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)


def update_pages(pages: list[CourseResourcePage]) -> None:
    """Write the imported fields of pages that already exist (one UPDATE per table)."""
    _update(pages, ["title", "draft_title", *CONTENT_FIELDS])


def tag_objects(names: set[str]) -> dict[str, Tag]:
    """The Tag for each name, creating the missing ones (taggit's save picks a free slug)."""
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - set(tags)):
        tags[name] = Tag.objects.create(name=name)
    return tags


def write_tags(pages: list[CourseResourcePage], names_of: dict[int, list[str]], tags: dict[str, Tag]) -> None:
    """Replace the live tag rows of these pages."""
    CourseResourceTag.objects.filter(content_object_id__in=[page.pk for page in pages]).delete()
    CourseResourceTag.objects.bulk_create(
        [CourseResourceTag(content_object_id=page.pk, tag=tags[name]) for page in pages for name in names_of[page.pk]]
    )


def set_tags_in_memory(page: CourseResourcePage, names: list[str], tags: dict[str, Tag]) -> None:
    """What `page.tags.set(names)` leaves in memory (the revision serialises it), without a query."""
    page.tagged_items = [CourseResourceTag(content_object=page, tag=tags[name]) for name in names]


def create_revisions(pages: list[CourseResourcePage], *, user, now) -> list[Revision]:
    """One revision per page, holding the page as it now is (as `save_revision` would)."""
    content_type = ContentType.objects.get_for_model(CourseResourcePage)
    base_content_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(page.pk),
            user=user,
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    ]
    _insert(Revision, revisions, [f for f in Revision._meta.concrete_fields if not f.primary_key], returning=True)
    return revisions


def point_at_revisions(pages: list[CourseResourcePage], revisions: list[Revision], *, publish: bool, now) -> None:
    """The page fields `save_revision` (and `publish`) set, for the whole batch."""
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.latest_revision_created_at = now
        page.draft_title = page.title
        if publish:
            page.live, page.live_revision, page.has_unpublished_changes, page.expired = True, revision, False, False
            page.last_published_at = now
            page.first_published_at = page.first_published_at or now
        else:
            page.has_unpublished_changes = True
    fields = ["latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes"]
    if publish:
        fields += ["live", "live_revision", "expired", "last_published_at", "first_published_at"]
    _update(pages, fields)


def log_published(pages: list[CourseResourcePage], revisions: list[Revision], *, user, now) -> None:
    """The "published" audit entries `publish()` writes, in one INSERT."""
    content_type = ContentType.objects.get_for_model(CourseResourcePage)
    entries = [
        PageLogEntry(
            content_type=content_type,
            label=page.get_admin_display_title(),
            action="wagtail.publish",
            data={},
            timestamp=now,
            user=user,
            revision=revision,
            content_changed=True,
            page_id=page.pk,
        )
        for page, revision in zip(pages, revisions, strict=True)
    ]
    _insert(PageLogEntry, entries, [f for f in PageLogEntry._meta.concrete_fields if not f.primary_key])


def purge_caches(parent: Page, updated: list[CourseResourcePage]) -> None:
    """What publishing each page would purge, once for the batch: the site's page cache (the library
    lists the new resources) and, where Wagtail's front-end cache is set up, the updated pages and
    the library. (`page_published` is not sent per page: its receivers purge everything each time.)"""
    from django.apps import apps

    from core.page_cache_purge import purge

    purge()
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        batch = PurgeBatch()
        batch.add_pages([parent, *updated])
        transaction.on_commit(batch.purge)


def index_pages(page_ids: list[int], *, reindexed: list[int] = ()) -> None:
    """Index the batch once, reading it back with what the index needs in two queries. On SQLite
    the stock backend updates an existing entry with one UPDATE per row; the entries of pages
    indexed before are deleted first (one DELETE, the FTS rows follow by trigger) so that the whole
    batch is inserted together, as on PostgreSQL (which upserts in one statement)."""
    backend = get_search_backend()
    if reindexed and connection.vendor == "sqlite":
        from wagtail.search.models import IndexEntry

        content_type = ContentType.objects.get_for_model(CourseResourcePage)
        IndexEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in reindexed]).delete()
    pages = list(CourseResourcePage.objects.filter(pk__in=page_ids).select_related("major").prefetch_related("tags"))
    backend.add_bulk(CourseResourcePage, pages)
