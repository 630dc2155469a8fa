"""Capacity under concurrency: 50 people register at the same instant for the last 10 seats.

Real threads, each with its own database connection, on PostgreSQL: `events.services.register`
locks the event's row before it counts the seats, so exactly 10 get a seat and 40 wait, and the
waiting list keeps the order in which they got the lock. SQLite serialises writers instead (every
transaction begins IMMEDIATE); `test_sqlite_writers_take_the_write_lock_at_begin` keeps it so.
"""

import pytest
from django.db import connection

from events import services
from events.models import Registration, RegistrationState
from tests.events.factories import EventPageFactory, UserFactory, answers
from tests.races import at_once, on_postgres

S = RegistrationState


def race(calls):
    """Start every call at the same instant, each in its own thread and database connection."""
    outcomes, errors = at_once(calls)
    assert not errors, errors
    return outcomes


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_people_race_for_the_last_ten_seats():
    event = EventPageFactory(capacity=30)
    for n in range(20):
        services.register(event=event, user=UserFactory(), answers=answers(unit=f"先到学校{n}"))
    racers = [UserFactory() for _ in range(50)]
    calls = [
        (lambda user=user, n=n: services.register(event=event, user=user, answers=answers(unit=f"同时学校{n}")))
        for n, user in enumerate(racers)
    ]
    outcomes = race(calls)
    assert len(outcomes) == 50
    rows = Registration.objects.filter(event=event, user__in=racers)
    assert rows.filter(state=S.REGISTERED).count() == 10
    assert rows.filter(state=S.WAITLISTED).count() == 40
    assert Registration.objects.filter(event=event, state=S.REGISTERED).count() == 30
    # The waiting list's order is the order of arrival: positions 1..40, no two alike.
    positions = sorted(r.waiting_position() for r in rows.filter(state=S.WAITLISTED))
    assert positions == list(range(1, 41))


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_cancellations_and_registrations_at_once_never_overfill():
    """Seats freed and taken at the same moment: the event never holds more than its capacity and
    every free seat goes to the waiting list (one lock order: event row, then registration rows)."""
    event = EventPageFactory(capacity=5)
    holders = [UserFactory() for _ in range(5)]
    seats = [
        services.register(event=event, user=user, answers=answers(unit=f"甲{n}")) for n, user in enumerate(holders)
    ]
    for n in range(5):
        services.register(event=event, user=UserFactory(), answers=answers(unit=f"乙{n}"))
    newcomers = [UserFactory() for _ in range(10)]
    calls = [
        (lambda seat=seat, user=user: services.cancel(registration=seat, by=user))
        for seat, user in zip(seats, holders, strict=True)
    ] + [
        (lambda user=user, n=n: services.register(event=event, user=user, answers=answers(unit=f"丙{n}")))
        for n, user in enumerate(newcomers)
    ]
    race(calls)
    states = list(Registration.objects.filter(event=event).values_list("state", flat=True))
    assert states.count(S.REGISTERED) == 5
    assert states.count(S.CANCELLED) == 5
    assert states.count(S.WAITLISTED) == 10


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite path")
def test_sqlite_writers_take_the_write_lock_at_begin():
    from django.conf import settings

    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
