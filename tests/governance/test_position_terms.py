"""Term-end reminders for council positions (Art. 15), as for experts: 60 and 30 days before the
term ends, to the unit and the secretariat, each once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from core import roles
from governance.services import remind_position_terms
from tests.factories import user_with_role
from tests.governance.factories import council_seat, member_unit, setup_roles


@pytest.fixture
def position(db):
    setup_roles()
    user_with_role("term_secretariat", roles.SECRETARIAT, email="secretariat@alliance.example.cn")
    unit = member_unit()
    seat = council_seat(unit, start=datetime.date(2024, 1, 1))
    assert seat.term_end == datetime.date(2026, 12, 31)
    return seat


def sent(django_capture_on_commit_callbacks, today) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return remind_position_terms(today=today)


def test_reminders_at_sixty_and_thirty_days_each_once(position, django_capture_on_commit_callbacks):
    assert sent(django_capture_on_commit_callbacks, datetime.date(2026, 10, 1)) == 0  # 91 days before
    assert sent(django_capture_on_commit_callbacks, datetime.date(2026, 11, 1)) == 1  # 60 days
    assert sent(django_capture_on_commit_callbacks, datetime.date(2026, 11, 2)) == 0  # not again
    assert sent(django_capture_on_commit_callbacks, datetime.date(2026, 12, 1)) == 1  # 30 days
    assert sent(django_capture_on_commit_callbacks, datetime.date(2026, 12, 20)) == 0
    assert len(mail.outbox) == 2
    first = mail.outbox[0]
    assert "2026-12-31" in first.subject and position.unit.name in first.subject
    assert {position.unit.account.email, "secretariat@alliance.example.cn"} <= set(first.to)
    assert "60 天后" in first.body


def test_a_term_found_late_gets_only_the_nearer_reminder(position, django_capture_on_commit_callbacks):
    assert sent(django_capture_on_commit_callbacks, datetime.date(2026, 12, 11)) == 1  # 20 days before
    assert sent(django_capture_on_commit_callbacks, datetime.date(2026, 12, 12)) == 0
    assert len(mail.outbox) == 1 and "20 天后" in mail.outbox[0].body


def test_ended_terms_are_not_reminded_and_the_command_runs(position, capsys):
    call_command("position_term_reminders")  # today: 2026-11-25 or later, term ends 2026-12-31
    assert "reminded=" in capsys.readouterr().out
    assert remind_position_terms(today=datetime.date(2027, 1, 5)) == 0
