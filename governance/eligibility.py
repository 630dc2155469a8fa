"""Who is entitled, read from live data at the moment it is asked (never a hand-kept group):

- the plenary: every member unit whose membership is active (a unit that has given notice of leaving
  no longer votes; Art. 9.5, 12);
- the council: every active member unit holding a council position whose term includes today.

A unit's one vote is cast by its representative account, or a delegate it names (membership.UnitAccount);
with no representative named, by the contact account that applied.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from membership.models import (
    VOTING_ACCOUNT_ROLES,
    CouncilPosition,
    MemberUnit,
    Standing,
    UnitAccount,
    UnitAccountRole,
)

from .models import Body


def active_units() -> QuerySet[MemberUnit]:
    return MemberUnit.objects.filter(memberships__state=Standing.ACTIVE).distinct()


def council_units(day=None) -> QuerySet[MemberUnit]:
    day = day or timezone.localdate()
    holding = CouncilPosition.objects.filter(unit=OuterRef("pk"), term_start__lte=day, term_end__gte=day)
    return active_units().filter(Exists(holding))


def entitled_units(body: str) -> QuerySet[MemberUnit]:
    return council_units() if body == Body.COUNCIL else active_units()


def units_acting_for(user) -> QuerySet[MemberUnit]:
    """Units this account acts for in any way (contact, representative, delegate, colleague)."""
    if user is None or not user.is_authenticated:
        return MemberUnit.objects.none()
    return MemberUnit.objects.filter(Q(account=user) | Q(accounts__user=user)).distinct()


def units_voting_by(user) -> QuerySet[MemberUnit]:
    """Units whose vote this account may cast: as representative or delegate, or as the contact of a
    unit that has named no representative."""
    if user is None or not user.is_authenticated:
        return MemberUnit.objects.none()
    has_representative = UnitAccount.objects.filter(unit=OuterRef("pk"), role=UnitAccountRole.REPRESENTATIVE)
    return MemberUnit.objects.filter(
        Q(accounts__user=user, accounts__role__in=VOTING_ACCOUNT_ROLES)
        | (Q(account=user) & ~Exists(has_representative))
    ).distinct()


def voting_accounts(unit: MemberUnit):
    """The accounts that may cast this unit's vote (for invitations and reminders)."""
    from django.contrib.auth.models import User

    named = UnitAccount.objects.filter(unit=unit, role__in=VOTING_ACCOUNT_ROLES).values("user")
    if UnitAccount.objects.filter(unit=unit, role=UnitAccountRole.REPRESENTATIVE).exists():
        return User.objects.filter(pk__in=named, is_active=True)
    return User.objects.filter(Q(pk__in=named) | Q(pk=unit.account_id), is_active=True)


def voting_emails(units) -> list[str]:
    emails = []
    for unit in units:
        emails.extend(voting_accounts(unit).exclude(email="").values_list("email", flat=True))
    return emails


def entitled_unit_for(user, body: str) -> MemberUnit | None:
    """The entitled unit whose vote this account casts (the first, should it act for several)."""
    return units_voting_by(user).filter(pk__in=entitled_units(body).values("pk")).order_by("pk").first()
