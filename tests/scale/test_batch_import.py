"""The batch importer leaves what Wagtail's own page saving would: a valid tree, a revision per
page, published pages indexed for search, drafts in moderation; and an import interrupted between
batches says exactly which rows it committed and resumes after them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page, PageLogEntry

from resources.importer import Report, import_resources
from resources.models import CourseResourcePage
from tests.scale.factories import jsonl, make_library, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    return make_library()


def titles_found(query: str, library) -> set[str]:
    return {page.title for page in CourseResourcePage.objects.live().child_of(library).search(query)}


def test_pages_inserted_in_batches_leave_a_valid_tree(library):
    existing = library.add_child(
        instance=CourseResourcePage(
            title="已有资源", slug="already-there", summary="x", major_id=1, resource_type="case", school="某校"
        )
    )
    report = import_resources(jsonl(rows(7)), "jsonl", library=library, batch_rows=3)
    assert (report.created, report.rejected) == (7, [])
    assert all(not problems for problems in Page.find_problems())
    library.refresh_from_db()
    children = list(library.get_children().order_by("path"))
    assert library.numchild == len(children) == 8
    assert children[0].pk == existing.pk  # new pages come after the existing child, in file order
    assert [child.slug for child in children[1:]] == [f"scale-{i:04d}" for i in range(7)]
    assert all(child.url_path == f"{library.url_path}{child.slug}/" for child in children)
    assert len({child.path for child in children}) == 8
    # Wagtail's own tree insertion goes on after them without a clash.
    later = library.add_child(
        instance=CourseResourcePage(
            title="之后添加", slug="added-later", summary="x", major_id=1, resource_type="case", school="某校"
        )
    )
    assert later.path > children[-1].path and all(not problems for problems in Page.find_problems())
    assert CourseResourcePage.objects.get(external_id="scale-0003").get_parent().pk == library.pk


def test_every_page_has_its_revision_and_is_published_and_logged(library, editor):
    import_resources(jsonl(rows(4)), "jsonl", library=library, batch_rows=3, user=editor)
    for page in CourseResourcePage.objects.filter(external_id__startswith="scale-"):
        assert page.live and not page.has_unpublished_changes
        assert page.latest_revision_id == page.live_revision_id is not None
        assert page.latest_revision.as_object().title == page.title
        assert page.latest_revision.user == editor
        assert set(page.latest_revision.as_object().tags.names()) == {"数控车削", "课程标准"}
        assert set(page.tags.names()) == {"数控车削", "课程标准"}
        assert page.first_published_at and page.last_published_at
        assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=editor).count() == 1


def test_imported_rows_are_found_and_a_reimport_updates_what_search_finds(library):
    import_resources(jsonl(rows(3)), "jsonl", library=library, batch_rows=2)
    assert len(titles_found("数控车削", library)) == 3
    changed = [{**row, "title": f"工业机器人编程实训指导书 {i}"} for i, row in enumerate(rows(3))]
    report = import_resources(jsonl(changed), "jsonl", library=library, batch_rows=2)
    assert (report.created, report.updated) == (0, 3)
    assert titles_found("工业机器人", library) == {f"工业机器人编程实训指导书 {i}" for i in range(3)}
    page = CourseResourcePage.objects.get(external_id="scale-0001")
    assert page.revisions.count() == 2 and page.live_revision_id == page.latest_revision_id
    assert CourseResourcePage.objects.filter(external_id__startswith="scale-").count() == 3


def test_an_editor_who_may_not_publish_gets_drafts_in_moderation(library, editor):
    report = import_resources(jsonl(rows(3)), "jsonl", library=library, batch_rows=2, user=editor, publish=False)
    assert report.drafts == 3
    for page in CourseResourcePage.objects.filter(external_id__startswith="scale-"):
        assert not page.live and page.has_unpublished_changes and page.workflow_in_progress
        assert page.latest_revision.user == editor and page.live_revision is None
    assert titles_found("数控车削", library) == set()  # drafts are not listed


def test_a_draft_reimport_of_a_live_page_leaves_it_live_until_approved(library, editor):
    import_resources(jsonl(rows(1)), "jsonl", library=library)
    changed = [{**rows(1)[0], "title": "修订后的标题"}]
    report = import_resources(jsonl(changed), "jsonl", library=library, user=editor, publish=False)
    assert (report.updated, report.drafts) == (1, 1)
    page = CourseResourcePage.objects.get(external_id="scale-0000")
    assert page.live and page.title == "《数控车削编程与加工》课程标准（第 0 版）"  # visitors still see the old one
    assert page.has_unpublished_changes and page.workflow_in_progress
    assert page.latest_revision.as_object().title == "修订后的标题"


def test_members_only_rows_stay_members_only(library, member):
    import_resources(jsonl(rows(2, visibility="members")), "jsonl", library=library)
    imported = CourseResourcePage.objects.filter(external_id__startswith="scale-")
    assert not imported.visible_to(AnonymousUser()).exists()
    assert imported.visible_to(member).count() == 2


def test_bad_rows_in_a_batch_are_reported_in_line_order_and_the_rest_kept(library):
    items = rows(6)
    items[1]["year"] = "去年"
    items[4]["resource_type"] = "电影"
    items[5]["external_id"] = items[2]["external_id"]
    report = import_resources(jsonl(items), "jsonl", library=library, batch_rows=2)
    assert report.created == 3
    assert [line for line, _ in report.rejected] == [2, 5, 6]
    assert "与第 3 行重复" in report.rejected[2][1]


def test_an_interrupted_import_says_which_rows_it_committed_and_resumes_after_them(library):
    items = rows(10)
    items[6]["year"] = "不详"  # rejected, in the third batch
    recorded = []

    def crash_in_the_third_batch(line: int) -> None:
        if line == 8:
            raise RuntimeError("worker killed")

    with pytest.raises(RuntimeError):
        import_resources(
            jsonl(items),
            "jsonl",
            library=library,
            batch_rows=3,
            progress=crash_in_the_third_batch,
            on_batch=lambda report, done: recorded.append((done, report.created)),
        )
    rows_done, created = recorded[-1]
    assert (rows_done, created) == (6, 6)  # two batches of three rows committed, nothing after
    committed = set(
        CourseResourcePage.objects.filter(external_id__startswith="scale-").values_list("external_id", flat=True)
    )
    assert committed == {f"scale-{i:04d}" for i in range(6)}
    report = import_resources(
        jsonl(items), "jsonl", library=library, batch_rows=3, resume=(rows_done, Report(created=created))
    )
    assert (report.created, report.updated) == (9, 0)
    assert report.rejected == [(7, "year“不详”不是年份")]
    assert CourseResourcePage.objects.filter(external_id__startswith="scale-").count() == 9
    assert all(not problems for problems in Page.find_problems())


def test_a_database_error_in_a_batch_rejects_only_the_row_at_fault(library, monkeypatch):
    from django.db import IntegrityError

    from resources import batch_writer

    log_published = batch_writer.log_published

    def refuse_one_title(pages, *args, **kwargs):
        if any("（第 2 版）" in page.title for page in pages):
            raise IntegrityError("CHECK constraint failed")
        return log_published(pages, *args, **kwargs)

    monkeypatch.setattr(batch_writer, "log_published", refuse_one_title)
    recorded = []
    report = import_resources(
        jsonl(rows(4)), "jsonl", library=library, batch_rows=4, on_batch=lambda r, done: recorded.append(done)
    )
    assert (report.created, [line for line, _ in report.rejected]) == (3, [3])
    assert "数据库拒绝了这一行" in report.rejected[0][1]
    imported = set(
        CourseResourcePage.objects.filter(external_id__startswith="scale-").values_list("external_id", flat=True)
    )
    assert imported == {"scale-0000", "scale-0001", "scale-0003"}
    assert recorded[-1] == 4 and all(not problems for problems in Page.find_problems())
