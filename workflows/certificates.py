"""Certificate numbers and PDFs.

Numbers look like `LXH-2026-483920`: prefix, year, six random digits. Random rather than sequential
so that nobody can walk the verification page from one number to the next; unique (a database
constraint) and never reused, since certificates are revoked, never deleted.

Certificates are bilingual: Chinese first, English under it, on one page (docs/i18n.md). Callers
hand `issue`/`reissue` the body lines built by `in_both_languages`; the holder's English name, when
registered, is read from the record the certificate is issued for (`english_name_of`).

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
from django.utils import timezone, translation
from django.utils.formats import date_format
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


CHINESE = settings.LANGUAGE_CODE
ENGLISH = "en"
LATIN_FONT = "Times-Roman"


def in_both_languages(build) -> dict[str, list[str]]:
    """`build()` run once in Chinese and once in English: the two versions of a certificate's text."""
    versions = {}
    for language in (CHINESE, ENGLISH):
        with translation.override(language):
            versions[language] = [str(line) for line in build()]
    return versions


def name_in_language(name: str, name_en: str = "") -> str:
    """A name as registered; in English its registered English form when there is one."""
    if name_en and (translation.get_language() or CHINESE).lower() != CHINESE:
        return name_en
    return name


def english_name_of(subject) -> str:
    """The registered English name of whom a certificate is issued to (a unit's or an expert's)."""
    for holder in (subject, getattr(subject, "unit", None)):
        if holder is not None and getattr(holder, "name_en", ""):
            return holder.name_en
    return ""


def _runs(text: str) -> list[str]:
    """`text` cut where it changes between Latin-1 and other (Chinese) characters."""
    runs: list[str] = []
    for character in text:
        latin = _fits_latin_font(character)
        if runs and _fits_latin_font(runs[-1][-1]) == latin:
            runs[-1] += character
        else:
            runs.append(character)
    return runs


def _fits_latin_font(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def render_pdf(
    *,
    title: str,
    holder: str,
    lines: list[str],
    number: str,
    issued_on: str,
    title_en: str = "",
    holder_en: str = "",
    lines_en: list[str] = (),
    issued_on_en: str = "",
) -> bytes:
    """An A4 landscape certificate: title, holder, body lines in Chinese, the same in English under
    them, number, date, and a QR code that opens the public verification page (its address is
    printed under the code as well)."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    font = font_name()
    url = verification_url(number)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{title} {number}")
    pdf.setAuthor(settings.WAGTAIL_SITE_NAME)
    red = colors.HexColor("#b8232a")
    pdf.setStrokeColor(red)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setLineWidth(1.5)
    pdf.rect(36, 36, width - 72, height - 72)

    def centred_english(y: float, size: int, text: str) -> None:
        """English in a Latin face; Chinese inside it (a name as registered) in the Chinese one."""
        runs = [(LATIN_FONT if _fits_latin_font(part) else font, part) for part in _runs(text)]
        x = width / 2 - sum(pdfmetrics.stringWidth(part, face, size) for face, part in runs) / 2
        for face, part in runs:
            pdf.setFont(face, size)
            pdf.drawString(x, y, part)
            x += pdfmetrics.stringWidth(part, face, size)

    pdf.setFillColor(red)
    pdf.setFont(font, 36)
    pdf.drawCentredString(width / 2, height - 108, title)
    if title_en:
        centred_english(height - 134, 17, title_en)
    pdf.setFillColor(colors.black)
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 180, holder)
    if holder_en and holder_en != holder:
        centred_english(height - 202, 15, holder_en)
    pdf.setFont(font, 14)
    y = height - 240
    for line in lines:
        pdf.drawCentredString(width / 2, y, line)
        y -= 22
    y -= 8
    for line in lines_en:
        centred_english(y, 12, line)
        y -= 17

    with translation.override(CHINESE):
        number_label, date_label = gettext("证书编号："), gettext("颁发日期：")
        issuer, office = gettext("全国中等职业教育合作发展联席会"), gettext("秘书处")
    with translation.override(ENGLISH):
        number_label_en, date_label_en = gettext("证书编号："), gettext("颁发日期：")
        issuer_en, office_en = gettext("全国中等职业教育合作发展联席会"), gettext("秘书处")
    pdf.setFont(font, 12)
    pdf.drawString(80, 132, f"{number_label}{number}")
    pdf.drawString(80, 100, f"{date_label}{issued_on}")
    pdf.drawRightString(width - 200, 132, issuer)
    pdf.drawRightString(width - 200, 100, office)
    if lines_en:
        pdf.setFont(LATIN_FONT, 10)
        pdf.drawString(80, 118, f"{number_label_en} {number}")
        pdf.drawString(80, 86, f"{date_label_en} {issued_on_en}")
        pdf.drawRightString(width - 200, 86, office_en)
        pdf.setFont(LATIN_FONT, 9)
        pdf.drawCentredString(width / 2 - 60, 62, issuer_en)

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


def _render_into(certificate: Certificate, lines, holder_en: str = "") -> None:
    """`lines`: the two versions from `in_both_languages` (a plain list: Chinese only)."""
    versions = lines if isinstance(lines, dict) else {CHINESE: lines, ENGLISH: []}
    issued = timezone.localtime(certificate.issued_at)
    with translation.override(ENGLISH):
        title_en = str(certificate.get_kind_display())
        issued_on_en = date_format(issued, "j F Y")
    with translation.override(CHINESE):
        title = str(certificate.get_kind_display())
    content = render_pdf(
        title=title,
        holder=certificate.holder_name,
        lines=versions[CHINESE],
        number=certificate.number,
        issued_on=issued.strftime("%Y年%m月%d日"),
        title_en=title_en,
        holder_en=holder_en,
        lines_en=versions[ENGLISH],
        issued_on_en=issued_on_en,
    )
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)


def issue(*, kind: str, holder_name: str, subject, lines, valid_until=None) -> Certificate:
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
    _render_into(certificate, lines, english_name_of(subject))
    certificate.save(update_fields=["pdf"])
    return certificate


def reissue(certificate: Certificate, *, lines, holder_name: str | None = None) -> Certificate:
    """Replace the PDF (e.g. after the unit's name changed); the number and record stay."""
    if holder_name:
        certificate.holder_name = holder_name
    certificate.reissued_at = timezone.now()
    # Read afresh, not through `certificate.subject`, which would keep the record cached on the certificate.
    subject = certificate.content_type.get_object_for_this_type(pk=certificate.object_id)
    _render_into(certificate, lines, english_name_of(subject))
    certificate.save(update_fields=["holder_name", "reissued_at", "pdf"])
    return certificate


def redraw(certificate: Certificate, *, lines) -> Certificate:
    """Draw the PDF again (e.g. once an English name is registered) without counting as a re-issue."""
    subject = certificate.content_type.get_object_for_this_type(pk=certificate.object_id)
    _render_into(certificate, lines, english_name_of(subject))
    certificate.save(update_fields=["pdf"])
    return certificate


def revoke(certificate: Certificate, *, reason: str) -> Certificate:
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoke_reason = reason[:200]
        certificate.save(update_fields=["revoked_at", "revoke_reason"])
    return certificate
