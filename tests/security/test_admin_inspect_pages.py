"""Every admin inspect page reads as a reviewer needs it: local times (Asia/Shanghai, the format the
history uses), state and choice labels instead of codes, a dash instead of `None`, and on an
application's page the applying unit's full details.

The pages are found from Wagtail's viewset registry, so an inspect page added later is walked too;
the records are the sample site's (tests/factories/sample.py), which include blank optional fields, system-fired steps and every state."""

import html as html_module
import re

import pytest
from django.db import models
from django.urls import get_resolver, reverse
from django.utils import timezone
from django_fsm import FSMField
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.pages import PageViewSet

from membership.models import MembershipApplication

# The records of the sample site (tests/factories/sample.py): every workflow model, every state.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_records")]

PER_MODEL = 12


def inspecting_viewsets():
    get_resolver().url_patterns  # loading the admin's URLs fills Wagtail's viewset registry  # noqa: B018
    return [
        vs
        for vs in viewsets.viewsets
        if getattr(vs, "inspect_view_enabled", False) is True and not isinstance(vs, PageViewSet)
    ]


def state_codes() -> set[str]:
    from django.apps import apps

    codes = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FSMField):
                codes |= {value for value, _ in field.choices}
    return codes


def main_text(page: str) -> str:
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r"<(script|template)\b.*?</\1>", " ", main, flags=re.S)
    main = re.sub(r"<[^>]+>", " ", main)
    return re.sub(r"\s+", " ", html_module.unescape(main))


def shown_fields(viewset) -> list[str]:
    return list(viewset.inspect_view_fields or [f.name for f in viewset.model._meta.concrete_fields])


@pytest.fixture
def superuser_client(client, sample_records):
    client.force_login(sample_records.admin)
    return client


@pytest.mark.parametrize(
    "namespace", [pytest.param(vs.url_namespace, id=vs.url_namespace) for vs in inspecting_viewsets()]
)
def test_inspect_pages_read_as_people_read(superuser_client, namespace):
    viewset = next(vs for vs in inspecting_viewsets() if vs.url_namespace == namespace)
    records = list(viewset.model._default_manager.order_by("pk")[:PER_MODEL])
    assert records, f"the sample records have no {viewset.model.__name__}"
    codes = state_codes()
    for record in records:
        response = superuser_client.get(reverse(f"{namespace}:inspect", args=[record.pk]))
        assert response.status_code == 200, (namespace, record.pk)
        text = main_text(response.content.decode())
        where = (namespace, record.pk)
        assert "None" not in text, where
        assert "→" not in text, where
        for word in re.findall(r"[a-z_]+", text):
            assert word not in codes, (*where, word)
        for name in shown_fields(viewset):
            field = next((f for f in viewset.model._meta.concrete_fields if f.name == name), None)
            if isinstance(field, models.DateTimeField) and getattr(record, name):
                local = timezone.localtime(getattr(record, name)).strftime("%Y-%m-%d %H:%M")
                assert local in text, (*where, name, local)


def test_an_application_page_shows_the_units_full_details(superuser_client):
    for application in MembershipApplication.objects.select_related("unit").order_by("pk")[:PER_MODEL]:
        unit = application.unit
        response = superuser_client.get(reverse("membership_applications:inspect", args=[application.pk]))
        text = main_text(response.content.decode())
        for value in (
            unit.name,
            unit.get_unit_type_display(),
            unit.address,
            unit.representative,
            unit.contact_name,
            unit.contact_phone,
            unit.contact_email,
            unit.introduction.split("\n")[0],
        ):
            assert value in text, (application.pk, value)
        for label in ("通讯地址", "单位负责人（会员代表）", "联系人", "联系电话", "联系邮箱", "单位简介"):
            assert label in text, (application.pk, label)
