"""Reads of event registration that depend on who asks. Another person's registration is a 404,
never a 403 (access.get_readable_or_404, the reader rule registered in events.apps)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from core import roles
from membership.models import MemberUnit, Standing, UnitType
from workflows import access

from .models import (
    ACTIVE_STATES,
    AWARD_ORDER,
    SEATED_STATES,
    CompetitionEntry,
    EventPage,
    Registration,
    RegistrationState,
)


def is_member(user) -> bool:
    """Members for the priority window (Art. 9.3): the `members` role, or the account of a unit with
    an active membership."""
    if user is None or not user.is_authenticated:
        return False
    if roles.has_role(user, roles.MEMBERS):
        return True
    return MemberUnit.objects.filter(account=user, memberships__state=Standing.ACTIVE).exists()


def member_unit_for(user) -> MemberUnit | None:
    """The active member unit this account is the contact of, if any (prefills 工作单位)."""
    if user is None or not user.is_authenticated:
        return None
    return MemberUnit.objects.filter(account=user, memberships__state=Standing.ACTIVE).order_by("name").first()


def entry_unit_for(user) -> MemberUnit | None:
    """The member school this account may enter competition teams for."""
    if user is None or not user.is_authenticated:
        return None
    return (
        MemberUnit.objects.filter(account=user, memberships__state=Standing.ACTIVE, unit_type=UnitType.SCHOOL)
        .order_by("name")
        .first()
    )


def registrations_for(user) -> QuerySet[Registration]:
    """This person's own registrations, the coming events first: for "我的活动报名" and the member centre."""
    if user is None or not user.is_authenticated:
        return Registration.objects.none()
    return Registration.objects.filter(user=user).select_related("event").order_by("-event__start", "-created_at")


def entries_for(user) -> QuerySet[CompetitionEntry]:
    """Competition entries of the schools this account is the contact of."""
    if user is None or not user.is_authenticated:
        return CompetitionEntry.objects.none()
    return (
        CompetitionEntry.objects.filter(Q(submitted_by=user) | Q(unit__account=user))
        .select_related("event", "unit")
        .order_by("-event__start", "created_at")
    )


def registration_for(user, public_id) -> Registration:
    """The registration if this user may read it (its registrant, the secretariat); 404 otherwise."""
    return access.get_readable_or_404(
        user, Registration.objects.select_related("event", "user"), gettext("报名记录不存在"), public_id=public_id
    )


def own_registration(user, public_id) -> Registration:
    """The registrant's own registration, for what only they may do (cancel, the ticket); 404 otherwise."""
    found = registrations_for(user).filter(public_id=public_id).first()
    if found is None:
        raise Http404(gettext("报名记录不存在"))
    return found


def may_check_in(user) -> bool:
    return roles.has_role(user, roles.SECRETARIAT)


def registration_by_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return Registration.objects.select_related("event", "user").filter(token=token).first()


def registrations_for_event(event: EventPage, *, query: str = "") -> QuerySet[Registration]:
    """The check-in list: seated people first by name; a query matches name, unit or phone."""
    found = Registration.objects.filter(event=event).exclude(state=RegistrationState.CANCELLED)
    if query:
        found = found.filter(Q(name__icontains=query) | Q(unit_name__icontains=query) | Q(phone__icontains=query))
    return found.order_by("state", "name", "pk")


def event_counts(event: EventPage) -> dict:
    rows = Registration.objects.filter(event=event)
    return {
        "registered": rows.filter(state=RegistrationState.REGISTERED).count(),
        "attended": rows.filter(state=RegistrationState.ATTENDED).count(),
        "waitlisted": rows.filter(state=RegistrationState.WAITLISTED).count(),
        "capacity": event.capacity,
    }


@dataclass
class RegistrationBox:
    """What the event page's registration panel shows this visitor."""

    status: str  # "open", "not_yet", "members_only_now", "closed", "full"
    seats_left: int | None
    waiting: int
    mine: Registration | None
    member: bool
    opens_at: object
    members_open_at: object
    can_check_in: bool = False


def registration_box(event: EventPage, user) -> RegistrationBox:
    now = timezone.now()
    member = is_member(user)
    seated = Registration.objects.filter(event=event, state__in=SEATED_STATES).count()
    waiting = Registration.objects.filter(event=event, state=RegistrationState.WAITLISTED).count()
    seats_left = None if event.capacity is None else max(event.capacity - seated, 0)
    mine = None
    if user.is_authenticated:
        mine = Registration.objects.filter(event=event, user=user, state__in=ACTIVE_STATES).first()
    opens = event.opens_for(member=member)
    if now > event.registration_closes:
        status = "closed"
    elif opens is not None and now < opens:
        members_open = event.members_open_at
        status = "members_only_now" if members_open is not None and now >= members_open else "not_yet"
    elif seats_left == 0 and not event.waiting_list:
        status = "full"
    else:
        status = "open"
    return RegistrationBox(
        status=status,
        seats_left=seats_left,
        waiting=waiting,
        mine=mine,
        member=member,
        opens_at=event.registration_opens,
        members_open_at=event.members_open_at,
        can_check_in=may_check_in(user),
    )


def competition_results(event: EventPage) -> list[CompetitionEntry]:
    """Awarded teams, first prize first, then by score."""
    rank = {award: position for position, award in enumerate(AWARD_ORDER)}
    entries = list(
        CompetitionEntry.objects.filter(event=event).exclude(award="").select_related("unit").order_by("-score", "pk")
    )
    return sorted(entries, key=lambda entry: rank.get(entry.award, len(rank)))
