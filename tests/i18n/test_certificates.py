"""Certificates and appointment letters carry Chinese and English on one page; the verification page
answers in the visitor's language."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from membership.models import ApplicationState, Membership

pytestmark = pytest.mark.django_db

PDFTOPPM = shutil.which("pdftoppm")
UNIT_EN = "Jiangsu Test Secondary Specialised School"
EXPERT_EN = "Zhang Wei"


def pdf_bytes(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def squash(text: str) -> str:
    """Without white space: a line drawn in two faces (English, a Chinese name) is extracted in pieces."""
    return re.sub(r"\s+", "", text)


def pdf_text(certificate) -> str:
    return squash(PdfReader(io.BytesIO(pdf_bytes(certificate))).pages[0].extract_text())


@pytest.fixture
def membership_certificate(draft, walk):
    draft.unit.name_en = UNIT_EN
    draft.unit.save()
    return Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED)).certificate


@pytest.fixture
def appointment_letter(expert_user, cnc, appoint):
    from expertpool import services
    from tests.expertpool.conftest import profile

    candidate = services.apply(user=expert_user, data=profile(name_en=EXPERT_EN), majors=[cnc])
    return appoint(candidate).letter


def test_the_membership_certificate_is_in_chinese_and_english(membership_certificate):
    text = pdf_text(membership_certificate)
    for chinese in ("会员证书", "江苏省测试中等专业学校", "为联席会会员单位", "会员代表：陈校长", "特发此证", "秘书处"):
        assert squash(chinese) in text, chinese
    for english in (
        "Membership certificate",
        UNIT_EN,
        "is a member unit of the Joint Conference",
        "Representative: 陈校长",
        "This certificate is hereby issued",
        "Certificate no.:",
        "Secretariat",
    ):
        assert squash(english) in text, english


def test_the_appointment_letter_is_in_chinese_and_english(appointment_letter):
    text = pdf_text(appointment_letter)
    for chinese in ("专家聘书", "测试专家", "兹聘请某职业技术学院测试专家同志", "专家库专家", "聘期自"):
        assert squash(chinese) in text, chinese
    for english in ("Expert appointment letter", EXPERT_EN, f"We hereby appoint {EXPERT_EN} of", "for a term from"):
        assert squash(english) in text, english


def test_without_an_english_name_the_registered_name_stands_in_both_languages(draft, walk):
    certificate = Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED)).certificate
    text = pdf_text(certificate)
    assert squash("“江苏省测试中等专业学校” is a member unit") in text


@pytest.mark.skipif(not PDFTOPPM, reason="pdftoppm (Debian's poppler-utils) is not installed")
def test_both_documents_render(membership_certificate, appointment_letter, tmp_path):
    """Poppler renders each PDF to an image (saved under test-artifacts/i18n/ to look at)."""
    from tests.i18n.template_scan import ROOT

    out = ROOT / "test-artifacts" / "i18n"
    out.mkdir(parents=True, exist_ok=True)
    for name, certificate in (("membership", membership_certificate), ("appointment", appointment_letter)):
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(pdf_bytes(certificate))
        result = subprocess.run(  # noqa: S603 (our own arguments)
            [PDFTOPPM, "-png", "-r", "60", "-singlefile", str(source), str(out / name)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert (out / f"{name}.png").stat().st_size > 10_000


def test_the_verification_page_answers_in_the_visitors_language(client, membership_certificate):
    number = membership_certificate.number
    english = client.get(f"/en/certificates/verify/{number}/").content.decode()
    assert "✔ Valid" in english and "Type of certificate" in english and "Membership certificate" in english
    assert UNIT_EN in english and "江苏省测试中等专业学校" in english  # the name as registered, and in English
    chinese = client.get(f"/certificates/verify/{number}/").content.decode()
    assert "✔ 有效" in chinese and "证书类型" in chinese and "Type of certificate" not in chinese


def test_an_unknown_number_is_answered_in_english(client):
    response = client.get("/en/certificates/verify/LXH-2026-000000/")
    assert response.status_code == 404
    assert "No certificate numbered LXH-2026-000000 was found" in response.content.decode()
