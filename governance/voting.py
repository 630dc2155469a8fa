"""Ballots on the workflow engine's voting stage, with secret ballots.

The engine's `workflows.Vote` row names its voter, which a secret ballot must not do, so a ballot's
stage (`BallotStage`, a `VotingStage`) keeps two records instead:

- `BallotPaper`: what was voted. In a secret ballot it carries no voter, no account and no time; it
  is found again only by its receipt, `HMAC(key, "<ballot id>:<voter key>")`, where the key is derived
  from `GOVERNANCE_BALLOT_KEY` (by default from SECRET_KEY). The voter's next visit recomputes the
  receipt, so a vote can be changed until the ballot closes, and two accounts of one unit find (and
  replace) the same paper: one vote per unit.
- `BallotParticipation`: who has voted (unit, account, first time), never what.

Counting needs to know which papers still count (a unit that left mid-ballot loses its vote), so the
count recomputes the receipts of those entitled now and counts the papers among them, in aggregate.

The trade-off, in docs/governance.md: whoever holds both the database and the ballot key can
recompute every unit's receipt and so link papers to units; no screen, export or API of the site can.
Keep `GOVERNANCE_BALLOT_KEY` out of the database host to raise that bar. A receipt held only by the
voter (a random token in their browser) would close this gap but make a vote impossible to change
from another device or account of the unit, which the charter's one vote per unit needs.
"""

import hashlib
import hmac
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.actions import TransitionRefused, fsm_transitions, registry
from workflows.decisions import Tally
from workflows.models import VoteChoice
from workflows.voting import VotingStage, voter_key

from . import eligibility
from .models import Ballot, BallotPaper, BallotParticipation, BallotState, GovernanceSettings, Nomination


def _ballot_key() -> bytes:
    configured = getattr(settings, "GOVERNANCE_BALLOT_KEY", "")
    base = configured or f"governance.ballot-receipt:{settings.SECRET_KEY}"
    return hashlib.sha256(base.encode()).digest()


def receipt(ballot_pk: int, key: str) -> str:
    """The keyed hash a voter's paper is filed under."""
    return hmac.new(_ballot_key(), f"{ballot_pk}:{key}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ElectionCount:
    """An election's count: turnout (quorum over those entitled) and, per post, votes per candidate."""

    entitled: int
    cast: int
    quorum_percent: int
    positions: dict = field(default_factory=dict)

    @property
    def quorate(self) -> bool:
        return self.entitled > 0 and self.cast * 100 > self.entitled * self.quorum_percent

    #: VotingStage.close asks whether it passed; an election closes by counting either way.
    passed = quorate

    @property
    def summary(self) -> str:
        head = _("应投票 %(entitled)s 个单位，实投 %(cast)s 票") % {"entitled": self.entitled, "cast": self.cast}
        return head + ("；" + (_("达到法定人数") if self.quorate else _("未达法定人数，选举无效")))

    def as_dict(self) -> dict:
        return {**asdict(self), "quorate": self.quorate, "summary": self.summary}


def fill_seats(counts: dict[int, int], seats: int) -> tuple[list[int], list[int], int]:
    """Seats go to the most votes (at least one). A tie across the last seat is reported, not drawn:
    (elected, tied, seats left for a decision among the tied)."""
    ranked = sorted(((n, pk) for pk, n in counts.items() if n > 0), key=lambda item: -item[0])
    if len(ranked) <= seats:
        return [pk for _, pk in ranked], [], 0
    boundary = ranked[seats - 1][0]
    above = [pk for n, pk in ranked if n > boundary]
    at = [pk for n, pk in ranked if n == boundary]
    if len(above) + len(at) <= seats:
        return above + at, [], 0
    return above, at, seats - len(above)


class BallotStage(VotingStage):
    """The engine's voting stage for `Ballot`: electorate by body, one paper per unit, secrecy."""

    # --- who --------------------------------------------------------------------------------------
    def electorate_units(self, ballot):
        return eligibility.entitled_units(ballot.body)

    def voter_unit(self, user, ballot):
        return eligibility.entitled_unit_for(user, ballot.body)

    def may_vote(self, user, subject) -> bool:
        """Units vote on the site (governance.views.ballot); the admin shows no vote form."""
        return False

    def may_cast(self, user, ballot) -> bool:
        return self.is_open(ballot) and self.voter_unit(user, ballot) is not None

    def votes(self, subject):
        """Nothing for the admin's list of votes: who voted what is never listed there."""
        return []

    # --- cast -------------------------------------------------------------------------------------
    @transaction.atomic
    def cast(self, subject, *, voter, choice: str = "", comment: str = "", selections: dict | None = None):
        """Record or change this unit's vote while the ballot is open. The ballot row is locked, so
        two accounts of one unit voting at once leave one paper, and no vote slips in at the close."""
        locked = Ballot.objects.select_for_update().get(pk=subject.pk)
        if not self.is_open(locked) or timezone.now() >= locked.closes_at:
            raise TransitionRefused(str(self.closed_message))
        unit = self.voter_unit(voter, locked)
        if unit is None:
            raise PermissionDenied(str(self.not_entitled_message))
        values = {"choice": "", "selections": {}}
        if locked.is_election:
            values["selections"] = clean_selections(locked, selections or {})
        else:
            if choice not in VoteChoice.values:
                raise ValidationError(_("请选择赞成、反对或弃权。"), code="invalid_choice")
            values["choice"] = choice
        key = voter_key(unit)
        if not locked.secret:
            values.update(voter_key=key, cast_by=voter)
        paper, _created = BallotPaper.objects.update_or_create(
            ballot=locked, receipt=receipt(locked.pk, key), defaults=values
        )
        BallotParticipation.objects.update_or_create(ballot=locked, unit=unit, defaults={"cast_by": voter})
        return paper

    def paper_of(self, user, ballot) -> BallotPaper | None:
        """The paper of the unit this account votes for (to show the voter their own vote)."""
        unit = self.voter_unit(user, ballot)
        if unit is None:
            return None
        return BallotPaper.objects.filter(ballot=ballot, receipt=receipt(ballot.pk, voter_key(unit))).first()

    # --- count ------------------------------------------------------------------------------------
    def counted_papers(self, ballot):
        """The papers of units entitled now (a unit that left no longer counts)."""
        keys = [voter_key(unit) for unit in self.electorate_units(ballot)]
        return BallotPaper.objects.filter(ballot=ballot, receipt__in=[receipt(ballot.pk, k) for k in keys]), len(keys)

    def tally(self, ballot):
        quorum, threshold = GovernanceSettings.load().rule_for(ballot.body)
        papers, entitled = self.counted_papers(ballot)
        if ballot.is_election:
            return self.count_election(ballot, papers, entitled, quorum)
        choices = list(papers.values_list("choice", flat=True))
        return Tally(
            entitled=entitled,
            support=choices.count(VoteChoice.SUPPORT),
            oppose=choices.count(VoteChoice.OPPOSE),
            abstain=choices.count(VoteChoice.ABSTAIN),
            quorum_percent=quorum,
            pass_percent=threshold,
        )

    def count_election(self, ballot, papers, entitled: int, quorum: int) -> ElectionCount:
        positions = {}
        selections = list(papers.values_list("selections", flat=True))
        for position in ballot.election.positions.all():
            counts = {n.pk: 0 for n in position.candidates()}
            for selection in selections:
                for pk in selection.get(str(position.pk), []):
                    if pk in counts:
                        counts[pk] += 1
            positions[str(position.pk)] = {"counts": {str(k): v for k, v in counts.items()}, "seats": position.seats}
        return ElectionCount(entitled=entitled, cast=len(selections), quorum_percent=quorum, positions=positions)

    def record_tally(self, locked_subject):
        count = self.tally(locked_subject)
        data = count.as_dict()
        if not locked_subject.is_election:
            data["summary"] = count.summary
        locked_subject.result = data
        return count

    def current_tally(self, subject):
        """A secret ballot shows no running count while open: watching the count move as each unit
        appears among those who have voted would tell who voted what."""
        if self.is_open(subject) and subject.secret:
            return None
        return super().current_tally(subject)

    def recorded_tally(self, subject):
        if not subject.result:
            return None
        if subject.is_election:
            data = subject.result
            return ElectionCount(data["entitled"], data["cast"], data["quorum_percent"], data.get("positions", {}))
        return Tally.from_dict(subject.result)

    def may_close(self, subject, user) -> bool:
        return self.is_open(subject) and any(t.has_perm(subject, user) for t in fsm_transitions(Ballot, "close"))


def clean_selections(ballot, selections: dict) -> dict:
    """{position id: [nomination ids]}: only this election's candidates, at most the post's seats."""
    cleaned = {}
    for position in ballot.election.positions.all():
        chosen = [int(pk) for pk in selections.get(str(position.pk), []) if str(pk).isdigit()]
        valid = set(position.candidates().values_list("pk", flat=True))
        chosen = list(dict.fromkeys(pk for pk in chosen if pk in valid))
        if len(chosen) > position.seats:
            raise ValidationError(
                _("“%(post)s”最多选 %(seats)s 名。") % {"post": position.get_post_display(), "seats": position.seats}
            )
        cleaned[str(position.pk)] = chosen
    return cleaned


STAGE = registry.register_stage(
    BallotStage(
        key="governance_ballot",
        model=Ballot,
        open_state=BallotState.OPEN,
        electorate=lambda ballot: [voter_key(u) for u in eligibility.entitled_units(ballot.body)],
        if_passed="close",
        if_failed="close",
        close_name="close",
        tally_field="result",
        title=gettext_lazy("投票"),
        voter_label=gettext_lazy("会员单位"),
        closed_message=gettext_lazy("投票尚未开始或已经结束，不能投票。"),
        not_entitled_message=gettext_lazy("您所在单位不在本次投票的有表决权单位之列，或您不是本单位的投票人。"),
    )
)


def nominee_names(pks) -> dict[int, str]:
    return dict(Nomination.objects.filter(pk__in=pks).values_list("pk", "nominee__name"))
