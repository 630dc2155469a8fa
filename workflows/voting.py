"""One voting stage for every workflow: open, cast, tally, close (which fires the pass or fail
transition). The council's discussion of an application, the expert committee's selection, and later
the plenary's and the council's ballots on motions are all one of these.

A voter is a generic key (`voter_key(obj)`: "auth.user:12", "membership.memberunit:3"), so that a
ballot where each member unit has one vote, cast by its representative or a delegate, fits as well as
one where each committee member votes. Who is entitled is read from live data at the moment of
casting and of counting (`electorate`), never from a list kept by hand.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import roles

from .actions import TransitionRefused, fsm_transitions, registry, run
from .decisions import Tally
from .models import DecisionSettings, TransitionLog, Vote, VoteChoice


def voter_key(obj) -> str:
    """The key a voter's votes are stored under: a user, or a member unit, or any other model row."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def role_electorate(code: str) -> Callable[[object], list[str]]:
    """Those entitled: the active users holding role `code` at this moment."""

    def electorate(subject) -> list[str]:
        return [f"auth.user:{pk}" for pk in roles.active_user_ids(code)]

    return electorate


def user_votes_as_self(user, subject) -> str | None:
    """The default: each entitled user votes for themself."""
    return voter_key(user) if user is not None and user.is_authenticated else None


@dataclass(frozen=True)
class VotingStage:
    """A vote on items of `model` while they are in `open_state`.

    - `electorate(subject)`: the voter keys entitled now;
    - `voter_for(user, subject)`: the key a user casts for (themself, or the unit they represent);
    - `opens_with`: the transitions that open it; closing fires `if_passed` or `if_failed` by the tally,
      whose result is recorded in the subject's `tally_field` (a JSONField) before those transitions'
      conditions are checked.
    """

    key: str
    model: type
    open_state: str
    electorate: Callable[[object], Iterable[str]]
    if_passed: str
    if_failed: str
    tally_field: str
    opens_with: tuple[str, ...] = ()
    close_name: str = ""
    close_label: str = _("结束表决并记录结果")
    title: str = _("表决")
    my_vote_heading: str = _("我的表决意见")
    voter_label: str = _("投票人")
    voter_for: Callable = user_votes_as_self
    closed_message: str = _("表决尚未开始或已经结束，不能投票。")
    not_entitled_message: str = _("您不在本次表决的投票人之列。")

    # --- open --------------------------------------------------------------------------------------
    def open(self, subject, *, by, transition: str = "", **kwargs):
        """Fire the transition that opens the vote (the first of `opens_with` unless named)."""
        return run(subject, transition or self.opens_with[0], by=by, **kwargs)

    def is_open(self, subject) -> bool:
        return getattr(subject, "state", None) == self.open_state

    # --- cast --------------------------------------------------------------------------------------
    def votes(self, subject):
        """This round's votes: a subject may come back to the stage (an expert's re-selection for a new
        term), and a vote left from an earlier round is not a vote in this one."""
        content_type = ContentType.objects.get_for_model(subject)
        votes = Vote.objects.filter(content_type=content_type, object_id=subject.pk, stage=self.key)
        opened_at = (
            TransitionLog.objects.filter(content_type=content_type, object_id=subject.pk, to_state=self.open_state)
            .order_by("-created_at", "-pk")
            .values_list("created_at", flat=True)
            .first()
        )
        if opened_at is not None:
            votes = votes.filter(updated_at__gte=opened_at)
        return votes.select_related("voter")

    def may_vote(self, user, subject) -> bool:
        key = self.voter_for(user, subject)
        return self.is_open(subject) and key is not None and key in set(self.electorate(subject))

    @transaction.atomic
    def cast(self, subject, *, voter, choice: str, comment: str = "") -> Vote:
        """Record or change a vote while the stage is open. The subject's row is locked, so a vote
        cannot slip in while the stage is being closed and counted."""
        if choice not in VoteChoice.values:
            raise ValidationError(gettext("请选择赞成、反对或弃权。"), code="invalid_choice")
        locked = self.model._default_manager.select_for_update().get(pk=subject.pk)
        if not self.is_open(locked):
            raise TransitionRefused(self.closed_message)
        key = self.voter_for(voter, locked)
        if key is None or key not in set(self.electorate(locked)):
            raise PermissionDenied(self.not_entitled_message)
        vote, _ = Vote.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            stage=self.key,
            voter_key=key,
            defaults={
                "choice": choice,
                "comment": (comment or "").strip(),
                "voter": voter if voter is not None and voter.is_authenticated else None,
            },
        )
        return vote

    # --- tally -------------------------------------------------------------------------------------
    def tally(self, subject) -> Tally:
        """The count under the current decision settings; votes of those no longer entitled don't count."""
        entitled = set(self.electorate(subject))
        counts = dict(
            self.votes(subject)
            .filter(voter_key__in=entitled)
            .values_list("choice")
            .annotate(n=Count("pk"))
            .values_list("choice", "n")
        )
        rule = DecisionSettings.load()
        return Tally(
            entitled=len(entitled),
            support=counts.get(VoteChoice.SUPPORT, 0),
            oppose=counts.get(VoteChoice.OPPOSE, 0),
            abstain=counts.get(VoteChoice.ABSTAIN, 0),
            quorum_percent=rule.quorum_percent,
            pass_percent=rule.pass_percent,
        )

    def recorded_tally(self, subject) -> Tally | None:
        recorded = getattr(subject, self.tally_field)
        return Tally.from_dict(recorded) if recorded else None

    def current_tally(self, subject) -> Tally | None:
        """What a screen shows: the running count while open, the recorded one afterwards."""
        return self.tally(subject) if self.is_open(subject) else self.recorded_tally(subject)

    def record_tally(self, locked_subject) -> Tally:
        """Count now and write the result on the (locked) subject; saved with the closing step."""
        tally = self.tally(locked_subject)
        setattr(locked_subject, self.tally_field, tally.as_dict())
        return tally

    # --- close -------------------------------------------------------------------------------------
    @transaction.atomic
    def close(self, subject, *, by, comment: str = ""):
        """Count the votes and fire `if_passed` or `if_failed`: one lock, one state check, one message."""
        locked = self.model._default_manager.select_for_update().get(pk=subject.pk)
        passed = self.tally(locked).passed if self.is_open(locked) else True
        action = registry.get(self.model, self.if_passed if passed else self.if_failed)
        return action(locked, by).execute_locked(locked, comment=comment)

    def may_close(self, subject, user) -> bool:
        """Whether to offer this user the close button: the stage is open and they hold the role
        (whether the vote passed decides which transition closes it, so conditions are not asked)."""
        return self.is_open(subject) and any(
            t.has_perm(subject, user) for t in fsm_transitions(self.model, self.if_passed)
        )
