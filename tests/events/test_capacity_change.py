"""Raising an event's capacity promotes the waiting list, in order, up to the new free seats, with the
same mail as a promotion after a cancellation; lowering it removes nobody. Through the admin's page
editor and through any save of the event's row; on PostgreSQL, a raise racing newcomers still seats
those already waiting first."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events import services
from events.models import EventPage, Registration, RegistrationState
from tests.events.factories import EventPageFactory, UserFactory, answers
from tests.races import at_once, on_postgres
from workflows.actions import history

S = RegistrationState


def register(event, n: int):
    return services.register(event=event, user=UserFactory(), answers=answers(unit=f"学校{n}"))


def event_with_a_waiting_list(capacity: int, waiting: int):
    """`capacity` seated, then `waiting` on the list, in that order."""
    event = EventPageFactory(capacity=capacity)
    seated = [register(event, n) for n in range(capacity)]
    queue = [register(event, capacity + n) for n in range(waiting)]
    assert all(r.state == S.WAITLISTED for r in queue)
    return event, seated, queue


def states(registrations) -> list[str]:
    return [Registration.objects.get(pk=r.pk).state for r in registrations]


def edit_form(event: EventPage, **changes) -> dict:
    """The admin's edit form of the event page as it stands, with `changes`, published."""
    local = timezone.localtime
    fields = {
        "title": event.title,
        "slug": event.slug,
        "event_type": event.event_type,
        "start": local(event.start).strftime("%Y-%m-%d %H:%M"),
        "end": local(event.end).strftime("%Y-%m-%d %H:%M"),
        "location": event.location,
        "organiser": event.organiser,
        "summary": event.summary,
        "takes_registrations": "on",
        "registration_opens": local(event.registration_opens).strftime("%Y-%m-%d %H:%M"),
        "capacity": event.capacity,
        "member_priority_days": 0,
        "waiting_list": "on",
        "ask_unit": "on",
        "ask_phone": "on",
        "results_note": rich_text(""),
        "body": streamfield([]),
        "comments": inline_formset([]),
        **changes,
    }
    return {**nested_form_data(fields), "action-publish": "action-publish"}


@pytest.mark.django_db
def test_raising_the_capacity_in_the_page_editor_promotes_the_first_waiting(
    client, moderator, django_capture_on_commit_callbacks
):
    event, seated, queue = event_with_a_waiting_list(capacity=2, waiting=4)
    mail.outbox.clear()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), edit_form(event, capacity=4))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert EventPage.objects.get(pk=event.pk).capacity == 4
    assert states(seated) == [S.REGISTERED] * 2
    assert states(queue) == [S.REGISTERED, S.REGISTERED, S.WAITLISTED, S.WAITLISTED]
    assert [Registration.objects.get(pk=r.pk).waiting_position() for r in queue[2:]] == [1, 2]
    # the same mail as a promotion after a cancellation: subject, ticket and calendar file
    for promoted in queue[:2]:
        message = next(m for m in mail.outbox if m.to == [promoted.user.email])
        assert "候补转正" in message.subject
        assert {name.rsplit(".", 1)[-1] for name, _, _ in message.attachments} == {"ics", "png"}
        entry = history(promoted).get()
        assert entry.transition == "promote" and entry.actor is None
    assert not any(m.to == [r.user.email] for r in queue[2:] for m in mail.outbox)


@pytest.mark.django_db
def test_a_capacity_raised_by_any_save_promotes_and_no_limit_seats_everyone():
    event, _seated, queue = event_with_a_waiting_list(capacity=1, waiting=3)
    event.capacity = 2
    event.save()
    assert states(queue) == [S.REGISTERED, S.WAITLISTED, S.WAITLISTED]
    assert services.capacity_changed(event_id=event.pk) == []  # nothing more to do: idempotent
    event.capacity = None
    event.save_revision().publish()
    assert states(queue) == [S.REGISTERED] * 3


@pytest.mark.django_db
def test_lowering_the_capacity_removes_nobody(client, moderator):
    event, seated, queue = event_with_a_waiting_list(capacity=3, waiting=1)
    client.force_login(moderator)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), edit_form(event, capacity=1))
    assert response.status_code == 302
    assert states(seated) == [S.REGISTERED] * 3 and states(queue) == [S.WAITLISTED]
    # one cancels: still more seated than the new capacity, so the waiting person still waits
    services.cancel(registration=seated[0], by=seated[0].user)
    assert states(seated[1:]) == [S.REGISTERED] * 2 and states(queue) == [S.WAITLISTED]
    assert register(event, 99).state == S.WAITLISTED


@pytest.mark.django_db
def test_a_newcomer_never_overtakes_the_waiting_list():
    """Between a raise and its promotions (two steps) a newcomer finds the waiting seated first."""
    event, _seated, queue = event_with_a_waiting_list(capacity=1, waiting=2)
    EventPage.objects.filter(pk=event.pk).update(capacity=3)  # a write the signal does not see
    newcomer = register(event, 50)
    assert states(queue) == [S.REGISTERED, S.REGISTERED] and newcomer.state == S.WAITLISTED


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_raise_racing_newcomers_seats_the_waiting_first():
    event, seated, queue = event_with_a_waiting_list(capacity=5, waiting=5)
    newcomers = [UserFactory() for _ in range(10)]

    def raise_capacity():
        page = EventPage.objects.get(pk=event.pk)
        page.capacity = 10
        page.save_revision().publish()

    calls = [raise_capacity] + [
        (lambda user=user, n=n: services.register(event=event, user=user, answers=answers(unit=f"新来{n}")))
        for n, user in enumerate(newcomers)
    ]
    _outcomes, errors = at_once(calls)
    assert not errors, errors
    assert states(seated) == [S.REGISTERED] * 5 and states(queue) == [S.REGISTERED] * 5
    assert Registration.objects.filter(event=event, state=S.REGISTERED).count() == 10
    assert Registration.objects.filter(event=event, user__in=newcomers, state=S.WAITLISTED).count() == 10
