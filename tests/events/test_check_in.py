"""Checking people in at the door: the QR code's page and the search by name, for the secretariat only."""

import pytest
from django.urls import reverse

from core import roles
from events import services
from events.models import RegistrationState
from tests.events.factories import UserFactory, answers

pytestmark = pytest.mark.django_db

S = RegistrationState


@pytest.fixture
def registration(event, person):
    return services.register(event=event, user=person, answers=answers(name="签到测试人", dietary="素食"))


def check_in_url(registration):
    return reverse("events:check_in", args=[registration.token])


def test_staff_open_the_qr_address_and_check_the_person_in(client, registration, door_staff):
    client.force_login(door_staff)
    page = client.get(check_in_url(registration)).content.decode()
    assert "签到测试人" in page and "button huge" in page
    response = client.post(check_in_url(registration), follow=True)
    assert "签到测试人 签到成功。" in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == S.ATTENDED
    assert registration.checked_in_by == door_staff and registration.checked_in_at is not None


def test_a_second_scan_says_when_the_person_came(client, registration, door_staff):
    client.force_login(door_staff)
    client.post(check_in_url(registration))
    response = client.post(check_in_url(registration), follow=True)
    assert response.status_code == 200
    assert "签到测试人 已于" in response.content.decode()


def test_a_waiting_person_cannot_be_checked_in(client, door_staff):
    from tests.events.factories import EventPageFactory

    event = EventPageFactory(capacity=1)
    services.register(event=event, user=UserFactory(), answers=answers())
    waiting = services.register(event=event, user=UserFactory(), answers=answers(name="候补者"))
    client.force_login(door_staff)
    response = client.post(check_in_url(waiting), follow=True)
    assert "仍在候补名单上" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == S.WAITLISTED


@pytest.mark.parametrize("who", ["stranger", "member", "editor", "council"])
def test_nobody_else_may_check_in(client, registration, who):
    codes = {"stranger": [], "member": [roles.MEMBERS], "editor": [roles.EDITORS], "council": [roles.COUNCIL]}[who]
    client.force_login(UserFactory(roles=codes))
    assert client.get(check_in_url(registration)).status_code == 404
    assert client.post(check_in_url(registration)).status_code == 404
    assert client.get(reverse("events:event_check_in", args=[registration.event_id])).status_code == 404
    registration.refresh_from_db()
    assert registration.state == S.REGISTERED


def test_the_registrant_scanning_their_own_code_sees_their_ticket(client, registration, person):
    client.force_login(person)
    response = client.post(check_in_url(registration))
    assert response["Location"] == reverse("events:registration_detail", args=[registration.public_id])
    registration.refresh_from_db()
    assert registration.state == S.REGISTERED


def test_an_anonymous_scan_asks_staff_to_log_in_first(client, registration):
    response = client.get(check_in_url(registration), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login") + "?next=")
    assert "签到需要工作人员账号" in response.content.decode()


def test_an_unknown_token_is_a_404(client, door_staff):
    client.force_login(door_staff)
    assert client.get(reverse("events:check_in", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("events:check_in", args=["x" * 300])).status_code == 404


def test_staff_find_a_name_and_check_in_from_the_list(client, event, registration, door_staff):
    other = services.register(event=event, user=UserFactory(), answers=answers(name="另一位", unit="别的学校"))
    client.force_login(door_staff)
    listing = reverse("events:event_check_in", args=[event.pk])
    page = client.get(listing, {"q": "签到测试"}).content.decode()
    assert "签到测试人" in page and "另一位" not in page
    response = client.post(check_in_url(registration), {"back": "list", "q": "签到测试"})
    assert response["Location"] == listing + "?q=%E7%AD%BE%E5%88%B0%E6%B5%8B%E8%AF%95"
    page = client.get(listing).content.decode()
    assert "已签到 1" in page and "未签到 1" in page
    other.refresh_from_db()
    assert other.state == S.REGISTERED


def test_a_hostile_search_is_a_page_not_a_500(client, event, door_staff):
    client.force_login(door_staff)
    listing = reverse("events:event_check_in", args=[event.pk])
    for query in ["\x00", "%", "x" * 5000, "'; drop table --"]:
        assert client.get(listing, {"q": query}).status_code == 200
    assert client.get(reverse("events:event_check_in", args=[999999])).status_code == 404
