"""Governance declared to the workflow engine: each transition's action (where it is offered, who hears
of it, its side effects) and the ballots' voting stage (governance.voting.STAGE)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from membership.models import CouncilPosition, Position
from workflows.actions import Notice, TransitionAction, declare, holders_of, registry, run

from . import eligibility
from .models import (
    KIND_BODY,
    Ballot,
    BallotState,
    Body,
    Election,
    Invitation,
    Meeting,
    Motion,
)
from .voting import STAGE, fill_seats


# --- who hears of what ----------------------------------------------------------------------------
def _electorate_of(body_of):
    return lambda obj: eligibility.voting_emails(eligibility.entitled_units(body_of(obj)))


def _members(obj) -> list[str]:
    return eligibility.voting_emails(eligibility.active_units())


def _invited(meeting) -> list[str]:
    return eligibility.voting_emails(unit for unit in (i.unit for i in meeting.invitations.select_related("unit")))


SECRETARIAT = holders_of(roles.SECRETARIAT)


def notice(to, template: str, subject, context_name: str) -> Notice:
    return Notice(to=to, template=f"governance/mail/{template}.txt", subject=subject, context_name=context_name)


# --- meetings -------------------------------------------------------------------------------------
def meeting_body(meeting) -> str:
    return KIND_BODY.get(meeting.kind, meeting.body)


@registry.register
class SendInvitations(TransitionAction):
    """Every unit entitled in the meeting's body now is invited; its voting accounts are mailed."""

    model = Meeting
    transition = "send_invitations"
    notices = (
        notice(_invited, "meeting_invitation", lambda m: _("会议通知：%(title)s") % {"title": m.title}, "meeting"),
    )

    def after(self, meeting, comment):
        for unit in eligibility.entitled_units(meeting_body(meeting)):
            Invitation.objects.get_or_create(meeting=meeting, unit=unit)


declare(Meeting, "mark_held")
declare(
    Meeting,
    "publish_minutes",
    notices=(notice(_invited, "minutes", lambda m: _("会议纪要已发布：%(title)s") % {"title": m.title}, "meeting"),),
)
declare(
    Meeting,
    "cancel",
    notices=(
        notice(_invited, "meeting_cancelled", lambda m: _("会议取消：%(title)s") % {"title": m.title}, "meeting"),
    ),
)


# --- ballots --------------------------------------------------------------------------------------
class OpensBallot(TransitionAction):
    """The step that puts a motion or an election to the vote also opens its ballot. Offered through
    the admin's ballot form (secret or named, closing time), not as a plain button."""

    offered_on = frozenset()
    ballot_body = Body.PLENARY

    def ballot_fields(self, subject) -> dict:
        raise NotImplementedError

    def after(self, subject, comment):
        options = getattr(subject, "ballot_options", {})
        closes_at = options.get("closes_at")
        if closes_at is None or closes_at <= timezone.now():
            raise ValidationError({"closes_at": _("截止时间须晚于现在。")})
        Ballot.objects.create(
            secret=bool(options.get("secret")),
            closes_at=closes_at,
            opened_at=timezone.now(),
            **self.ballot_fields(subject),
        )


def _ballot_opened_subject(subject) -> str:
    return _("投票开始：%(title)s") % {"title": subject.title}


@registry.register
class OpenMotionVoting(OpensBallot):
    model = Motion
    transition = "open_voting"
    notices = (notice(_electorate_of(lambda m: m.body), "ballot_opened", _ballot_opened_subject, "subject"),)

    def ballot_fields(self, motion) -> dict:
        return {"motion": motion, "body": motion.body, "title": motion.title}


@registry.register
class OpenElectionVoting(OpensBallot):
    model = Election
    transition = "open_voting"
    notices = (notice(_electorate_of(lambda e: Body.PLENARY), "ballot_opened", _ballot_opened_subject, "subject"),)

    def ballot_fields(self, election) -> dict:
        return {"election": election, "body": Body.PLENARY, "title": election.title}


@registry.register
class CloseBallot(TransitionAction):
    """Closing counts (the stage records the result first), then decides the motion or counts the election."""

    model = Ballot
    transition = "close"
    stage = STAGE
    notices = (
        notice(
            lambda b: [*_electorate_of(lambda x: x.body)(b), *SECRETARIAT(b)],
            "ballot_closed",
            lambda b: _("投票结果：%(title)s") % {"title": b.title},
            "ballot",
        ),
    )

    def after(self, ballot, comment):
        if ballot.motion_id:
            Motion.objects.filter(pk=ballot.motion_id).update(ballot_tally=ballot.result)
            motion = Motion.objects.get(pk=ballot.motion_id)
            run(motion, "pass_motion" if ballot.result.get("passed") else "fail_motion", by=self.user, comment=comment)
        else:
            election = Election.objects.get(pk=ballot.election_id)
            quorate = ballot.result.get("quorate")
            for position in election.positions.all():
                counts = {
                    int(k): v for k, v in ballot.result["positions"].get(str(position.pk), {}).get("counts", {}).items()
                }
                elected, tied, open_seats = fill_seats(counts, position.seats) if quorate else ([], [], 0)
                position.result = {"counts": counts, "elected": elected, "tied": tied, "open_seats": open_seats}
                position.decided = []
                position.save(update_fields=["result", "decided"])
            run(election, "count", by=self.user, comment=ballot.summary)


declare(Ballot, "cancel")


# --- motions --------------------------------------------------------------------------------------
declare(
    Motion,
    "start_consultation",
    notices=(notice(_members, "consultation", lambda m: _("征求意见：%(title)s") % {"title": m.title}, "motion"),),
)
declare(Motion, "finalise")
declare(Motion, "pass_motion", offered_on=())
declare(Motion, "fail_motion", offered_on=())


@registry.register
class PutInForce(TransitionAction):
    """An adopted charter amendment becomes the charter in force and is published through the CMS."""

    model = Motion
    transition = "put_in_force"
    notices = (
        notice(_members, "charter_in_force", lambda m: _("新版条例施行：%(title)s") % {"title": m.title}, "motion"),
    )

    def after(self, motion, comment):
        from .charter import adopt

        adopt(motion, by=self.user)


@registry.register
class WithdrawMotion(TransitionAction):
    model = Motion
    transition = "withdraw"

    def after(self, motion, comment):
        for ballot in Ballot.objects.filter(motion=motion, state=BallotState.OPEN):
            run(ballot, "cancel", by=self.user, comment=comment)


# --- elections ------------------------------------------------------------------------------------
declare(
    Election,
    "open_nominations",
    notices=(notice(_members, "nominations", lambda e: _("选举提名开始：%(title)s") % {"title": e.title}, "election"),),
)
declare(Election, "count", offered_on=())


@registry.register
class InstallElection(TransitionAction):
    """The elected units take up their council posts for the election's term (Art. 15: 3 years);
    current council positions are what gives council voting rights."""

    model = Election
    transition = "install"

    def after(self, election, comment):
        for position in election.positions.all():
            if position.post not in Position.values:
                continue  # expert committee posts are recorded on the election, not as council positions
            for nomination in position.nominations.filter(pk__in=position.elected_ids()).select_related("nominee"):
                seat = CouncilPosition(
                    unit=nomination.nominee,
                    position=position.post,
                    holder_name=nomination.nominee.representative,
                    term_start=election.term_start,
                    term_end=election.term_end,
                )
                seat.full_clean()
                seat.save()


@registry.register
class CancelElection(TransitionAction):
    model = Election
    transition = "cancel"

    def after(self, election, comment):
        for ballot in Ballot.objects.filter(election=election, state=BallotState.OPEN):
            run(ballot, "cancel", by=self.user, comment=comment)
