"""Bulk import of course resources from .jsonl, .csv or .xlsx (one resource per line or row).

Fields: external_id (unique: importing it again updates, never duplicates), title, summary, body,
major (name or code from the majors list; one not in the list is created and marked for the
secretariat to confirm, see MajorToConfirm), resource_type (course_standard, lesson_plan, courseware,
video, training_guide, question_bank, case — or their Chinese names), school, year, tags (a JSON
list, or ";"-separated in CSV/XLSX), visibility (public or members).

Every row is checked on its own: a bad row is reported with its line number and reason, and the
good rows are still imported. The file is read as a stream and written in batches (see
resources.batch_writer), each batch in one transaction.
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
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.models import Major, MajorCategory

from . import batch_writer
from .batch_writer import Entry
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


def count_rows(stream, fmt: str) -> int:
    """How many data rows `read_rows` will yield, in one streamed pass (for progress and ETA). An
    XLSX file is asked for its sheet's dimension first, which needs no pass at all."""
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(stream, read_only=True, data_only=True).active
        if sheet.max_row:
            return max(0, sheet.max_row - 1)
        stream.seek(0)
    return sum(1 for _ in read_rows(stream, fmt))


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


BATCH_ROWS = 500  # rows written (and committed, with the job's progress) together


def _row_error(error: ValidationError) -> RowError:
    return RowError("；".join(f"{k}: {'，'.join(v)}" for k, v in error.message_dict.items()))


# Fields an import never sets or that need a query to validate (checked per batch instead).
NOT_CLEANED = {"page_ptr", "path", "depth", "numchild", "url_path", "content_type", "locale", "translation_key"}
NOT_CLEANED |= {"owner", "locked_by", "live_revision", "latest_revision", "alias_of", "major"}


def _page_for(entry: Entry, existing: dict, major: Major, *, publish: bool) -> CourseResourcePage:
    """The page this row becomes, its fields set and checked (no query)."""
    data = entry.data
    page = existing.get(data["external_id"])
    entry.created = page is None
    if entry.created:
        page = CourseResourcePage(external_id=data["external_id"], live=publish, slug=_slug(data["external_id"]))
    if not major.is_active:
        raise RowError(gettext("专业“{name}”已停用，不能再添加资源").format(name=major.name))
    page.title = data["title"]
    page.summary = data["summary"]
    page.body = _body(data["body"])
    page.major = major
    page.resource_type = data["resource_type"]
    page.school = data["school"]
    page.year = data["year"]
    page.visibility = data["visibility"]
    try:
        page.clean_fields(exclude=NOT_CLEANED)
    except ValidationError as error:
        raise _row_error(error) from error
    return page


def _reject_taken_slugs(entries: list[Entry], parent: Page, report: Report) -> list[Entry]:
    """New pages whose slug a sibling (or an earlier row of the batch) already has are rejected,
    as `Page.full_clean` would."""
    slugs = [entry.page.slug for entry in entries if entry.created]
    taken = set(
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, slug__in=slugs).values_list(
            "slug", flat=True
        )
    )
    kept = []
    for entry in entries:
        if entry.created and entry.page.slug in taken:
            report.rejected.append(
                (
                    entry.line,
                    gettext("slug: 由 external_id 生成的网址“{slug}”已被资源库中的另一页面使用").format(
                        slug=entry.page.slug
                    ),
                )
            )
            continue
        if entry.created:
            taken.add(entry.page.slug)
        kept.append(entry)
    return kept


def _write_batch(entries: list[Entry], library: ResourceIndexPage, *, user, publish: bool, report: Report, source: str, majors: dict) -> None:  # fmt: skip
    """Write these rows (inside the caller's transaction); rows that fail a check go to the report."""
    parent = Page.objects.select_for_update().get(pk=library.pk)  # one import at a time under the library
    existing = {
        page.external_id: page
        for page in CourseResourcePage.objects.filter(
            external_id__in=[e.data["external_id"] for e in entries]
        ).prefetch_related("documents", "wagtail_admin_comments")  # the revision serialises them
    }
    checked = []
    for entry in entries:
        major = entry.data["major"]
        if isinstance(major, str):  # not in the list when the row was read
            major = majors.get(major) or _new_major(major, majors, report, source or gettext("导入"))
        try:
            entry.page = _page_for(entry, existing, major, publish=publish)
        except RowError as error:
            report.rejected.append((entry.line, str(error)))
            continue
        checked.append(entry)
    checked = _reject_taken_slugs(checked, parent, report)
    if not checked:
        return
    now = timezone.now()
    new = [entry.page for entry in checked if entry.created]
    old = [entry.page for entry in checked if not entry.created]
    for page in new:
        page.first_published_at = page.last_published_at = now if publish else None
        page.documents, page.wagtail_admin_comments = [], []  # nothing to read back for a new page
    if new:
        batch_writer.insert_pages(parent, new)
    if old and publish:  # a draft leaves the live page as it is: the revision holds the change
        batch_writer.update_pages(old)
    tags = batch_writer.tag_objects({name for entry in checked for name in entry.data["tags"]})
    pages = [entry.page for entry in checked]
    for entry in checked:
        batch_writer.set_tags_in_memory(entry.page, entry.data["tags"], tags)
    if publish:
        batch_writer.write_tags(pages, {e.page.pk: e.data["tags"] for e in checked}, tags)
    revisions = batch_writer.create_revisions(pages, user=user, now=now)
    batch_writer.point_at_revisions(pages, revisions, publish=publish, now=now)
    if publish:
        batch_writer.log_published(pages, revisions, user=user, now=now)
        batch_writer.purge_caches(parent, old)
    else:
        for page in pages:
            workflow = page.get_workflow()
            if workflow is not None and not page.workflow_in_progress:
                workflow.start(page, user)
    batch_writer.index_pages([page.pk for page in pages], reindexed=[page.pk for page in old])
    for entry in checked:
        report.created += entry.created
        report.updated += not entry.created
        report.drafts += not publish


def _commit_batch(entries: list[Entry], library, *, report: Report, majors: dict, on_batch, rows_done: int, **options) -> None:  # fmt: skip
    """Write and commit a batch together with the caller's record of it (`on_batch`): after a crash,
    the rows committed are exactly those the record says. A database error the checks did not
    foresee rolls the batch back; its rows are then written one by one, so only the row at fault
    is rejected (with the database's reason)."""
    saved = (report.created, report.updated, report.drafts, list(report.rejected), list(report.new_majors))
    known = set(majors)
    try:
        with transaction.atomic():
            _write_batch(entries, library, report=report, majors=majors, **options)
            if on_batch:
                on_batch(report, rows_done)
        return
    except DatabaseError:
        report.created, report.updated, report.drafts, report.rejected, report.new_majors = saved
        for key in set(majors) - known:  # majors created by the rolled-back batch are gone again
            del majors[key]
        if len(entries) == 1:
            raise
    for entry in entries:
        try:  # each row committed with the record of the rows read up to it
            _commit_batch([entry], library, report=report, majors=majors, on_batch=on_batch, rows_done=entry.read, **options)  # fmt: skip
        except DatabaseError as error:
            report.rejected.append((entry.line, gettext("数据库拒绝了这一行：{error}").format(error=error)))
    if on_batch and entries:
        with transaction.atomic():
            on_batch(report, rows_done)


def import_resources(
    stream,
    fmt: str,
    *,
    user=None,
    publish: bool = True,
    library: ResourceIndexPage | None = None,
    progress: Callable[[int], None] | None = None,
    source: str = "",
    resume: tuple[int, Report] | None = None,
    on_batch: Callable[[Report, int], None] | None = None,
    batch_rows: int | None = None,
) -> Report:
    """Import every row of `stream`, streamed, in batches of `batch_rows` rows. With publish=False
    (an editor who may not publish), each page is saved as a draft and submitted to the moderation
    workflow.

    `on_batch(report, rows_done)` runs inside each batch's transaction: the first `rows_done` data
    rows of the file are then committed (or rejected, in the report), and nothing after them.
    `resume=(rows_done, report)` continues such an import after those rows, from that report."""
    library = library or ResourceIndexPage.objects.first()
    if library is None:
        raise ValueError(gettext("站点中还没有教学资源库栏目，无法导入。"))
    majors = {m.name: m for m in Major.objects.all()} | {m.code: m for m in Major.objects.exclude(code="")}
    skip, report = resume if resume else (0, Report())
    batch_rows = batch_rows or BATCH_ROWS
    options = {"user": user, "publish": publish, "source": source}
    seen: dict[str, int] = {}
    batch: list[Entry] = []
    rows_read = rows_done = 0
    for number, row in read_rows(stream, fmt):
        rows_read += 1
        skipping = rows_read <= skip
        if progress and not skipping:
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
        except RowError as error:
            if not skipping:
                report.rejected.append((number, str(error)))
        else:
            if not skipping:
                batch.append(Entry(number, data, read=rows_read))
        if skipping:
            rows_done = rows_read
        elif rows_read - rows_done >= batch_rows:
            _commit_batch(batch, library, report=report, majors=majors, on_batch=on_batch, rows_done=rows_read, **options)  # fmt: skip
            batch, rows_done = [], rows_read
    if rows_read > rows_done or not rows_read:
        _commit_batch(batch, library, report=report, majors=majors, on_batch=on_batch, rows_done=rows_read, **options)
    report.rejected = sorted(dict(report.rejected).items())  # a line recorded twice (resumed mid-batch) once
    if report.created:
        from search.maintenance import analyze_search_tables

        analyze_search_tables()
    return report
