"""Reads for the expert pool: who may see which candidacy, and the members' directory."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from membership.models import MemberUnit, Standing
from workflows import access

from .models import CandidateState, ExpertCandidate


def candidacy_for(user, public_id) -> ExpertCandidate:
    """The candidate, its recommender or a reviewer may open it; anyone else gets 404."""
    qs = ExpertCandidate.objects.select_related("recommending_unit", "letter")
    return access.get_readable_or_404(user, qs, gettext("记录不存在"), public_id=public_id)


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
