"""Certificate numbers and PDFs.

Numbers look like `LXH-2026-483920`: prefix, year, six random digits. Random rather than sequential
so that nobody can walk the verification page from one number to the next; unique (a database
constraint) and never reused, since certificates are revoked, never deleted.

The PDF uses reportlab's built-in Chinese font (STSong-Light, a CID font every PDF reader with Chinese
support has) unless CERTIFICATE_FONT_FILE points at a TrueType font to embed, e.g. WenQuanYi Zen Hei.
"""

import io
import secrets
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from .models import CERTIFICATE_PREFIX, Certificate

NUMBER_ATTEMPTS = 50


def verification_url(number: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + reverse("certificate_verify", args=[number])


def _candidate_number(kind: str, year: int) -> str:
    return f"{CERTIFICATE_PREFIX[kind]}-{year}-{secrets.randbelow(1_000_000):06d}"


@lru_cache(maxsize=1)
def font_name() -> str:
    from reportlab.pdfbase import pdfmetrics

    font_file = getattr(settings, "CERTIFICATE_FONT_FILE", "")
    if font_file:
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("CertificateFont", font_file))
        return "CertificateFont"
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def render_pdf(*, title: str, holder: str, lines: list[str], number: str, issued_on: str) -> bytes:
    """An A4 landscape certificate: title, holder, body lines, number, date, and a QR code that
    opens the public verification page (its address is printed under the code as well)."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    font = font_name()
    url = verification_url(number)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{title} {number}")
    pdf.setAuthor(gettext("全国中等职业教育合作发展联席会"))
    red = colors.HexColor("#b8232a")
    pdf.setStrokeColor(red)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setLineWidth(1.5)
    pdf.rect(36, 36, width - 72, height - 72)

    pdf.setFillColor(red)
    pdf.setFont(font, 40)
    pdf.drawCentredString(width / 2, height - 120, title)
    pdf.setFillColor(colors.black)
    pdf.setFont(font, 24)
    pdf.drawCentredString(width / 2, height - 185, holder)
    pdf.setFont(font, 15)
    y = height - 230
    for line in lines:
        pdf.drawCentredString(width / 2, y, line)
        y -= 26

    pdf.setFont(font, 13)
    pdf.drawString(80, 120, gettext("证书编号：{number}").format(number=number))
    pdf.drawString(80, 96, gettext("颁发日期：{issued_on}").format(issued_on=issued_on))
    pdf.drawRightString(width - 200, 120, gettext("全国中等职业教育合作发展联席会"))
    pdf.drawRightString(width - 200, 96, gettext("秘书处"))

    qr = QrCodeWidget(url)
    left, bottom, right, top = qr.getBounds()
    size = 110
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, width - 170, 60)
    pdf.setFont(font, 7)
    pdf.drawCentredString(width - 115, 50, url)
    pdf.linkURL(url, (width - 170, 60, width - 60, 170))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _render_into(certificate: Certificate, lines: list[str], title: str) -> None:
    content = render_pdf(
        title=title,
        holder=certificate.holder_name,
        lines=lines,
        number=certificate.number,
        issued_on=timezone.localtime(certificate.issued_at).strftime(gettext("%Y年%m月%d日")),
    )
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)


def issue(*, kind: str, holder_name: str, subject, lines: list[str], valid_until=None) -> Certificate:
    """A new certificate with a fresh number and its PDF."""
    year = timezone.localdate().year
    for _ in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    number=_candidate_number(kind, year),
                    kind=kind,
                    holder_name=holder_name,
                    content_type=ContentType.objects.get_for_model(subject),
                    object_id=subject.pk,
                    valid_until=valid_until,
                )
            break
        except IntegrityError:
            continue  # that number is taken: draw again
    else:  # pragma: no cover - a million numbers a year and fifty draws
        raise RuntimeError("无法生成唯一的证书编号，请重试。")
    _render_into(certificate, lines, title=certificate.get_kind_display())
    certificate.save(update_fields=["pdf"])
    return certificate


def reissue(certificate: Certificate, *, lines: list[str], holder_name: str | None = None) -> Certificate:
    """Replace the PDF (e.g. after the unit's name changed); the number and record stay."""
    if holder_name:
        certificate.holder_name = holder_name
    certificate.reissued_at = timezone.now()
    _render_into(certificate, lines, title=certificate.get_kind_display())
    certificate.save(update_fields=["holder_name", "reissued_at", "pdf"])
    return certificate


def revoke(certificate: Certificate, *, reason: str) -> Certificate:
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoke_reason = reason[:200]
        certificate.save(update_fields=["revoked_at", "revoke_reason"])
    return certificate
