"""Reads for the expert pool: who may see which candidacy, and the members' directory."""

from django.db.models import Q, QuerySet
from django.http import Http404

from core import roles
from membership.models import MemberUnit, Standing

from .models import CandidateState, ExpertCandidate

REVIEWERS = (roles.SECRETARIAT, roles.EXPERT_COMMITTEE, roles.CHAIR)


def is_reviewer(user) -> bool:
    return roles.has_role(user, *REVIEWERS)


def candidacy_for(user, public_id) -> ExpertCandidate:
    """The candidate, its recommender or a reviewer may open it; anyone else gets 404."""
    qs = ExpertCandidate.objects.select_related("recommending_unit", "letter")
    if not is_reviewer(user):
        if not user.is_authenticated:
            raise Http404("记录不存在")
        qs = qs.filter(Q(user=user) | Q(recommended_by=user))
    try:
        return qs.get(public_id=public_id)
    except (ExpertCandidate.DoesNotExist, ValueError) as error:
        raise Http404("记录不存在") from error


def own_candidacies(user) -> QuerySet[ExpertCandidate]:
    return ExpertCandidate.objects.filter(Q(user=user) | Q(recommended_by=user)).order_by("-created_at")


def recommending_units(user) -> QuerySet[MemberUnit]:
    """Units whose contact this user is and which are current members: they may recommend."""
    if not user.is_authenticated:
        return MemberUnit.objects.none()
    return MemberUnit.objects.filter(account=user, memberships__state=Standing.ACTIVE).distinct()


def directory(
    *, major_id: int | None = None, title: str = "", region: str = "", keyword: str = ""
) -> QuerySet[ExpertCandidate]:
    experts = ExpertCandidate.objects.filter(state=CandidateState.APPOINTED)
    if major_id:
        experts = experts.filter(majors__id=major_id)
    if title:
        experts = experts.filter(title=title)
    if region:
        experts = experts.filter(region=region)
    experts = experts.distinct().prefetch_related("majors").order_by("name")
    if keyword:
        # Chinese-aware full-text search (search/backends), best matches first.
        return experts.search(keyword)
    return experts
