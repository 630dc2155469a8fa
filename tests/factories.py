"""Test data builders shared by the workflow suites."""

import io
import zipfile

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "入会申请书.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(document_xml: bytes = b"<w:document/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def role_group(code: str) -> Group:
    """The group carrying role `code` (created with its default name if a flushed database lacks it);
    any other name is a plain group of that name, for a test's own groups."""
    from core import roles
    from core.models import GroupRole

    if code not in roles.DEFAULT_NAMES:  # a test's own group, not one of the alliance's roles
        return Group.objects.get_or_create(name=code)[0]
    role = GroupRole.objects.select_related("group").filter(code=code).first()
    if role is None:
        group = Group.objects.get_or_create(name=roles.DEFAULT_NAMES[code])[0]
        role = GroupRole.objects.create(group=group, code=code)
    return role.group


def user_with_role(username: str, *role_codes: str, email: str | None = None) -> User:
    user = User.objects.create_user(
        username=username, password="pw-not-used", email=email or f"{username}@example.org", first_name=username
    )
    for code in role_codes:
        user.groups.add(role_group(code))
    return user


UNIT_DATA = {
    "name": "江苏省测试中等专业学校",
    "unit_type": "school",
    "region": "江苏省",
    "address": "南京市鼓楼区测试路 1 号",
    "representative": "陈校长",
    "representative_title": "校长",
    "contact_name": "刘老师",
    "contact_phone": "025-12345678",
    "contact_email": "contact@school.example.org",
    "website": "",
    "introduction": "",
}


def unit_data(**overrides) -> dict:
    return {**UNIT_DATA, **overrides}


COUNCIL_SIZE = 3
