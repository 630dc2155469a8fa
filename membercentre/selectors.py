"""Reads of the member centre, each for the user who asks: ownership lives here (another unit's
contribution is a 404, never a 403)."""

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from membership.models import MemberUnit, Standing
from resources.models import CourseResourcePage
from workflows import access

from .models import Contribution, ProfileChangeRequest, ProfileChangeState


def own_units(user) -> QuerySet[MemberUnit]:
    """The units whose contact account this user is (any standing)."""
    if not user.is_authenticated:
        return MemberUnit.objects.none()
    return MemberUnit.objects.filter(account=user).order_by("name")


def contributing_units(user) -> QuerySet[MemberUnit]:
    """Units this user may contribute for: their own, currently active members."""
    return own_units(user).filter(memberships__state=Standing.ACTIVE).distinct()


def own_contributions(user) -> QuerySet[Contribution]:
    if not user.is_authenticated:
        return Contribution.objects.none()
    return (
        Contribution.objects.filter(unit__account=user)
        .select_related("unit", "resource_page")
        .annotate(download_total=Count("resource_page__downloads"))
        .order_by("-created_at")
    )


def contributions_to_review(user) -> QuerySet[Contribution]:
    """Contributions waiting for this user as their drawn expert."""
    if not user.is_authenticated:
        return Contribution.objects.none()
    return Contribution.objects.filter(reviewer__user=user, state="expert_review").select_related("unit", "major")


def contribution_for(user, public_id) -> Contribution:
    """The contribution if this user may read it (its unit's account, its expert, the secretariat)."""
    queryset = Contribution.objects.select_related("unit", "major", "reviewer", "resource_page")
    return access.get_readable_or_404(user, queryset, gettext("投稿不存在"), public_id=public_id)


def pending_profile_change(unit: MemberUnit) -> ProfileChangeRequest | None:
    return unit.profile_change_requests.filter(state=ProfileChangeState.PENDING).first()


def profile_changes(user) -> QuerySet[ProfileChangeRequest]:
    return ProfileChangeRequest.objects.filter(unit__account=user).select_related("unit")[:5]


def published_contributions(units, user) -> dict[int, list[CourseResourcePage]]:
    """{unit id: the resources it contributed that this user may see}, for the member directory."""
    pages = (
        CourseResourcePage.objects.visible_to(user)
        .filter(contributor_unit__in=units)
        .annotate(download_total=Count("downloads"))
        .order_by("-first_published_at")
    )
    found: dict[int, list] = {}
    for page in pages:
        found.setdefault(page.contributor_unit_id, []).append(page)
    return found


def directory_with_contributions(units, user):
    """The directory's units, each with `contributed` (visible resources) and `download_total`."""
    units = list(units)
    by_unit = published_contributions([u.pk for u in units], user)
    for unit in units:
        unit.contributed = by_unit.get(unit.pk, [])
        unit.contributed_downloads = sum(page.download_total for page in unit.contributed)
    return units
