"""Registering, the members' priority window, the per-unit cap, the waiting list, cancelling."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Registration, RegistrationState
from events.selectors import registrations_for
from tests.events.factories import EventPageFactory, UserFactory, answers
from workflows.actions import TransitionRefused, history

pytestmark = pytest.mark.django_db

S = RegistrationState


def register(event, user, **overrides):
    return services.register(event=event, user=user, answers=answers(**overrides))


def post_registration(client, event, **overrides):
    return client.post(reverse("events:register", args=[event.pk]), answers(**overrides))


# --- seats and the waiting list -----------------------------------------------------------------------
def test_a_full_event_puts_the_next_person_on_the_waiting_list():
    event = EventPageFactory(capacity=2)
    first, second, third = (register(event, UserFactory(), unit=f"学校{n}") for n in range(3))
    assert [first.state, second.state, third.state] == [S.REGISTERED, S.REGISTERED, S.WAITLISTED]
    assert third.waiting_position() == 1


def test_without_a_waiting_list_a_full_event_says_so(client):
    event = EventPageFactory(capacity=1, waiting_list=False)
    register(event, UserFactory())
    late = UserFactory()
    client.force_login(late)
    response = post_registration(client, event, name="迟到的人")
    assert response.status_code == 400
    page = response.content.decode()
    assert "名额已满，本活动不设候补。" in page
    assert 'value="迟到的人"' in page  # what was typed is kept
    assert not Registration.objects.filter(user=late).exists()


def test_the_visitor_sees_where_they_stand_after_registering(client, event, person):
    client.force_login(person)
    response = post_registration(client, event)
    registration = Registration.objects.get(user=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:registration_detail", args=[registration.public_id])
    page = client.get(response["Location"]).content.decode()
    assert "报名成功" in page and "已报名" in page and "<svg" in page  # the QR code of the ticket


def test_one_active_registration_per_person(client, event, person):
    register(event, person)
    with pytest.raises(TransitionRefused, match="您已报名本活动"):
        register(event, person)
    client.force_login(person)
    response = post_registration(client, event)
    assert "您已报名本活动" in response.content.decode()
    assert Registration.objects.filter(user=person).count() == 1


def test_cancelled_people_may_register_again_at_the_back_of_the_queue(event, person):
    first = register(event, person)
    services.cancel(registration=first, by=person)
    again = register(event, person)
    assert again.pk != first.pk and again.state == S.REGISTERED


# --- the members' priority window (Art. 9.3) -----------------------------------------------------------
@pytest.fixture
def priority_event(db):
    """Open to everyone tomorrow; members three days earlier, so now."""
    return EventPageFactory(registration_opens=timezone.now() + datetime.timedelta(days=1), member_priority_days=3)


def test_members_register_in_their_priority_window(priority_event, member_user):
    registration = register(priority_event, member_user)
    assert registration.state == S.REGISTERED and registration.is_member


def test_an_active_membership_counts_without_the_role(priority_event):
    from tests.events.factories import MemberUnitFactory

    unit = MemberUnitFactory()  # no members role on the account
    assert register(priority_event, unit.account).is_member


def test_others_are_told_when_they_may_register(client, priority_event, person):
    client.force_login(person)
    response = post_registration(client, priority_event, name="非会员")
    assert response.status_code == 400
    page = response.content.decode()
    assert "目前为会员单位优先报名期，其他报名者可于" in page
    assert 'value="非会员"' in page
    assert not Registration.objects.filter(event=priority_event).exists()


def test_a_former_member_is_not_a_member(priority_event):
    from tests.events.factories import MemberUnitFactory

    unit = MemberUnitFactory(active=False)
    with pytest.raises(TransitionRefused, match="会员单位优先报名期"):
        register(priority_event, unit.account)


def test_before_the_members_window_nobody_registers(member_user):
    event = EventPageFactory(registration_opens=timezone.now() + datetime.timedelta(days=5), member_priority_days=2)
    with pytest.raises(TransitionRefused, match="报名尚未开始"):
        register(event, member_user)


def test_after_the_deadline_nobody_registers(member_user):
    event = EventPageFactory(registration_deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(TransitionRefused, match="报名已截止"):
        register(event, member_user)


def test_the_event_page_shows_the_priority_window(client, priority_event):
    page = client.get(priority_event.url).content.decode()
    assert "目前为会员单位优先报名期" in page
    assert "起优先报名" in page


# --- the per-unit cap -----------------------------------------------------------------------------------
def test_a_unit_registers_no_more_than_its_cap(client):
    event = EventPageFactory(per_unit_cap=2)
    register(event, UserFactory(), unit="江苏省测试中等专业学校")
    register(event, UserFactory(), unit="江苏省测试中等专业学校")
    third = UserFactory()
    client.force_login(third)
    # The same school written with a space and full-width brackets is the same school (membership.names).
    response = post_registration(client, event, unit="江苏省 测试中等专业学校")
    assert response.status_code == 400
    assert "每个单位最多报名 2 人" in response.content.decode()
    assert not Registration.objects.filter(user=third).exists()
    assert register(event, third, unit="浙江省测试学校").state == S.REGISTERED


def test_a_cancelled_registration_frees_the_units_place():
    event = EventPageFactory(per_unit_cap=1)
    first = UserFactory()
    services.cancel(registration=register(event, first), by=first)
    assert register(event, UserFactory()).state == S.REGISTERED


# --- cancelling and the waiting list --------------------------------------------------------------------
def test_a_cancellation_promotes_the_first_waiting_person_who_is_mailed(client, django_capture_on_commit_callbacks):
    event = EventPageFactory(capacity=1)
    holder, next_in_line, after = UserFactory(), UserFactory(), UserFactory()
    seat = register(event, holder, unit="甲校")
    waiting = register(event, next_in_line, unit="乙校")
    later = register(event, after, unit="丙校")
    mail.outbox.clear()

    client.force_login(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:registration_cancel", args=[seat.public_id]))
    assert response.status_code == 302

    seat.refresh_from_db(), waiting.refresh_from_db(), later.refresh_from_db()
    assert (seat.state, waiting.state, later.state) == (S.CANCELLED, S.REGISTERED, S.WAITLISTED)
    assert later.waiting_position() == 1
    promoted_mail = next(m for m in mail.outbox if m.to == [next_in_line.email])
    assert "候补转正" in promoted_mail.subject
    assert {name.rsplit(".", 1)[-1] for name, _, _ in promoted_mail.attachments} == {"ics", "png"}
    assert [entry.transition for entry in history(waiting)] == ["promote"]
    assert history(waiting).get().actor is None  # the system, not a person
    assert any(m.to == [holder.email] and "已取消" in m.subject for m in mail.outbox)


def test_a_waiting_person_may_leave_the_list_without_promoting_anyone():
    event = EventPageFactory(capacity=1)
    register(event, UserFactory())
    leaving, staying = UserFactory(), UserFactory()
    waiting = register(event, leaving)
    behind = register(event, staying)
    services.cancel(registration=waiting, by=leaving)
    behind.refresh_from_db()
    assert behind.state == S.WAITLISTED and behind.waiting_position() == 1


def test_no_cancelling_after_the_cancel_deadline(client, person):
    event = EventPageFactory(cancel_deadline=timezone.now() + datetime.timedelta(hours=1))
    registration = register(event, person)
    EventPageFactory._meta.model.objects.filter(pk=event.pk).update(
        cancel_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(person)
    detail = reverse("events:registration_detail", args=[registration.public_id])
    assert "已过取消报名截止时间" in client.get(detail).content.decode()
    response = client.post(reverse("events:registration_cancel", args=[registration.public_id]), follow=True)
    assert response.status_code == 200
    assert "已过取消报名截止时间，如需取消请联系秘书处。" in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == S.REGISTERED


def test_the_cancel_button_is_offered_before_the_deadline(client, event, person):
    registration = register(event, person)
    client.force_login(person)
    page = client.get(reverse("events:registration_detail", args=[registration.public_id])).content.decode()
    assert reverse("events:registration_cancel", args=[registration.public_id]) in page


# --- who sees what --------------------------------------------------------------------------------------
def test_another_users_registration_is_not_found(client, event, person):
    registration = register(event, person)
    client.force_login(UserFactory())
    for name in ("registration_detail", "registration_calendar"):
        assert client.get(reverse(f"events:{name}", args=[registration.public_id])).status_code == 404
    assert client.post(reverse("events:registration_cancel", args=[registration.public_id])).status_code == 404
    registration.refresh_from_db()
    assert registration.state == S.REGISTERED


def test_my_registrations_lists_only_mine(client, event, person):
    mine = register(event, person)
    other_event = EventPageFactory(title="别人的活动")
    register(other_event, UserFactory())
    assert list(registrations_for(person)) == [mine]
    client.force_login(person)
    page = client.get(reverse("events:my_registrations")).content.decode()
    assert event.title in page and "别人的活动" not in page


def test_an_anonymous_visitor_is_sent_to_log_in_with_a_reason(client, event):
    response = client.get(reverse("events:register", args=[event.pk]), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login") + "?next=")
    assert "报名活动需要先登录" in response.content.decode()
    assert client.get(reverse("events:my_registrations")).status_code == 302


def test_the_event_page_offers_registration_to_everyone(client, event):
    page = client.get(event.url).content.decode()
    assert reverse("events:register", args=[event.pk]) in page
    assert "剩余 10 个" in page


def test_an_event_registering_elsewhere_keeps_its_link(client):
    event = EventPageFactory(takes_registrations=False, registration_url="https://example.org/baoming")
    page = client.get(event.url).content.decode()
    assert 'href="https://example.org/baoming"' in page
    response = client.get(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302 and response["Location"] == event.url


def test_an_unpublished_event_takes_no_registration(client, person):
    event = EventPageFactory()
    event.unpublish()
    client.force_login(person)
    assert client.get(reverse("events:register", args=[event.pk])).status_code == 404


# --- bad input ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "电话号码", "请填写有效的电话号码"),
        ("name", "", "必需字段"),
        ("name", "张\n三", "此项只能填写一行文字"),
        ("unit", "x" * 500, "不超过 120 字符"),
        ("phone", "", "必需字段"),
    ],
)
def test_bad_answers_get_a_message_and_keep_the_rest(client, event, person, field, value, message):
    client.force_login(person)
    response = post_registration(client, event, **{field: value, "dietary": "素食"})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "13800001111" in page or field == "phone"
    assert not Registration.objects.filter(event=event).exists()


def test_questions_the_event_does_not_ask_are_ignored(event, person):
    registration = register(event, person, title="校长", dietary="素食")
    assert registration.title == "" and registration.dietary == ""


def test_a_missing_event_is_a_404(client, person):
    client.force_login(person)
    assert client.get("/events/999999/register/").status_code == 404


def test_cancelling_asks_first_and_says_the_seat_goes_to_the_next_person(client, event, person):
    registration = register(event, person)
    client.force_login(person)
    url = reverse("events:registration_cancel", args=[registration.public_id])
    page = client.get(url).content.decode()
    assert "确认取消报名" in page and "名额将让给候补名单上的下一位" in page
    registration.refresh_from_db()
    assert registration.state == S.REGISTERED  # opening the page cancels nothing
    client.post(url)
    registration.refresh_from_db()
    assert registration.state == S.CANCELLED


def test_a_non_member_is_told_about_the_members_window_before_filling_in_the_form(client):
    now = timezone.now()
    event = EventPageFactory(registration_opens=now + datetime.timedelta(days=2), member_priority_days=3)
    client.force_login(UserFactory())
    response = client.get(reverse("events:register", args=[event.pk]), follow=True)
    page = response.content.decode()
    assert "会员单位优先报名期" in page and 'name="name"' not in page
