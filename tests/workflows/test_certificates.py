import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from membership.models import ApplicationState, Membership
from workflows import certificates
from workflows.actions import run
from workflows.models import Certificate, CertificateKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(draft, walk):
    return Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED)).certificate


def pdf_text(certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read())).pages[0].extract_text().replace("\n", "")


def test_number_format_and_pdf_content(certificate):
    assert re.fullmatch(rf"LXH-{timezone.localdate().year}-\d{{6}}", certificate.number)
    text = pdf_text(certificate)
    assert "会员证书" in text and "江苏省测试中等专业学校" in text and "陈校长" in text
    assert certificate.number in text
    assert f"https://lxh.example.org/certificates/verify/{certificate.number}/" in text


def test_numbers_are_unique_and_never_reused(certificate, monkeypatch):
    """A drawn number that is taken (even by a revoked certificate) is drawn again."""
    certificates.revoke(certificate, reason="测试")
    draws = iter([certificate.number.rsplit("-", 1)[1], "000777"])
    monkeypatch.setattr(certificates.secrets, "randbelow", lambda _: int(next(draws)))
    second = certificates.issue(
        kind=CertificateKind.MEMBERSHIP, holder_name="另一单位", subject=certificate.subject, lines=["x"]
    )
    assert second.number.endswith("-000777")
    assert Certificate.objects.filter(number=certificate.number).count() == 1


def test_reissue_replaces_the_pdf_and_keeps_the_record(certificate, secretariat):

    membership = certificate.subject
    membership.unit.name = "江苏省测试中等专业学校（更名）"
    membership.unit.save()
    run(membership, "reissue_certificate", by=secretariat)
    certificate.refresh_from_db()
    assert certificate.reissued_at is not None
    assert "（更名）" in pdf_text(certificate)
    assert Certificate.objects.filter(number=certificate.number).count() == 1


def test_verify_page_valid(client, certificate):
    response = client.get(f"/certificates/verify/{certificate.number}/")
    html = response.content.decode()
    assert response.status_code == 200 and "✔ 有效" in html
    assert "江苏省测试中等专业学校" in html
    for private in ("contact@school.example.org", "025-12345678", "刘老师", "南京市鼓楼区"):
        assert private not in html


def test_verify_page_revoked(client, certificate):
    certificates.revoke(certificate, reason="退会")
    assert "✖ 已撤销" in client.get(f"/certificates/verify/{certificate.number}/").content.decode()


def test_verify_page_expired(client, certificate):
    certificate.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    certificate.save()
    assert "✖ 已过期" in client.get(f"/certificates/verify/{certificate.number}/").content.decode()


def test_verify_unknown_and_malformed_numbers(client):
    response = client.get("/certificates/verify/LXH-2026-000000/")
    assert response.status_code == 404 and "未找到编号为 LXH-2026-000000 的证书" in response.content.decode()
    response = client.get("/certificates/verify/%3Cscript%3E/")
    assert response.status_code == 404 and "编号格式不正确" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_verify_form_normalises_what_people_type(client, certificate):
    typed = " " + certificate.number.lower().replace("-", "－", 1) + " "
    response = client.get("/certificates/verify/", {"number": typed})
    assert response.status_code == 302 and response["Location"] == f"/certificates/verify/{certificate.number}/"
