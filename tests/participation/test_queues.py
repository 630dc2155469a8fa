"""Each role's admin dashboard opens on what waits for it, with counts; the menu shows the total;
the daily digest mails the same list to those who opted in."""

import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from core import roles
from expertpool.actions import SELECTION
from expertpool.models import CandidateState
from membercentre.models import ProfileChangeRequest, QueueDigestSubscription
from membercentre.queues import Queue, queues_for, register_queue, work_for
from membership.actions import DISCUSSION
from membership.models import ApplicationState, MembershipApplication
from resources.models import ResourceImport
from tests.participation.factories import (
    MajorFactory,
    MemberUnitFactory,
    UserFactory,
    contribution_with_file,
    expert,
)
from workflows.actions import run

pytestmark = pytest.mark.django_db

#: Which queues each role sees.
EXPECTED = {
    roles.SECRETARIAT: {
        "membership.to_check",
        "membership.discussions_to_close",
        "membership.to_certify",
        "membership.leaving",
        "expertpool.to_check",
        "expertpool.selection_to_close",
        "membercentre.contributions",
        "membercentre.profile_changes",
        "resources.imports",
        "resources.majors_to_confirm",
        "governance.comments_to_answer",
        "governance.ballots_to_count",
        "governance.meetings_to_record",
        "governance.elections_to_move",
        "events.check_in",
    },
    roles.COUNCIL: {"membership.to_vote", "governance.ballots_to_cast"},
    roles.CHAIR: {"membership.to_decide", "governance.ballots_to_cast"},
    roles.EXPERT_COMMITTEE: {"expertpool.to_vote"},
    roles.EDITORS: {"resources.imports"},
    roles.MODERATORS: set(),
    roles.MEMBERS: set(),
}


def dashboard_counts(client, user) -> dict[str, int]:
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    rows = re.findall(r'data-queue="([^"]+)".*?data-count="(\d+)"', html, re.S)
    return {key: int(count) for key, count in rows}


def application(state):
    unit = MemberUnitFactory(active=False)
    return MembershipApplication.objects.create(unit=unit, applicant=unit.account, state=state)


def add_one_of_each(site_pages):
    """One new item in every queue."""
    application(ApplicationState.SUBMITTED)
    application(ApplicationState.IN_DISCUSSION)
    application(ApplicationState.IN_REVIEW)
    application(ApplicationState.APPROVED)
    from membership.models import Membership, Standing

    leaving = application(ApplicationState.CERTIFIED)
    Membership.objects.create(unit=leaving.unit, application=leaving, state=Standing.LEAVING)
    major = MajorFactory()
    expert(major, name="待审专家", state=CandidateState.SUBMITTED)
    expert(major, name="遴选专家", state=CandidateState.IN_SELECTION)
    contribution = contribution_with_file()
    run(contribution, "submit", by=contribution.unit.account)
    ProfileChangeRequest.objects.create(
        unit=contribution.unit, requested_by=contribution.unit.account, changes={"address": "新"}
    )
    ResourceImport.objects.create(original_name="导入.xlsx", file_format="xlsx", publish=False, status="failed")
    from resources.models import MajorToConfirm

    MajorToConfirm.objects.create(major=MajorFactory(), source="导入.xlsx")
    add_one_governance_and_event_item()


#: Queues of what waits for the unit an account votes for, not for a role: a bare role account acts
#: for no unit (tests/participation/test_centre_and_queues_across_apps.py counts them for a unit).
PER_UNIT = {"governance.ballots_to_cast"}


def add_one_governance_and_event_item():
    import datetime

    from django.utils import timezone

    from governance import services as governance_services
    from governance.models import Ballot, Body, ElectionState, Meeting, MeetingKind, MeetingState
    from tests.events.factories import EventPageFactory
    from tests.governance import factories as gov

    secretariat = UserFactory(roles=[roles.SECRETARIAT])
    unit = gov.member_unit()
    motion = gov.motion(secretariat)
    run(motion, "start_consultation", by=secretariat)
    motion.refresh_from_db()
    governance_services.comment_create(motion=motion, user=unit.account, text="建议补充实施细则。")
    ballot = gov.open_ballot(secretariat)
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    now = timezone.now()
    Meeting.objects.create(
        title="年度理事会",
        kind=MeetingKind.ANNUAL_COUNCIL,
        body=Body.COUNCIL,
        state=MeetingState.HELD,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now - datetime.timedelta(days=1, hours=-2),
        rsvp_deadline=now - datetime.timedelta(days=3),
    )
    election = gov.election(secretariat)
    type(election).objects.filter(pk=election.pk).update(state=ElectionState.COUNTED)
    EventPageFactory(start=now + datetime.timedelta(hours=20))


@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_role_sees_its_queues_and_their_counts(client, site_pages, code):
    user = UserFactory(roles=[code])
    assert {q.key for q in queues_for(user)} == EXPECTED[code]
    if code == roles.MEMBERS:
        return  # members have no admin dashboard
    before = dashboard_counts(client, user)
    assert set(before) == EXPECTED[code]
    add_one_of_each(site_pages)
    after = dashboard_counts(client, user)
    for key in EXPECTED[code] - PER_UNIT:
        assert after[key] == before[key] + 1, key


def test_a_vote_cast_leaves_the_voters_queue(client, site_pages):
    council_member = UserFactory(roles=[roles.COUNCIL])
    pending = application(ApplicationState.IN_DISCUSSION)
    before = dashboard_counts(client, council_member)["membership.to_vote"]
    DISCUSSION.cast(pending, voter=council_member, choice="support")
    assert dashboard_counts(client, council_member)["membership.to_vote"] == before - 1


def test_expert_committee_vote_leaves_its_queue(client, site_pages):
    member = UserFactory(roles=[roles.EXPERT_COMMITTEE])
    candidate = expert(MajorFactory(), state=CandidateState.IN_SELECTION)
    before = dashboard_counts(client, member)["expertpool.to_vote"]
    SELECTION.cast(candidate, voter=member, choice="support")
    assert dashboard_counts(client, member)["expertpool.to_vote"] == before - 1


def test_queue_entries_link_to_the_items(client, site_pages):
    secretary = UserFactory(roles=[roles.SECRETARIAT])
    contribution = contribution_with_file()
    run(contribution, "submit", by=contribution.unit.account)
    client.force_login(secretary)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    url = reverse("membercentre_contributions:inspect", args=[contribution.pk])
    assert url in html or contribution.title in html  # the oldest five are listed by name
    inspect = client.get(url)
    assert inspect.status_code == 200
    assert "投稿单位（及评审专家）将在其办理进度页看到此意见" in inspect.content.decode()


def test_the_menu_shows_the_total(client, site_pages):
    chair = UserFactory(roles=[roles.CHAIR])
    application(ApplicationState.IN_REVIEW)
    total = sum(view.count for view in work_for(chair))
    client.force_login(chair)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = json.loads(
        re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    labels = re.findall(r'"name": "work-queues", "label": "([^"]*)"', json.dumps(props, ensure_ascii=False))
    assert labels == [f"我的待办（{total}）"]


def test_an_app_can_add_its_own_queue(site_pages):
    from membercentre import queues

    council_member = UserFactory(roles=[roles.COUNCIL])
    register_queue(
        Queue(
            key="test.ballots",
            label="待投票的表决",
            roles=(roles.COUNCIL,),
            items=lambda user: MembershipApplication.objects.none(),
            url=lambda obj: "/",
        )
    )
    try:
        assert "test.ballots" in {q.key for q in queues_for(council_member)}
    finally:
        queues._queues.pop("test.ballots")


def test_daily_digest_goes_only_to_those_who_opted_in(site_pages, client, django_capture_on_commit_callbacks):
    chair = UserFactory(roles=[roles.CHAIR])
    other_chair = UserFactory(roles=[roles.CHAIR])
    application(ApplicationState.IN_REVIEW)
    client.force_login(chair)
    client.post(reverse("membercentre_digest"), {"enabled": "on"})
    assert QueueDigestSubscription.objects.get(user=chair).enabled
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # sent through the outbox after the commit
        call_command("send_queue_digest", stdout=__import__("io").StringIO())
    recipients = [m.to[0] for m in mail.outbox]
    assert chair.email in recipients
    assert other_chair.email not in recipients
    body = next(m.body for m in mail.outbox if m.to[0] == chair.email)
    assert "待审批的入会申请" in body
