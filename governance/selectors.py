"""Reads that depend on who asks. The member centre links these lists in:

meetings_for(user)       the meetings the user's units are invited to (newest first)
ballots_for(user)        open ballots the user may cast a unit's vote in, then closed ones
motions_in_consultation(user)
nominations_for(user)    nominations awaiting this user's unit's consent, and open elections
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from core import roles

from . import eligibility
from .models import (
    MOTION_MEMBER_STATES,
    MOTION_PUBLIC_STATES,
    Ballot,
    BallotParticipation,
    BallotState,
    Consent,
    Election,
    ElectionState,
    Meeting,
    MeetingState,
    Motion,
    MotionState,
    Nomination,
)

STAFF = (roles.SECRETARIAT, roles.CHAIR, roles.COUNCIL)


def is_member(user) -> bool:
    """Who reads members' governance pages: the house rule (the members role and every staff role,
    core.roles.can_view_members_content). Voting, answering and commenting ask live data instead."""
    return roles.can_view_members_content(user)


def is_staff(user) -> bool:
    return roles.has_role(user, *STAFF)


# --- meetings -------------------------------------------------------------------------------------
def meetings_for(user) -> QuerySet[Meeting]:
    visible = Meeting.objects.exclude(state=MeetingState.DRAFT)
    if is_staff(user):
        return visible.order_by("-starts_at")
    return visible.filter(invitations__unit__in=eligibility.units_acting_for(user)).distinct().order_by("-starts_at")


def meeting_for(user, public_id) -> Meeting:
    try:
        return meetings_for(user).get(public_id=public_id)
    except (Meeting.DoesNotExist, ValueError) as error:
        raise Http404(gettext("会议不存在")) from error


def years_without_annual_council_meeting(first_year: int | None = None, today=None) -> list[int]:
    """Art. 17: a council meeting at least once a year. Past years (and this one, once it has ended)
    with no annual council meeting held."""
    from .models import MeetingKind

    today = today or timezone.localdate()
    held = set(
        Meeting.objects.filter(
            kind=MeetingKind.ANNUAL_COUNCIL, state__in=[MeetingState.HELD, MeetingState.MINUTES_PUBLISHED]
        ).values_list("starts_at__year", flat=True)
    )
    if first_year is None:
        from membership.models import Membership

        first = Membership.objects.order_by("joined_on").values_list("joined_on", flat=True).first()
        first_year = first.year if first else today.year
    return [year for year in range(first_year, today.year) if year not in held]


# --- motions --------------------------------------------------------------------------------------
def motions_visible_to(user) -> QuerySet[Motion]:
    if is_staff(user):
        return Motion.objects.all()
    if is_member(user):
        return Motion.objects.filter(state__in=MOTION_MEMBER_STATES)
    return Motion.objects.filter(state__in=MOTION_PUBLIC_STATES)


def motion_for(user, public_id) -> Motion:
    try:
        return motions_visible_to(user).get(public_id=public_id)
    except (Motion.DoesNotExist, ValueError) as error:
        raise Http404(gettext("议案不存在")) from error


def motions_in_consultation(user) -> QuerySet[Motion]:
    if not is_member(user):
        return Motion.objects.none()
    return Motion.objects.filter(state=MotionState.CONSULTATION).order_by("consultation_ends_on")


# --- ballots --------------------------------------------------------------------------------------
def ballots_visible_to(user) -> QuerySet[Ballot]:
    if is_staff(user) or is_member(user):
        return Ballot.objects.exclude(state=BallotState.CANCELLED).select_related("motion", "election")
    return Ballot.objects.none()


def ballot_for(user, public_id) -> Ballot:
    try:
        return ballots_visible_to(user).get(public_id=public_id)
    except (Ballot.DoesNotExist, ValueError) as error:
        raise Http404(gettext("投票不存在")) from error


def ballots_for(user) -> list[dict]:
    """Open ballots this account casts a unit's vote in (has it voted yet?), then the latest results."""
    rows = []
    for ballot in Ballot.objects.filter(state=BallotState.OPEN).order_by("closes_at"):
        unit = eligibility.entitled_unit_for(user, ballot.body)
        if unit is None:
            continue
        voted = BallotParticipation.objects.filter(ballot=ballot, unit=unit).exists()
        rows.append({"ballot": ballot, "unit": unit, "voted": voted})
    return rows


def recent_results(user, limit: int = 10) -> QuerySet[Ballot]:
    return ballots_visible_to(user).filter(state=BallotState.CLOSED).order_by("-closes_at")[:limit]


def participation(ballot: Ballot) -> QuerySet[BallotParticipation]:
    """Who has voted (never what)."""
    return BallotParticipation.objects.filter(ballot=ballot).select_related("unit", "cast_by")


# --- elections ------------------------------------------------------------------------------------
def elections_visible_to(user) -> QuerySet[Election]:
    if not (is_staff(user) or is_member(user)):
        return Election.objects.none()
    return Election.objects.exclude(state__in=[ElectionState.DRAFT, ElectionState.CANCELLED])


def election_for(user, public_id) -> Election:
    try:
        return elections_visible_to(user).get(public_id=public_id)
    except (Election.DoesNotExist, ValueError) as error:
        raise Http404(gettext("选举不存在")) from error


def nominations_for(user) -> dict:
    """Nominations awaiting the consent of a unit this account votes for, and elections open for nominations."""
    units = eligibility.units_voting_by(user)
    return {
        "awaiting_consent": Nomination.objects.filter(
            nominee__in=units, consent=Consent.PENDING, position__election__state=ElectionState.NOMINATING
        ).select_related("position__election", "nominated_by"),
        "open_elections": Election.objects.filter(state=ElectionState.NOMINATING)
        if is_member(user)
        else Election.objects.none(),
    }


def own_nominations_filter(user) -> Q:
    units = eligibility.units_voting_by(user)
    return Q(nominee__in=units) | Q(nominated_by__in=units)
