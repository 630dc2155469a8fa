"""Checking uploaded files by their content, not their name.

Used for application letters, supporting files, withdrawal notices and CVs. A file is accepted only
when its bytes are what its extension says (PDF, DOC, DOCX, JPG, PNG), within the size limit; DOCX
files are opened as ZIP archives and every entry is decompressed, with a byte budget, to count what
it really expands to: the sizes a ZIP declares are written by whoever made it and can lie, so a zip
bomb that declares small sizes is refused as well.
"""

import copy
import sys
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

KIND_LABELS = {
    "pdf": "PDF",
    "doc": "Word 97-2003 (DOC)",
    "docx": "Word (DOCX)",
    "jpg": gettext_lazy("JPG 图片"),
    "png": gettext_lazy("PNG 图片"),
}
EXTENSIONS = {"pdf": "pdf", "doc": "doc", "docx": "docx", "jpg": "jpg", "jpeg": "jpg", "png": "png"}
DOCUMENT_KINDS = ("pdf", "doc", "docx", "jpg", "png")

MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_DOCX_RATIO = 100
MAX_DOCX_ENTRIES = 2000
MAX_IMAGE_PIXELS = 40_000_000
MAX_NAME_LENGTH = 100

# Bidirectional controls can make "gpj.exe" look like "exe.jpg"; they never belong in a file name.
_BIDI_AND_INVISIBLE = {
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
}


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    original_name: str
    size: int


def max_upload_bytes() -> int:
    return getattr(settings, "WORKFLOW_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def check_record_quota(*, existing_count: int, existing_bytes: int, new_sizes: list[int]) -> None:
    """Refuse new files that would take one record past WORKFLOW_FILES_PER_RECORD files or
    WORKFLOW_BYTES_PER_RECORD bytes in total (over all requests, not only this one)."""
    if not new_sizes:
        return
    max_files = getattr(settings, "WORKFLOW_FILES_PER_RECORD", 20)
    max_bytes = getattr(settings, "WORKFLOW_BYTES_PER_RECORD", 60 * 1024 * 1024)
    if existing_count + len(new_sizes) > max_files:
        raise ValidationError(
            _(
                "每份记录最多保存 {max} 个文件：已有 {existing} 个，本次又上传 {new} 个。请只上传必要的文件，或联系秘书处。"
            ).format(max=max_files, existing=existing_count, new=len(new_sizes)),
            code="too_many_files",
        )
    if existing_bytes + sum(new_sizes) > max_bytes:
        raise ValidationError(
            _("每份记录的文件合计不能超过 {max}：已有 {existing}，本次 {new}。请压缩文件或联系秘书处。").format(
                max=filesizeformat(max_bytes),
                existing=filesizeformat(existing_bytes),
                new=filesizeformat(sum(new_sizes)),
            ),
            code="record_too_large",
        )


def safe_filename(name: str) -> str:
    """The file's own name, without any folder part, control or bidi characters, at most 100 characters
    (the extension kept)."""
    name = PureWindowsPath(PurePosixPath(str(name)).name).name
    cleaned = "".join(
        ch
        for ch in name
        if ch not in _BIDI_AND_INVISIBLE and unicodedata.category(ch)[0] != "C" and ch not in '<>:"/\\|?*'
    ).strip(" .")
    if not cleaned:
        cleaned = "file"
    stem, dot, extension = cleaned.rpartition(".")
    if dot and len(extension) <= 10:
        return stem[: MAX_NAME_LENGTH - len(extension) - 1] + "." + extension
    return cleaned[:MAX_NAME_LENGTH]


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


_BOMB = gettext_lazy("Word 文件解压后体积异常，已拒绝（疑似压缩炸弹）。")
_READ_CHUNK = 64 * 1024


def _inflate_within(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> int:
    """Bytes the entry really expands to, decompressing it; ValidationError past `budget`."""
    unbounded = copy.copy(entry)
    # zipfile stops at the declared size: declare "unlimited" and let the budget stop the reading.
    unbounded.file_size = sys.maxsize
    produced = 0
    with archive.open(unbounded) as stream:
        while chunk := stream.read(_READ_CHUNK):
            produced += len(chunk)
            if produced > budget:
                raise ValidationError(_BOMB, code="docx_bomb")
    return produced


def _check_docx(uploaded) -> None:
    uploaded.seek(0)
    budget = min(MAX_DOCX_UNCOMPRESSED, MAX_DOCX_RATIO * max(1, uploaded.size))
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_DOCX_ENTRIES:
                raise ValidationError(gettext("Word 文件内部条目过多，疑似异常文件。"), code="docx_entries")
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise ValidationError(gettext("文件不是有效的 Word（DOCX）文档。"), code="docx_invalid")
            for entry in entries:
                budget -= _inflate_within(archive, entry, budget)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError) as error:
        # Broken, encrypted or oddly compressed archives are not Word documents we accept.
        raise ValidationError(gettext("文件不是有效的 Word（DOCX）文档。"), code="docx_invalid") from error


def _check_image(uploaded) -> None:
    from PIL import Image

    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(gettext("图片像素过大，请压缩后再上传。"), code="image_too_large")
            image.verify()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many types for broken files
        raise ValidationError(gettext("图片文件已损坏或格式不正确。"), code="image_invalid") from error


def check_upload(uploaded, *, allowed: tuple[str, ...] = DOCUMENT_KINDS, max_bytes: int | None = None) -> CheckedUpload:
    """Raise ValidationError (in Chinese, saying what is wrong) unless the upload is acceptable."""
    max_bytes = max_bytes or max_upload_bytes()
    original_name = safe_filename(getattr(uploaded, "name", "") or "file")
    allowed_text = gettext("、").join(str(KIND_LABELS[kind]) for kind in allowed)
    size = uploaded.size
    if not size:
        raise ValidationError(gettext("文件为空。"), code="empty")
    if size > max_bytes:
        raise ValidationError(
            gettext("文件过大（{value1}），上限为 {value2}。").format(
                value1=filesizeformat(size), value2=filesizeformat(max_bytes)
            ),
            code="too_large",
        )
    extension = EXTENSIONS.get(original_name.rpartition(".")[2].lower())
    if extension not in allowed:
        raise ValidationError(
            gettext("不支持该文件类型，请上传 {allowed_text} 文件。").format(allowed_text=allowed_text),
            code="extension",
        )
    uploaded.seek(0)
    kind = _sniff(uploaded.read(16))
    if kind != extension:
        raise ValidationError(
            gettext("文件内容与扩展名“.{value1}”不符，请上传真实的 {value2} 文件。").format(
                value1=original_name.rpartition(".")[2], value2=KIND_LABELS[extension]
            ),
            code="content_mismatch",
        )
    if kind == "docx":
        _check_docx(uploaded)
    elif kind in ("jpg", "png"):
        _check_image(uploaded)
    uploaded.seek(0)
    return CheckedUpload(kind=kind, original_name=original_name, size=size)


def store_upload(
    instance,
    field_name: str,
    uploaded,
    *,
    record: dict[str, str] | None = None,
    allowed: tuple[str, ...] = DOCUMENT_KINDS,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Check an upload and put it in `instance.<field_name>` (not saving the instance).

    `record` maps what the check found ("original_name", "kind", "size") to the instance's fields that
    keep it; they are set before the file is stored, since storage paths may be built from them.
    """
    checked = check_upload(uploaded, allowed=allowed, max_bytes=max_bytes)
    for found, attribute in (record or {}).items():
        setattr(instance, attribute, getattr(checked, found))
    getattr(instance, field_name).save(checked.original_name, uploaded, save=False)
    return checked
