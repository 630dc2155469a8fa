"""How a stored value reads to a person, on admin inspect pages and in spreadsheet exports alike:
times in local time (settings.TIME_ZONE, Asia/Shanghai) to the minute, choices by their label,
yes/no in words, lists joined, and an empty value as a dash, never `None`."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EMPTY = "—"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
DATE_FORMAT = "%Y-%m-%d"


def local_datetime(value: datetime.datetime) -> datetime.datetime:
    """The moment in local time, to the second (no microseconds)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0)


def resolve(obj, path: str):
    """The value at a dotted path (`unit.region`), with a choice field read as its label and a method
    called; None as soon as a step is empty."""
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) and _has_choices(value, part) else getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def _has_choices(obj, name: str) -> bool:
    try:
        return bool(obj._meta.get_field(name).choices)
    except (AttributeError, FieldDoesNotExist):
        return False


def as_text(value) -> str:
    """A value as a person reads it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, datetime.datetime):
        return local_datetime(value).strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, models.QuerySet | list | tuple | set):
        return "、".join(as_text(item) for item in value) or EMPTY
    if isinstance(value, models.fields.files.FieldFile):
        return value.name.rsplit("/", 1)[-1] if value else EMPTY
    return str(value)
