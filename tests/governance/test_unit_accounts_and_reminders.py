"""A unit's accounts (invitation by e-mail, naming the representative), and the ballot job: a reminder
a day before close to the units that have not voted, and counting at the closing time."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance import eligibility, services
from governance.models import Ballot, BallotState, Motion, MotionState
from membership.models import UnitAccount, UnitAccountRole
from tests.factories import user_with_role
from tests.governance.factories import colleague, member_unit, open_ballot
from workflows.actions import TransitionRefused

pytestmark = pytest.mark.django_db


def test_the_contact_invites_a_colleague_and_names_the_representative(
    gov_secretariat, client, django_capture_on_commit_callbacks
):
    unit = member_unit()
    colleague_user = user_with_role("new_colleague", email="colleague@school.example.org")
    client.force_login(unit.account)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:unit_accounts"), {"action": "invite", "email": "colleague@school.example.org"})
    message = next(m for m in mail.outbox if "colleague@school.example.org" in m.to)
    link = re.search(r"/governance/unit/join/[^/\s]+/", message.body).group(0)
    client.force_login(colleague_user)
    client.post(link)
    assert UnitAccount.objects.filter(unit=unit, user=colleague_user).exists()
    assert client.get(link).status_code == 200 and "无效" in client.get(link).content.decode()  # single use
    with pytest.raises(PermissionDenied):  # only the contact manages the unit's accounts
        services.set_account_role(unit=unit, by=colleague_user, user_id=colleague_user.pk, role="representative")
    client.force_login(unit.account)
    client.post(
        reverse("governance:unit_accounts"), {"action": "role", "user": colleague_user.pk, "role": "representative"}
    )
    assert list(eligibility.voting_accounts(unit)) == [colleague_user]
    assert (
        client.post(
            reverse("governance:unit_accounts"), {"action": "role", "user": "x1", "role": "delegate"}
        ).status_code
        == 200
    )


def test_naming_a_new_representative_makes_the_old_one_a_delegate(gov_secretariat):
    unit = member_unit()
    first = colleague(unit, UnitAccountRole.REPRESENTATIVE)
    second = colleague(unit)
    services.set_account_role(unit=unit, by=unit.account, user_id=second.pk, role="representative")
    roles_now = dict(UnitAccount.objects.filter(unit=unit).values_list("user_id", "role"))
    assert roles_now == {first.pk: "delegate", second.pk: "representative"}


def test_another_units_accounts_are_not_mine(gov_secretariat, client):
    unit, other = member_unit(), member_unit()
    stranger = colleague(other)
    with pytest.raises(Exception):  # noqa: B017 — ValidationError: not one of this unit's accounts
        services.set_account_role(unit=unit, by=unit.account, user_id=stranger.pk, role="delegate")
    client.force_login(stranger)
    assert client.get(reverse("governance:unit_accounts")).status_code == 404


def test_a_reminder_a_day_before_close_goes_to_units_that_have_not_voted(
    gov_secretariat, django_capture_on_commit_callbacks
):
    voted, waiting = member_unit(), member_unit()
    ballot = open_ballot(gov_secretariat)
    services.cast(ballot=ballot, user=voted.account, choice="support")
    assert services.send_reminders() == 0  # a week to go
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() + datetime.timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 1
    reminders = [m for m in mail.outbox if "投票提醒" in m.subject]
    assert [m.to for m in reminders] == [[waiting.account.email]]
    assert services.send_reminders() == 0  # once


def test_the_job_counts_ballots_whose_time_is_up(gov_secretariat):
    unit = member_unit()
    ballot = open_ballot(gov_secretariat)
    services.cast(ballot=ballot, user=unit.account, choice="support")
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(TransitionRefused):
        services.cast(ballot=Ballot.objects.get(pk=ballot.pk), user=unit.account, choice="oppose")
    call_command("ballot_reminders", stdout=__import__("io").StringIO())
    assert Ballot.objects.get(pk=ballot.pk).state == BallotState.CLOSED
    assert Motion.objects.get(pk=ballot.motion_id).state == MotionState.PASSED
