"""Casting and counting votes. Whether a stage is open, and who is entitled, is the caller's rule."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count

from .decisions import Tally
from .models import DecisionSettings, Vote, VoteChoice


def votes_for(subject, stage: str):
    return Vote.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, stage=stage
    ).select_related("voter")


def cast_vote(*, subject, stage: str, voter, choice: str, comment: str = "") -> Vote:
    """Record or change `voter`'s vote on `subject` in `stage`."""
    if choice not in VoteChoice.values:
        raise ValidationError("请选择赞成、反对或弃权。", code="invalid_choice")
    vote, _ = Vote.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        stage=stage,
        voter=voter,
        defaults={"choice": choice, "comment": comment.strip()},
    )
    return vote


@transaction.atomic
def cast_vote_while_open(
    *,
    subject,
    open_state: str,
    stage: str,
    voter,
    entitled_voter_ids,
    choice: str,
    comment: str = "",
    closed_message: str,
    not_entitled_message: str,
) -> Vote:
    """A vote on an item whose voting stage is its `open_state`. The item's row is locked, so a vote
    cannot slip in while the stage is being closed and counted."""
    from .services import TransitionRefused

    locked = type(subject)._default_manager.select_for_update().get(pk=subject.pk)
    if locked.state != open_state:
        raise TransitionRefused(closed_message)
    if voter.pk not in set(entitled_voter_ids):
        raise PermissionDenied(not_entitled_message)
    return cast_vote(subject=locked, stage=stage, voter=voter, choice=choice, comment=comment)


def count_votes(*, subject, stage: str, entitled_voter_ids: Iterable[int]) -> Tally:
    """The tally under the current decision settings; votes of people no longer entitled don't count."""
    entitled = set(entitled_voter_ids)
    counts = dict(
        votes_for(subject, stage)
        .filter(voter_id__in=entitled)
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
