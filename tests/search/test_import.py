"""Importing resources from all three formats: good rows kept, bad rows reported with line and
reason, re-import updates instead of duplicating, and imported pages are found by search."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from resources.importer import import_resources
from resources.models import CourseResourcePage, Visibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

GOOD = {
    "external_id": "imp-001",
    "title": "《机械制图》课程标准（导入）",
    "summary": "机械制图课程标准，适用于数控技术应用专业。",
    "body": "第一部分 课程性质\n\n第二部分 课程目标",
    "major": "数控技术应用",
    "resource_type": "course_standard",
    "school": "导入测试学校",
    "year": 2025,
    "tags": ["机械制图", "课程标准"],
    "visibility": "public",
}


def jsonl(rows) -> io.BytesIO:
    return io.BytesIO("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows).encode())


def csv_file(rows) -> io.BytesIO:
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(GOOD))
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {**row, "tags": ";".join(row["tags"]) if isinstance(row.get("tags"), list) else row.get("tags", "")}
        )
    return io.BytesIO(buffer.getvalue().encode("utf-8-sig"))


def xlsx_file(rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(GOOD))
    for row in rows:
        sheet.append([";".join(row[k]) if k == "tags" and isinstance(row[k], list) else row[k] for k in GOOD])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


BAD_ROWS = [
    {**GOOD, "external_id": "imp-bad-type", "resource_type": "movie"},
    {**GOOD, "external_id": "imp-bad-year", "year": "明年"},
    {**GOOD, "external_id": "", "title": "没有编号"},
    {**GOOD, "external_id": "imp-bad-vis", "visibility": "secret"},
]


@pytest.mark.parametrize(("fmt", "make"), [("jsonl", jsonl), ("csv", csv_file), ("xlsx", xlsx_file)])
def test_each_format_keeps_good_rows_and_reports_bad_ones(fmt, make):
    second = {
        **GOOD,
        "external_id": "imp-002",
        "title": "工业机器人实训指导书（导入）",
        "resource_type": "实训指导书",
        "visibility": "members",
    }
    report = import_resources(make([GOOD, *BAD_ROWS, second]), fmt)
    assert (report.created, report.updated) == (2, 0)
    first_line = 1 if fmt == "jsonl" else 2
    reasons = dict(report.rejected)
    assert set(reasons) == {first_line + 1, first_line + 2, first_line + 3, first_line + 4}
    assert "resource_type“movie”无效" in reasons[first_line + 1]
    assert "不是年份" in reasons[first_line + 2]
    assert "缺少 external_id" in reasons[first_line + 3]
    page = CourseResourcePage.objects.get(external_id="imp-002")
    assert page.live and page.visibility == Visibility.MEMBERS and page.resource_type == "training_guide"
    assert set(CourseResourcePage.objects.get(external_id="imp-001").tags.names()) == {"机械制图", "课程标准"}


def test_reimport_updates_never_duplicates():
    import_resources(jsonl([GOOD]), "jsonl")
    report = import_resources(jsonl([{**GOOD, "title": "《机械制图》课程标准（修订版）"}]), "jsonl")
    assert (report.created, report.updated) == (0, 1)
    pages = CourseResourcePage.objects.filter(external_id="imp-001")
    assert pages.count() == 1 and pages.get().title == "《机械制图》课程标准（修订版）"


def test_duplicate_ids_within_a_file_and_broken_json_are_reported():
    report = import_resources(jsonl([GOOD, "{not json", GOOD, "[1, 2]"]), "jsonl")
    reasons = dict(report.rejected)
    assert report.created == 1
    assert "不是有效的 JSON" in reasons[2] and "与第 1 行重复" in reasons[3] and "JSON 对象" in reasons[4]


def test_imported_resources_are_searchable():
    import_resources(jsonl([GOOD]), "jsonl")
    assert "《机械制图》课程标准（导入）" in {p.title for p in CourseResourcePage.objects.live().search("机械制图")}


def test_editor_import_makes_drafts_in_moderation(editor):
    report = import_resources(jsonl([GOOD]), "jsonl", user=editor, publish=False)
    page = CourseResourcePage.objects.get(external_id="imp-001")
    assert report.drafts == 1 and not page.live and page.workflow_in_progress


def test_command_prints_a_summary_and_every_rejected_line(tmp_path):
    path = tmp_path / "resources.jsonl"
    path.write_bytes(jsonl([GOOD, BAD_ROWS[0]]).getvalue())
    out = io.StringIO()
    call_command("import_resources", str(path), stdout=out, stderr=io.StringIO())
    assert "导入完成：新建 1 条，更新 0 条，拒绝 1 条" in out.getvalue()
    assert "第 2 行被拒绝：resource_type“movie”无效" in out.getvalue()


def test_command_refuses_unknown_formats(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "resources.txt"
    path.write_text("x")
    with pytest.raises(CommandError, match="不支持的文件格式"):
        call_command("import_resources", str(path))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_csv_saved_by_excel_in_any_chinese_encoding_imports(encoding):
    """Excel on a Chinese Windows saves "CSV" as GBK; before, that was a raw 'utf-8' codec error."""
    text = csv_file([GOOD, {**GOOD, "external_id": "imp-002", "title": "《数控编程》教学设计（GBK）"}])
    text = text.getvalue().decode("utf-8-sig").encode(encoding)
    report = import_resources(io.BytesIO(text), "csv")
    assert (report.created, report.rejected) == (2, [])
    assert CourseResourcePage.objects.get(external_id="imp-002").title == "《数控编程》教学设计（GBK）"
    assert CourseResourcePage.objects.get(external_id="imp-001").major.name == "数控技术应用"


def test_a_row_whose_major_is_not_listed_is_kept_and_the_major_marked_for_confirmation():
    from core.models import Major
    from resources.models import MajorToConfirm

    rows = [
        {**GOOD, "major": "智能网联汽车技术应用"},
        {**GOOD, "external_id": "imp-002", "major": "智能网联汽车技术应用"},
        {**GOOD, "external_id": "imp-003", "major": "700299"},
    ]
    report = import_resources(jsonl(rows), "jsonl", source="某校资源.jsonl")
    assert (report.created, report.rejected) == (3, [])
    major = Major.objects.get(name="智能网联汽车技术应用")
    assert set(major.resources.values_list("external_id", flat=True)) == {"imp-001", "imp-002"}
    assert major.to_confirm.source == "某校资源.jsonl"
    assert Major.objects.get(name="700299").category == "70"  # a catalogue code gives the category
    assert report.new_majors == ["智能网联汽车技术应用", "700299"]
    assert "待秘书处确认或合并：智能网联汽车技术应用、700299" in report.summary()
    assert MajorToConfirm.objects.count() == 2
    again = import_resources(jsonl(rows), "jsonl")
    assert again.updated == 3 and again.new_majors == []
