"""Who votes, one vote per unit, quorum and threshold, a unit leaving mid-ballot."""

import pytest
from django.core.exceptions import PermissionDenied

from governance import services
from governance.models import BallotPaper, BallotParticipation, Body, GovernanceSettings, Motion, MotionState
from governance.voting import STAGE
from membership.models import Membership, Standing, UnitAccountRole
from tests.governance.factories import colleague, council_seat, member_unit, open_ballot
from workflows.actions import TransitionRefused, run

pytestmark = pytest.mark.django_db


def vote(ballot, unit_user, choice):
    return services.cast(ballot=ballot, user=unit_user, choice=choice)


def test_plenary_entitles_every_active_unit_and_nobody_else(gov_secretariat):
    active = [member_unit() for _ in range(3)]
    leaving = member_unit(state=Standing.LEAVING)
    left = member_unit(state=Standing.LEFT)
    ballot = open_ballot(gov_secretariat)
    assert STAGE.tally(ballot).entitled == 3
    for unit in active:
        vote(ballot, unit.account, "support")
    for unit in (leaving, left):
        with pytest.raises(PermissionDenied):
            vote(ballot, unit.account, "support")
    with pytest.raises(PermissionDenied):
        vote(ballot, gov_secretariat, "support")


def test_council_entitles_only_current_position_holders(gov_secretariat):
    holder, former, plain = member_unit(), member_unit(), member_unit()
    council_seat(holder)
    old = council_seat(former, start=__import__("datetime").date(2019, 1, 1))
    assert old.term_end < __import__("datetime").date.today()
    ballot = open_ballot(gov_secretariat, body=Body.COUNCIL)
    assert STAGE.tally(ballot).entitled == 1
    vote(ballot, holder.account, "support")
    for unit in (former, plain):
        with pytest.raises(PermissionDenied):
            vote(ballot, unit.account, "oppose")


def test_named_representative_votes_for_the_unit_and_the_contact_no_longer_does(gov_secretariat):
    unit = member_unit()
    representative = colleague(unit, UnitAccountRole.REPRESENTATIVE)
    delegate = colleague(unit, UnitAccountRole.DELEGATE)
    plain = colleague(unit)
    ballot = open_ballot(gov_secretariat)
    vote(ballot, representative, "support")
    vote(ballot, delegate, "oppose")  # the same unit's vote, changed
    with pytest.raises(PermissionDenied):
        vote(ballot, unit.account, "support")
    with pytest.raises(PermissionDenied):
        vote(ballot, plain, "support")
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1
    assert STAGE.tally(ballot).oppose == 1 and STAGE.tally(ballot).support == 0


def test_votes_change_until_close_and_not_after(gov_secretariat):
    units = [member_unit() for _ in range(3)]
    ballot = open_ballot(gov_secretariat, secret=True)
    vote(ballot, units[0].account, "oppose")
    vote(ballot, units[0].account, "support")
    vote(ballot, units[1].account, "support")
    assert STAGE.paper_of(units[0].account, ballot).choice == "support"
    services.close_ballot(ballot=ballot, by=gov_secretariat)
    with pytest.raises(TransitionRefused):
        vote(ballot, units[2].account, "support")
    motion = Motion.objects.get(pk=ballot.motion_id)
    assert motion.state == MotionState.PASSED
    assert motion.ballot_tally["support"] == 2


@pytest.mark.parametrize(
    ("supports", "entitled", "passed"),
    [(2, 4, False), (3, 4, True), (3, 6, False), (4, 6, True), (1, 1, True), (0, 1, False)],
)
def test_exactly_half_fails(gov_secretariat, supports, entitled, passed):
    units = [member_unit() for _ in range(entitled)]
    ballot = open_ballot(gov_secretariat)
    for unit in units[:supports]:
        vote(ballot, unit.account, "support")
    for unit in units[supports:]:
        vote(ballot, unit.account, "abstain")
    services.close_ballot(ballot=ballot, by=gov_secretariat)
    motion = Motion.objects.get(pk=ballot.motion_id)
    assert motion.state == (MotionState.PASSED if passed else MotionState.FAILED)


def test_quorum_exactly_half_fails_even_if_all_present_support(gov_secretariat):
    GovernanceSettings.objects.update_or_create(pk=GovernanceSettings.load().pk, defaults={"plenary_pass_percent": 0})
    units = [member_unit() for _ in range(4)]
    ballot = open_ballot(gov_secretariat)
    for unit in units[:2]:
        vote(ballot, unit.account, "support")
    tally = STAGE.tally(ballot)
    assert not tally.quorate and not tally.passed
    vote(ballot, units[2].account, "oppose")
    assert STAGE.tally(ballot).passed  # 3 of 4 took part; 2 support > 0 %


def test_body_settings_are_per_body(gov_secretariat):
    settings = GovernanceSettings.load()
    settings.council_pass_percent = 67
    settings.save()
    units = [member_unit() for _ in range(3)]
    for unit in units:
        council_seat(unit)
    council = open_ballot(gov_secretariat, body=Body.COUNCIL)
    plenary = open_ballot(gov_secretariat)
    for unit in units[:2]:
        vote(council, unit.account, "support")
        vote(plenary, unit.account, "support")
    assert STAGE.tally(plenary).passed
    assert not STAGE.tally(council).passed  # 2 of 3 is not more than 67 %


def test_a_unit_that_leaves_mid_ballot_loses_its_vote(gov_secretariat):
    units = [member_unit() for _ in range(4)]
    ballot = open_ballot(gov_secretariat, secret=True)
    for unit in units[:3]:
        vote(ballot, unit.account, "support")
    assert STAGE.tally(ballot).support == 3
    Membership.objects.filter(unit=units[0]).update(state=Standing.LEAVING)
    tally = STAGE.tally(ballot)
    assert (tally.entitled, tally.support) == (3, 2)
    with pytest.raises(PermissionDenied):
        vote(ballot, units[0].account, "oppose")


def test_a_council_position_ending_mid_ballot_loses_the_vote(gov_secretariat):
    a, b = member_unit(), member_unit()
    seat = council_seat(a)
    council_seat(b)
    ballot = open_ballot(gov_secretariat, body=Body.COUNCIL)
    vote(ballot, a.account, "support")
    vote(ballot, b.account, "support")
    seat.term_end = __import__("datetime").date.today() - __import__("datetime").timedelta(days=1)
    seat.save()
    tally = STAGE.tally(ballot)
    assert (tally.entitled, tally.support) == (1, 1)


def test_withdrawing_a_motion_cancels_its_ballot(gov_secretariat):
    member_unit()
    ballot = open_ballot(gov_secretariat)
    run(ballot.motion, "withdraw", by=gov_secretariat, comment="撤回")
    ballot.refresh_from_db()
    assert ballot.state == "cancelled"
