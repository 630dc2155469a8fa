"""A unit's profile edits wait for the secretariat's approval."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from membercentre.models import ProfileChangeRequest, ProfileChangeState
from membership.models import UNIT_DETAIL_FIELDS
from workflows.actions import TransitionRefused, run

pytestmark = pytest.mark.django_db


def form_data(unit, **changes):
    data = {name: getattr(unit, name) for name in UNIT_DETAIL_FIELDS if name not in ("name", "unit_type", "region")}
    data.update(changes)
    return data


def test_an_edit_changes_nothing_until_approved(client, unit, secretary):
    client.force_login(unit.account)
    response = client.post(
        reverse("membercentre:profile_edit", args=[unit.pk]), form_data(unit, contact_phone="010-88886666")
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.contact_phone == "025-12345678"
    change = ProfileChangeRequest.objects.get(unit=unit)
    assert change.changes == {"contact_phone": "010-88886666"}
    assert "等待秘书处审核" in client.get(reverse("membercentre:centre")).content.decode()

    run(change, "approve", by=secretary)
    unit.refresh_from_db()
    assert unit.contact_phone == "010-88886666"


def test_rejection_needs_a_reason_and_changes_nothing(unit, secretary):
    change = ProfileChangeRequest.objects.create(
        unit=unit, requested_by=unit.account, changes={"address": "新地址"}, previous={"address": unit.address}
    )
    with pytest.raises(TransitionRefused):
        run(change, "reject", by=secretary)
    run(change, "reject", by=secretary, comment="地址与营业执照不符")
    change.refresh_from_db()
    unit.refresh_from_db()
    assert change.state == ProfileChangeState.REJECTED
    assert unit.address != "新地址"


def test_only_the_secretariat_approves(unit, other_unit):
    change = ProfileChangeRequest.objects.create(unit=unit, requested_by=unit.account, changes={"address": "新地址"})
    for user in (unit.account, other_unit.account):
        with pytest.raises(PermissionDenied):
            run(change, "approve", by=user)


def test_another_units_profile_is_404(client, unit, other_unit):
    client.force_login(other_unit.account)
    assert client.get(reverse("membercentre:profile_edit", args=[unit.pk])).status_code == 404


def test_a_second_request_waits_for_the_first(client, unit):
    client.force_login(unit.account)
    url = reverse("membercentre:profile_edit", args=[unit.pk])
    client.post(url, form_data(unit, contact_name="张老师"))
    response = client.post(url, form_data(unit, contact_name="李老师"))
    assert response.status_code == 200
    assert ProfileChangeRequest.objects.filter(unit=unit).count() == 1


def test_invalid_email_is_refused_on_the_form(client, unit):
    client.force_login(unit.account)
    response = client.post(
        reverse("membercentre:profile_edit", args=[unit.pk]), form_data(unit, contact_email="not-an-address")
    )
    assert response.status_code == 200
    assert "not-an-address" in response.content.decode()
    assert not ProfileChangeRequest.objects.filter(unit=unit).exists()


def test_admin_inspect_shows_the_change_and_the_comment_audience(client, unit, secretary):
    change = ProfileChangeRequest.objects.create(
        unit=unit, requested_by=unit.account, changes={"address": "新地址"}, previous={"address": unit.address}
    )
    client.force_login(secretary)
    html = client.get(reverse("membercentre_profile_changes:inspect", args=[change.pk])).content.decode()
    assert "新地址" in html
    assert "会员单位将在其办理进度页看到此意见" in html
