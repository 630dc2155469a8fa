"""ISBN checking and normalisation (ISO 2108).

Textbooks are stored under their ISBN-13 without separators; an ISBN-10 is accepted and converted.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

_SEPARATORS = re.compile(r"[\s\-‐‑–—]")


def _isbn10_check_digit(first_nine: str) -> str:
    total = sum((10 - i) * int(d) for i, d in enumerate(first_nine))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn13_check_digit(first_twelve: str) -> str:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def normalize_isbn(value: str) -> str:
    """The ISBN-13 for `value` (ISBN-10 or ISBN-13, with or without hyphens or spaces).

    Raises ValidationError with a message saying what is wrong.
    """
    raw = _SEPARATORS.sub("", str(value or "")).upper()
    if raw.startswith("ISBN"):
        raw = raw[4:].lstrip(":：")
    if len(raw) == 10:
        if not re.fullmatch(r"\d{9}[\dX]", raw):
            raise ValidationError(gettext("ISBN-10 应为 9 位数字加 1 位校验位（数字或 X）。"), code="isbn_format")
        if _isbn10_check_digit(raw[:9]) != raw[9]:
            raise ValidationError(gettext("ISBN 校验位不正确，请核对书号。"), code="isbn_checksum")
        body = "978" + raw[:9]
        return body + isbn13_check_digit(body)
    if len(raw) == 13:
        if not raw.isdigit():
            raise ValidationError(gettext("ISBN-13 应为 13 位数字。"), code="isbn_format")
        if raw[:3] not in {"978", "979"}:
            raise ValidationError(gettext("ISBN-13 应以 978 或 979 开头。"), code="isbn_prefix")
        if isbn13_check_digit(raw[:12]) != raw[12]:
            raise ValidationError(gettext("ISBN 校验位不正确，请核对书号。"), code="isbn_checksum")
        return raw
    raise ValidationError(gettext("ISBN 应为 10 位或 13 位（可含连字符）。"), code="isbn_length")


def validate_isbn(value: str) -> None:
    normalize_isbn(value)
