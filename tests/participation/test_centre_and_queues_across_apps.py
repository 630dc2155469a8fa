"""The member centre and the staff work queues reach every app: a unit sees its event registrations
and its ballots, meetings and nominations; the secretariat's dashboard lists what governance and
events wait for; a council account sees the ballots its unit has not voted in. And a unit that
leaves takes the members role from every account acting for it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import roles
from events import services as event_services
from governance import services as governance_services
from governance.models import Body, Meeting, MeetingKind
from membercentre.queues import work_for
from membership.actions import end_members_access
from membership.models import Membership, Standing
from tests.events.factories import EventPageFactory, answers
from tests.factories import user_with_role
from tests.governance.factories import colleague, council_seat, member_unit, open_ballot, setup_roles
from workflows.actions import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(db):
    setup_roles()
    return user_with_role("cq_secretariat", roles.SECRETARIAT)


@pytest.fixture(autouse=True)
def only_our_units(db):
    """Whatever memberships the database holds before the test have no vote here."""
    Membership.objects.update(state=Standing.LEFT)


def centre(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("membercentre:centre"))
    assert response.status_code == 200
    return response.content.decode()


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def counts(user) -> dict[str, int]:
    return {view.queue.key: view.count for view in work_for(user)}


def test_the_centre_lists_the_units_registrations_and_governance(client, site, secretariat):
    unit = member_unit()
    event = EventPageFactory(title="职业教育数字化研讨会")
    event_services.register(event=event, user=unit.account, answers=answers())
    ballot = open_ballot(secretariat)
    html = centre(client, unit.account)
    assert 'id="me-events"' in html and "职业教育数字化研讨会" in html
    assert 'id="me-governance"' in html and ballot.title in html and "尚未投票" in html
    assert reverse("governance:ballot", args=[ballot.public_id]) in html

    governance_services.cast(ballot=ballot, user=unit.account, choice="support")
    assert "已投票，可修改" in centre(client, unit.account)


def test_an_account_with_nothing_there_sees_neither_section(client, site, secretariat):
    open_ballot(secretariat)  # a plenary ballot: an account acting for no unit has no vote in it
    html = centre(client, user_with_role("cq_plain"))
    assert 'id="me-events"' not in html and 'id="me-governance"' not in html


def test_the_secretariat_sees_what_governance_and_events_wait_for(secretariat, site):
    assert {key: n for key, n in counts(secretariat).items() if key.startswith(("governance.", "events."))} == {
        "governance.comments_to_answer": 0,
        "governance.ballots_to_count": 0,
        "governance.meetings_to_record": 0,
        "governance.elections_to_move": 0,
        "events.check_in": 0,
    }
    ballot = open_ballot(secretariat)
    type(ballot).objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    now = timezone.now()
    Meeting.objects.create(
        title="年度理事会",
        kind=MeetingKind.ANNUAL_COUNCIL,
        body=Body.COUNCIL,
        state="invited",
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(hours=1),
        rsvp_deadline=now - datetime.timedelta(days=2),
    )
    EventPageFactory(start=now + datetime.timedelta(hours=20))
    found = counts(secretariat)
    assert found["governance.ballots_to_count"] == 1
    assert found["governance.meetings_to_record"] == 1
    assert found["events.check_in"] == 1


def test_a_council_account_sees_the_ballots_its_unit_has_not_voted_in(secretariat):
    unit = member_unit()
    council_seat(unit)
    unit.account.groups.add(roles.group(roles.COUNCIL))
    ballot = open_ballot(secretariat, body=Body.COUNCIL)
    assert counts(unit.account)["governance.ballots_to_cast"] == 1
    governance_services.cast(ballot=ballot, user=unit.account, choice="support")
    assert counts(unit.account)["governance.ballots_to_cast"] == 0


def test_a_unit_that_leaves_takes_the_members_role_from_its_colleagues(secretariat):
    unit = member_unit()
    helper = colleague(unit)
    also_elsewhere = colleague(unit)
    other = member_unit()
    colleague_of_other = other.accounts.create(user=also_elsewhere)
    assert colleague_of_other.pk
    membership = Membership.objects.get(unit=unit)
    Membership.objects.filter(pk=membership.pk).update(state=Standing.LEFT)

    end_members_access(unit)

    assert not fresh(unit.account).groups.filter(role__code=roles.MEMBERS).exists()
    assert not fresh(helper).groups.filter(role__code=roles.MEMBERS).exists()
    assert (
        fresh(also_elsewhere).groups.filter(role__code=roles.MEMBERS).exists()
    )  # still acts for a unit on the register
    assert fresh(other.account).groups.filter(role__code=roles.MEMBERS).exists()


def test_the_last_step_of_leaving_ends_the_colleagues_access(client, secretariat):
    from tests.factories.files import pdf_upload

    unit = member_unit()
    helper = colleague(unit)
    membership = Membership.objects.get(unit=unit)
    run(membership, "notify_withdrawal", by=unit.account, files=[pdf_upload("退会通知.pdf")], confirmed=True)
    run(membership, "confirm_certificate_returned", by=secretariat)
    assert not fresh(helper).groups.filter(role__code=roles.MEMBERS).exists()
