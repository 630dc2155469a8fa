"""Reads: who may see what. Every view goes through these, so the ownership rule lives in one place."""

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workflows import access

from .models import CURRENT_STANDINGS, CouncilPosition, Membership, MembershipApplication, MemberUnit, Standing
from .names import Match, match_keys, name_key


def applications_visible_to(user) -> QuerySet[MembershipApplication]:
    return access.readable(user, MembershipApplication.objects.select_related("unit", "applicant"))


def application_for(user, public_id) -> MembershipApplication:
    """The application if this user may see it; 404 otherwise (never 403: no hint that it exists)."""
    return access.get_readable_or_404(
        user,
        MembershipApplication.objects.select_related("unit", "applicant"),
        gettext("申请不存在"),
        public_id=public_id,
    )


def own_applications(user: User) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(applicant=user).select_related("unit").order_by("-created_at")


def own_memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(unit__account=user).select_related("unit", "certificate").order_by("-joined_on")


def membership_for(user, pk: int) -> Membership:
    """The membership (and so its certificate and withdrawal notice) if this user may read it."""
    return access.get_readable_or_404(
        user, Membership.objects.select_related("unit", "certificate"), gettext("会籍不存在"), pk=pk
    )


def member_directory(*, unit_type: str = "", region: str = "") -> QuerySet[MemberUnit]:
    """Active members, public fields only; the caller shows name, type, region, positions."""
    today = timezone.localdate()
    units = MemberUnit.objects.filter(memberships__state=Standing.ACTIVE).distinct()
    if unit_type:
        units = units.filter(unit_type=unit_type)
    if region:
        units = units.filter(region=region)
    current_positions = CouncilPosition.objects.filter(term_start__lte=today, term_end__gte=today)
    return units.prefetch_related(
        Prefetch("positions", queryset=current_positions, to_attr="current_positions")
    ).order_by("region", "name")


def units_on_record() -> QuerySet[MemberUnit]:
    """Units the alliance has actually dealt with: a membership, or an application that got past the
    draft (a withdrawn draft or an account's abandoned attempt is not a unit anyone evaluates)."""
    from django.db.models import Q

    from .models import ApplicationState

    dealt_with = Q(memberships__isnull=False) | Q(
        applications__state__in=[
            state
            for state in ApplicationState.values
            if state not in (ApplicationState.DRAFT, ApplicationState.WITHDRAWN)
        ]
    )
    return MemberUnit.objects.filter(dealt_with).distinct()


def current_council(day=None) -> QuerySet[CouncilPosition]:
    day = day or timezone.localdate()
    return (
        CouncilPosition.objects.filter(term_start__lte=day, term_end__gte=day)
        .select_related("unit")
        .order_by("position", "unit__name")
    )


def similar_units(name: str, *, exclude_pk: int | None = None, limit: int = 10) -> list[tuple[MemberUnit, str]]:
    """Units whose name matches `name` (membership.names: same, contains, near), closest first.

    Used for "possible duplicates" at application review and for suggesting an expert's employer."""
    key = name_key(name)
    if not key:
        return []
    rank = {Match.SAME: 0, Match.CONTAINS: 1, Match.NEAR: 2}
    found = []
    for pk, other_key in MemberUnit.objects.exclude(pk=exclude_pk).values_list("pk", "name_key").iterator():
        how = match_keys(key, other_key)
        if how is not None:
            found.append((rank[how], pk, how))
    found.sort()
    found = found[:limit]
    units = (
        MemberUnit.objects.select_related("account")
        .prefetch_related("memberships", "applications")
        .in_bulk([pk for _, pk, _ in found])
    )
    return [(units[pk], how) for _, pk, how in found]


MATCH_LABELS = {Match.SAME: _("名称相同"), Match.CONTAINS: _("名称包含"), Match.NEAR: _("名称相近")}


def possible_duplicates(unit: MemberUnit) -> list[dict]:
    """For the secretariat: other registrations that may be the same unit, with their standing."""
    rows = []
    for other, how in similar_units(unit.name, exclude_pk=unit.pk):
        membership = next((m for m in other.memberships.all() if m.state in CURRENT_STANDINGS), None)
        latest = max(other.applications.all(), key=lambda a: a.created_at, default=None)
        rows.append(
            {
                "unit": other,
                "match": MATCH_LABELS[how],
                "standing": membership.get_state_display() if membership else "",
                "application": latest,
            }
        )
    return rows
