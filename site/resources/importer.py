"""Bulk import of course resources from .jsonl, .csv or .xlsx (one resource per line or row).

Fields: external_id (unique: importing it again updates, never duplicates), title, summary, body,
major (name or code from the majors list; one not in the list is created and marked for the
secretariat to confirm, see MajorToConfirm), resource_type (course_standard, lesson_plan, courseware,
video, training_guide, question_bank, case — or their Chinese names), school, year, tags (a JSON
list, or ";"-separated in CSV/XLSX), visibility (public or members).

Every row is checked on its own and saved in its own transaction: a bad row is reported with its
line number and reason, and the good rows are still imported.
"""

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Major, MajorCategory

from .models import (
    FIRST_RESOURCE_YEAR,
    CourseResourcePage,
    MajorToConfirm,
    ResourceIndexPage,
    ResourceType,
    Visibility,
    current_year,
)

FORMATS = ("jsonl", "csv", "xlsx")
FIELDS = ("external_id", "title", "summary", "body", "major", "resource_type", "school", "year", "tags", "visibility")
REQUIRED = ("external_id", "title", "summary", "major", "resource_type", "school", "year")
# What the admin import page shows for each column (the file's header row names them).
COLUMNS = (
    ("external_id", _("必填"), _("本单位的资源编号，最多 64 个字符；再次导入同一编号会更新该资源，不会重复创建")),
    ("title", _("必填"), _("标题，最多 255 个字符")),
    ("summary", _("必填"), _("摘要，列表和搜索结果中显示")),
    ("body", _("选填"), _("详细内容；空一行分段")),
    ("major", _("必填"), _("专业名称或专业代码；专业目录中没有的专业会新建，并标记为待秘书处确认")),
    (
        "resource_type",
        _("必填"),
        _("课程标准、教学设计、课件、微课视频、实训指导书、试题库、教学案例（或对应英文代码）"),
    ),
    ("school", _("必填"), _("贡献单位")),
    ("year", _("必填"), format_lazy(_("年份，{FIRST_RESOURCE_YEAR} 至明年"), FIRST_RESOURCE_YEAR=FIRST_RESOURCE_YEAR)),
    ("tags", _("选填"), _("标签，用分号分隔（JSONL 中为列表）")),
    ("visibility", _("选填"), _("公开（public，默认）或 仅会员单位（members）")),
)
VISIBILITY_NAMES = {
    "public": Visibility.PUBLIC,
    "公开": Visibility.PUBLIC,
    "members": Visibility.MEMBERS,
    "仅会员单位": Visibility.MEMBERS,
    "会员": Visibility.MEMBERS,
}


class RowError(ValueError):
    pass


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    drafts: int = 0
    new_majors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + len(self.rejected)

    def summary(self) -> str:
        text = gettext("新建 {created} 条，更新 {updated} 条，拒绝 {value3} 条").format(
            created=self.created, updated=self.updated, value3=len(self.rejected)
        )
        text += gettext("（其中 {drafts} 条已保存为草稿并提交审核）").format(drafts=self.drafts) if self.drafts else ""
        if self.new_majors:
            text += gettext("；专业目录中没有的 {value1} 个专业已新建，待秘书处确认或合并：{value2}").format(
                value1=len(self.new_majors), value2="、".join(self.new_majors)
            )
        return text


def detect_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(gettext("不支持的文件格式“.{suffix}”：请使用 .jsonl、.csv 或 .xlsx。").format(suffix=suffix))
    return suffix


SNIFF_BYTES = 64 * 1024


def csv_encoding(stream) -> str:
    """UTF-8 (with or without the BOM Excel writes), else GB18030: what Excel on a Chinese Windows
    saves as "CSV" is GBK, and GB18030 is its superset. Decided on the first 64 KB, then the stream
    is rewound and read in one pass; a wrong guess shows as undecodable text, never a lost row."""
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data":  # not merely a character cut at the 64 KB mark
            return "gb18030"
    return "utf-8"


def read_rows(stream, fmt: str) -> Iterator[tuple[int, dict | RowError]]:
    """(line number, row dict or the error reading it). Line numbers are what a person sees:
    the header is line 1 of a CSV or XLSX file."""
    if fmt == "jsonl":
        text = io.TextIOWrapper(stream, encoding="utf-8-sig")
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, RowError(gettext("不是有效的 JSON：{msg}").format(msg=error.msg))
                continue
            yield number, row if isinstance(row, dict) else RowError(gettext("每行应为一个 JSON 对象"))
    elif fmt == "csv":
        text = io.TextIOWrapper(stream, encoding=csv_encoding(stream), newline="")
        for number, row in enumerate(csv.DictReader(text), start=2):
            yield number, row
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(stream, read_only=True, data_only=True)
        rows = workbook.active.iter_rows(values_only=True)
        header = [str(cell).strip() if cell is not None else "" for cell in next(rows, [])]
        for number, values in enumerate(rows, start=2):
            if values is None or all(value in (None, "") for value in values):
                continue
            yield number, {name: value for name, value in zip(header, values, strict=False) if name}
    else:
        raise ValueError(gettext("未知格式：{fmt}").format(fmt=fmt))


def _text(raw, name: str, limit: int, *, required: bool) -> str:
    value = "" if raw is None else str(raw).strip()
    if required and not value:
        raise RowError(gettext("缺少 {name}").format(name=name))
    if len(value) > limit:
        raise RowError(
            gettext("{name} 过长（{value2} 个字符，上限 {limit}）").format(name=name, value2=len(value), limit=limit)
        )
    return value


def _major(raw, majors: dict[str, Major]) -> Major | str:
    """The listed major, or the name to create it under when the list does not have it yet."""
    key = _text(raw, "major", 100, required=True)
    return majors.get(key) or key


def _new_major(key: str, majors: dict[str, Major], report: "Report", source: str) -> Major:
    """A major the list lacks is created, marked for the secretariat to confirm or merge: a real
    major's resources are never dropped for it. A catalogue code ("710201") gives its category."""
    is_code = key.isascii() and key.isdigit() and len(key) <= 12
    category = key[:2] if is_code and key[:2] in MajorCategory.values else ""
    major, _ = Major.objects.get_or_create(name=key, defaults={"category": category, "code": key if category else ""})
    MajorToConfirm.objects.get_or_create(major=major, defaults={"source": source[:120]})
    majors[key] = major
    report.new_majors.append(key)
    return major


def _resource_type(raw) -> str:
    value = _text(raw, "resource_type", 30, required=True)
    by_label = {label: key for key, label in ResourceType.choices}
    if value in ResourceType.values:
        return value
    if value in by_label:
        return by_label[value]
    raise RowError(
        gettext("resource_type“{value}”无效，应为 {value2}").format(value=value, value2="、".join(ResourceType.values))
    )


def _year(raw) -> int:
    try:
        year = int(str(raw).strip().split(".")[0])
    except (TypeError, ValueError) as error:
        raise RowError(gettext("year“{raw}”不是年份").format(raw=raw)) from error
    if not FIRST_RESOURCE_YEAR <= year <= current_year() + 1:
        raise RowError(
            gettext("year {year} 超出范围（{FIRST_RESOURCE_YEAR}—{value3}）").format(
                year=year, FIRST_RESOURCE_YEAR=FIRST_RESOURCE_YEAR, value3=current_year() + 1
            )
        )
    return year


def _tags(raw) -> list[str]:
    if raw in (None, ""):
        return []
    items = raw if isinstance(raw, list) else str(raw).replace("；", ";").split(";")
    tags = [str(item).strip() for item in items if str(item).strip()]
    if any(len(tag) > 100 for tag in tags):
        raise RowError(gettext("标签过长（每个不超过 100 个字符）"))
    return tags[:20]


def _visibility(raw) -> str:
    value = (str(raw).strip() if raw not in (None, "") else "public").lower()
    if value not in VISIBILITY_NAMES:
        raise RowError(gettext("visibility“{raw}”无效，应为 public 或 members").format(raw=raw))
    return VISIBILITY_NAMES[value]


def _body(text: str) -> list:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return [("paragraph", "<p>" + escape(p).replace("\n", "<br>") + "</p>") for p in paragraphs]


def clean_row(row: dict, majors: dict[str, Major]) -> dict:
    return {
        "external_id": _text(row.get("external_id"), "external_id", 64, required=True),
        "title": _text(row.get("title"), "title", 255, required=True),
        "summary": _text(row.get("summary"), "summary", 2000, required=True),
        "body": _text(row.get("body"), "body", 100_000, required=False),
        "major": _major(row.get("major"), majors),
        "resource_type": _resource_type(row.get("resource_type")),
        "school": _text(row.get("school"), "school", 200, required=True),
        "year": _year(row.get("year")),
        "tags": _tags(row.get("tags")),
        "visibility": _visibility(row.get("visibility")),
    }


def _slug(external_id: str) -> str:
    """A URL slug from the external id; ids that slugify to nothing get a stable hash instead."""
    import hashlib

    from django.utils.text import slugify

    return slugify(external_id, allow_unicode=True)[:60] or "r-" + hashlib.sha1(external_id.encode()).hexdigest()[:12]  # noqa: S324


def _save(data: dict, library: ResourceIndexPage, *, user, publish: bool) -> bool:
    """Create or update one resource; True when it was created."""
    page = CourseResourcePage.objects.filter(external_id=data["external_id"]).first()
    created = page is None
    if created:
        page = CourseResourcePage(external_id=data["external_id"], live=publish)
    page.title = data["title"]
    page.summary = data["summary"]
    page.body = _body(data["body"])
    page.major = data["major"]
    page.resource_type = data["resource_type"]
    page.school = data["school"]
    page.year = data["year"]
    page.visibility = data["visibility"]
    try:
        if created:
            page.slug = _slug(data["external_id"])
            library.add_child(instance=page)  # saves, and so validates
        else:
            page.full_clean()
    except ValidationError as error:
        raise RowError("；".join(f"{k}: {'，'.join(v)}" for k, v in error.message_dict.items())) from error
    page.tags.set(data["tags"])
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    else:
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, user)
    return created


def import_resources(
    stream,
    fmt: str,
    *,
    user=None,
    publish: bool = True,
    library: ResourceIndexPage | None = None,
    progress: Callable[[int], None] | None = None,
    source: str = "",
) -> Report:
    """Import every row of `stream`. With publish=False (an editor who may not publish), each page
    is saved as a draft and submitted to the moderation workflow."""
    library = library or ResourceIndexPage.objects.first()
    if library is None:
        raise ValueError(gettext("站点中还没有教学资源库栏目，无法导入。"))
    majors = {m.name: m for m in Major.objects.all()} | {m.code: m for m in Major.objects.exclude(code="")}
    report = Report()
    seen: dict[str, int] = {}
    for number, row in read_rows(stream, fmt):
        if progress:
            progress(number)
        try:
            if isinstance(row, RowError):
                raise row
            data = clean_row(row, majors)
            if data["external_id"] in seen:
                raise RowError(
                    gettext("external_id“{value1}”与第 {value2} 行重复").format(
                        value1=data["external_id"], value2=seen[data["external_id"]]
                    )
                )
            seen[data["external_id"]] = number
            with transaction.atomic():
                if isinstance(data["major"], str):
                    data["major"] = _new_major(data["major"], majors, report, source or gettext("导入"))
                created = _save(data, library, user=user, publish=publish)
        except RowError as error:
            report.rejected.append((number, str(error)))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
        if not publish:
            report.drafts += 1
    if report.created:
        from search.maintenance import analyze_search_tables

        analyze_search_tables()
    return report
