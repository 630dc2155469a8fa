"""Spreadsheet exports (CSV and XLSX) of admin lists, for every viewset that has `list_export`.

Extends Wagtail's SpreadsheetExportMixin rather than replacing it; what it adds:
- headings are the fields' verbose names (`unit.get_unit_type_display` reads 单位类型);
- values read as on the inspect pages (core/display.py): choices by label, times in local time
  without microseconds (XLSX keeps a real date-time cell), yes/no in words, empty cells empty;
- a text cell starting with = + - @, a tab or a carriage return gets a leading apostrophe, so that a
  unit named `=HYPERLINK(...)` stays text in Excel and LibreOffice (CSV/formula injection);
- CSV starts with a UTF-8 byte order mark, so Excel opens Chinese text correctly.

A viewset opts in by `index_view_class = ExportIndexView` (or SnippetExportIndexView for snippets);
tests/security/test_exports.py walks every registered viewset with `list_export` to keep it so.

Wagtail's own exports (the page explorer's, the locked pages, aging pages, site history and workflow
reports, redirects, form submissions) are not ours to subclass: `neutralise_every_admin_export`
(called from core's AppConfig.ready) makes the one method every one of them writes a cell through,
`SpreadsheetExportMixin.preprocess_field_value`, neutralise text too.
tests/security/test_admin_exports.py walks every export URL the admin's URL conf offers.
"""

import datetime
import functools
from collections import OrderedDict

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from .display import DATE_FORMAT, DATETIME_FORMAT, EMPTY, as_text, local_datetime, resolve

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff"


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would read as a formula, made plain text."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def neutralise_every_admin_export() -> None:
    """Every spreadsheet the admin writes (Wagtail's and ours) gets no cell a spreadsheet would run:
    text values leave `SpreadsheetExportMixin.preprocess_field_value` neutralised. Idempotent."""
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises", False):
        return

    @functools.wraps(original)
    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return neutralise(value) if isinstance(value, str) else value

    preprocess_field_value.neutralises = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


def heading_for(model: type[models.Model], path: str) -> str | None:
    """The verbose name of the field a dotted export path ends on, or None if it is not a field."""
    *relations, last = path.split(".")
    try:
        for name in relations:
            model = model._meta.get_field(name).related_model
        if last.startswith("get_") and last.endswith("_display"):
            last = last.removeprefix("get_").removesuffix("_display")
        return capfirst(str(model._meta.get_field(last).verbose_name))
    except (AttributeError, FieldDoesNotExist):
        described = getattr(getattr(model, last, None), "short_description", None)
        return str(described) if described else None


class HumanSpreadsheetExportMixin:
    """Put before Wagtail's IndexView in the bases, so that these methods wrap its export methods."""

    def get_heading(self, queryset, field):
        if field in self.export_headings:
            return str(self.export_headings[field])
        return heading_for(queryset.model, field) or super().get_heading(queryset, field)

    def to_row_dict(self, item):
        return OrderedDict((field, resolve(item, field)) for field in self.list_export)

    def preprocess_field_value(self, field, value, export_format):
        if value is None:
            return ""
        if isinstance(value, bool):
            return as_text(value)
        if isinstance(value, int | float):
            return value
        if isinstance(value, datetime.datetime):
            local = local_datetime(value)
            return local.replace(tzinfo=None) if export_format == self.FORMAT_XLSX else local.strftime(DATETIME_FORMAT)
        if isinstance(value, datetime.date):
            return value if export_format == self.FORMAT_XLSX else value.strftime(DATE_FORMAT)
        text = as_text(value)
        return "" if text == EMPTY and value != EMPTY else neutralise(text)

    def stream_csv(self, queryset):
        yield CSV_BOM
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class ExportIndexView(HumanSpreadsheetExportMixin, IndexView):
    pass


class SnippetExportIndexView(HumanSpreadsheetExportMixin, SnippetIndexView):
    pass
