"""Every admin list that offers a spreadsheet export, in CSV and in XLSX: headings a person reads,
local times without microseconds, a UTF-8 byte order mark on CSV, and no cell a spreadsheet would run
as a formula (a unit named `=HYPERLINK(...)` stays text).

The viewsets are read from Wagtail's registry, so a list given `list_export` later is covered without
editing this file."""

import csv
import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.db import models
from django.urls import get_resolver
from django.utils import timezone
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.pages import PageViewSet

# The records of the sample site (tests/factories/sample.py): every workflow model, every state.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_records")]

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ['=HYPERLINK("http://evil.example/","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def exporting_viewsets():
    get_resolver().url_patterns  # loading the admin's URLs fills Wagtail's viewset registry  # noqa: B018
    # Wagtail's own page explorer is not one of ours (its export lists page titles and dates).
    return [
        vs
        for vs in viewsets.viewsets
        if isinstance(getattr(vs, "list_export", None), list | tuple)
        and vs.list_export
        and not isinstance(vs, PageViewSet)
    ]


def viewset_params():
    return [pytest.param(vs.url_namespace, id=vs.url_namespace) for vs in exporting_viewsets()]


def by_namespace(namespace):
    return next(vs for vs in exporting_viewsets() if vs.url_namespace == namespace)


def field_at(model, path):
    """(the model owning the last step, the field) of a dotted export path, or (None, None)."""
    *relations, last = path.split(".")
    try:
        for name in relations:
            model = model._meta.get_field(name).related_model
        return model, model._meta.get_field(last)
    except Exception:  # noqa: BLE001 - a method, not a field
        return None, None


def owner_of(obj, path):
    for name in path.split(".")[:-1]:
        obj = getattr(obj, name)
    return obj


def plant_hostile_text(viewset):
    """Every free-text column of one exported row gets a value a spreadsheet would run as a formula."""
    row = viewset.model._default_manager.order_by("pk").first()
    assert row is not None, f"the sample records have no {viewset.model.__name__}"
    planted = []
    for n, path in enumerate(viewset.list_export):
        model, field = field_at(viewset.model, path)
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if isinstance(field, models.EmailField | models.URLField):
            continue
        target = owner_of(row, path)
        if target is None:
            continue
        value = f"{HOSTILE[n % len(HOSTILE)]}{target.pk}"[: field.max_length or 200]
        type(target)._default_manager.filter(pk=target.pk).update(**{field.name: value})
        planted.append(value)
    return row, planted


def export(client, viewset, fmt):
    response = client.get(viewset.menu_url, {"export": fmt})
    assert response.status_code == 200, (viewset.url_namespace, fmt)
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(raw: bytes):
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def xlsx_rows(raw: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = workbook.active
    return [list(row) for row in sheet.iter_rows()]


def assert_human_headings(namespace, headings):
    for heading in headings:
        assert heading, namespace
        assert not re.search(r"[._]|method|display", heading), (namespace, heading)
        assert re.search(r"[\u4e00-\u9fff]", heading), (namespace, heading)


@pytest.fixture
def staff_client(client, sample_records):
    client.force_login(sample_records.admin)
    return client


def test_every_exporting_viewset_uses_the_shared_export_view():
    from core.exports import HumanSpreadsheetExportMixin

    found = exporting_viewsets()
    assert len(found) >= 7
    for viewset in found:
        assert issubclass(viewset.index_view_class, HumanSpreadsheetExportMixin), viewset.url_namespace


@pytest.mark.parametrize("namespace", viewset_params())
def test_csv_export_is_human_local_and_inert(staff_client, namespace):
    viewset = by_namespace(namespace)
    row, planted = plant_hostile_text(viewset)
    rows = csv_rows(export(staff_client, viewset, "csv"))
    assert_human_headings(namespace, rows[0])
    cells = [cell for line in rows[1:] for cell in line]
    for cell in cells:
        assert not cell.startswith(TRIGGERS), (namespace, cell)
        assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d", cell), (namespace, cell)
        assert "None" != cell and "+00:00" not in cell, (namespace, cell)
    for value in planted:
        assert any(cell.startswith("'") and value in cell for cell in cells), (namespace, value)
    row.refresh_from_db()
    for path in viewset.list_export:
        _, field = field_at(viewset.model, path)
        if isinstance(field, models.DateTimeField):
            value = getattr(owner_of(row, path), field.name)
            if value is not None:
                assert timezone.localtime(value).strftime("%Y-%m-%d %H:%M") in cells, (namespace, path)


@pytest.mark.parametrize("namespace", viewset_params())
def test_xlsx_export_is_human_local_and_inert(staff_client, namespace):
    viewset = by_namespace(namespace)
    _, planted = plant_hostile_text(viewset)
    raw = export(staff_client, viewset, "xlsx")
    assert zipfile.is_zipfile(io.BytesIO(raw))
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    assert_human_headings(namespace, [cell.value for cell in rows[0]])
    texts = []
    for line in rows[1:]:
        for cell in line:
            assert cell.data_type != "f", (namespace, cell.value)
            if isinstance(cell.value, str):
                assert not cell.value.startswith(TRIGGERS), (namespace, cell.value)
                texts.append(cell.value)
            if isinstance(cell.value, datetime.datetime):
                assert cell.value.microsecond == 0 and cell.value.tzinfo is None, (namespace, cell.value)
    texts = [text.replace("\r", "\n") for text in texts]  # XML reads a carriage return back as a newline
    for value in planted:
        value = value.replace("\r", "\n")
        assert any(text.startswith("'") and value in text for text in texts), (namespace, value)


def test_the_application_export_has_the_contact_columns_staff_need(staff_client):
    rows = csv_rows(export(staff_client, by_namespace("membership_applications"), "csv"))
    for heading in (
        "申请单位",
        "单位类型",
        "单位负责人（会员代表）",
        "联系人",
        "联系电话",
        "联系邮箱",
        "通讯地址",
        "状态",
    ):
        assert any(heading in cell for cell in rows[0]), heading
    assert "中等职业学校" in {cell for line in rows[1:] for cell in line}  # the type's label, not `school`
