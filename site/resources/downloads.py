"""Download counts of the resource library: per resource and per contributing member unit.

A download is recorded by the `before_serve_document` hook (resources.wagtail_hooks), which runs
after the members-only check, so only downloads actually served are counted."""

from django.db.models import Count, QuerySet

from .models import CourseResourcePage, ResourceDocument, ResourceDownload


def record_download(document) -> int:
    """One row per resource the document is attached to (usually one); the number recorded."""
    page_ids = list(ResourceDocument.objects.filter(document=document).values_list("page_id", flat=True).distinct())
    ResourceDownload.objects.bulk_create(ResourceDownload(page_id=pk, document=document) for pk in page_ids)
    return len(page_ids)


def downloads_of(page: CourseResourcePage) -> int:
    return ResourceDownload.objects.filter(page=page).count()


def downloads_by_unit(unit_ids=None) -> dict[int, int]:
    """{member unit id: downloads of all the resources it contributed}."""
    rows = ResourceDownload.objects.filter(page__contributor_unit__isnull=False)
    if unit_ids is not None:
        rows = rows.filter(page__contributor_unit__in=unit_ids)
    counted = rows.values("page__contributor_unit").annotate(n=Count("pk"))
    return {row["page__contributor_unit"]: row["n"] for row in counted}


def with_download_counts(pages: QuerySet) -> QuerySet:
    return pages.annotate(download_total=Count("downloads"))
