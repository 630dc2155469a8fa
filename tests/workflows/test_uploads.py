"""Uploads are judged by their bytes: disguised, oversized, empty or bomb-like files are refused
with a message saying why; names are cleaned of paths, control and bidi characters."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PDF_BYTES, docx_bytes
from workflows.uploads import check_upload, safe_filename


def upload(name, content):
    return SimpleUploadedFile(name, content)


def png_bytes(size=(4, 4)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def refused(name, content, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content), **kwargs)
    return error.value.messages[0]


def test_good_files_pass():
    assert check_upload(upload("申请书.pdf", PDF_BYTES)).kind == "pdf"
    assert check_upload(upload("申请书.docx", docx_bytes())).kind == "docx"
    assert check_upload(upload("扫描件.PNG", png_bytes())).kind == "png"


def test_html_disguised_as_pdf_is_refused():
    assert "文件内容与扩展名" in refused("letter.pdf", b"<html><script>alert(1)</script></html>")


def test_svg_disguised_as_png_is_refused():
    assert "文件内容与扩展名" in refused("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')


def test_wrong_extension_is_refused():
    assert "不支持该文件类型" in refused("tool.exe", b"MZ\x90\x00")


def test_too_big_is_refused_with_the_limit():
    message = refused("big.pdf", PDF_BYTES + b"0" * 2048, max_bytes=1024)
    assert "文件过大" in message and "上限为 1.0\xa0KB" in message


def test_empty_file_is_refused():
    assert "文件为空" in refused("empty.pdf", b"")


def test_zip_bomb_as_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))  # 20 MB of zeros: ~20 KB zipped
    assert "压缩炸弹" in refused("bomb.docx", buffer.getvalue())


# (signature, offset of the uncompressed size, of the name length, of the name) in the local file
# header and in the central directory entry (APPNOTE.TXT 4.3.7 and 4.3.12).
ZIP_HEADERS = ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46))


def _lie_about_sizes(archive_bytes: bytes, name: bytes, declared: int) -> bytes:
    """The same archive, claiming in both its headers that `name` expands to `declared` bytes."""
    data = bytearray(archive_bytes)
    for signature, size_at, name_length_at, name_at in ZIP_HEADERS:
        start = data.find(signature)
        while start != -1:
            name_length = int.from_bytes(data[start + name_length_at : start + name_length_at + 2], "little")
            if data[start + name_at : start + name_at + name_length] == name:
                data[start + size_at : start + size_at + 4] = declared.to_bytes(4, "little")
            start = data.find(signature, start + 4)
    return bytes(data)


def test_zip_bomb_declaring_small_sizes_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    lying = _lie_about_sizes(buffer.getvalue(), b"word/document.xml", declared=2000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:  # the lie is what a size check would read
        assert archive.getinfo("word/document.xml").file_size == 2000
    assert "压缩炸弹" in refused("quiet-bomb.docx", lying)


def test_a_real_word_document_passes_the_byte_budget():
    text = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(20000))  # 60 KB of varied Chinese
    document = b"<w:document>" + text.encode() + b"</w:document>"
    assert check_upload(SimpleUploadedFile("章程.docx", docx_bytes(document))).kind == "docx"


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    assert "不是有效的 Word" in refused("x.docx", buffer.getvalue())


def test_broken_image_is_refused():
    assert "图片文件已损坏" in refused("scan.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\a\\申请书.pdf", "申请书.pdf"),
        ("bad\x00name.pdf", "badname.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("", "file"),
    ],
)
def test_names_are_cleaned(raw, clean):
    assert safe_filename(raw) == clean


def test_very_long_chinese_names_keep_their_extension():
    name = safe_filename("长" * 300 + ".pdf")
    assert name.endswith(".pdf") and len(name) == 100


def test_a_name_with_rtl_mark_cannot_fake_its_extension():
    # "申请书\u202Efdp.exe" displays as "申请书exe.pdf"; it is judged (and refused) as .exe.
    assert "不支持该文件类型" in refused("申请书\u202efdp.exe", PDF_BYTES)
