"""Writes of event registration: registering (capacity, windows, the members' priority, the
per-unit cap, the waiting list), cancelling, checking in, filling free seats, competition entries.

Capacity under concurrency: `register` takes the event's row lock (`SELECT … FOR UPDATE` on
PostgreSQL) before it counts the seats, and so does every step that frees a seat (events.actions);
two registrations for the last seat queue on that lock and the second one counts the first. On
SQLite, which has no row locks, every transaction begins IMMEDIATE (alliance.settings: the write
lock is taken at BEGIN), so writers run one after another and the count is just as exact.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from membership.names import name_key
from workflows.actions import TransitionRefused, run

from .actions import lock_event
from .models import (
    ACTIVE_STATES,
    REQUIRED_WHEN_ASKED,
    SEATED_STATES,
    CompetitionEntry,
    EventPage,
    Registration,
    RegistrationState,
)
from .selectors import entry_unit_for, is_member
from .tickets import mail_registrant


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), _("Y年n月j日 H:i"))


def refuse_outside_window(event: EventPage, *, member: bool, now=None) -> None:
    """TransitionRefused unless this person may register now: the event takes registrations on the
    site, has not started, its deadline has not passed, and their window (members first) is open."""
    now = now or timezone.now()
    if not event.takes_registrations or not event.live:
        raise TransitionRefused(_("本活动不在本站报名。"))
    if now > event.registration_closes:
        raise TransitionRefused(_("报名已截止。"))
    opens = event.opens_for(member=member)
    if opens is not None and now < opens:
        if not member and event.member_priority_days and now >= event.opens_for(member=True):
            raise TransitionRefused(
                _("目前为会员单位优先报名期，其他报名者可于 %(when)s 起报名。") % {"when": _when(opens)}
            )
        raise TransitionRefused(_("报名尚未开始，将于 %(when)s 开放。") % {"when": _when(opens)})


def clean_answers(event: EventPage, answers: dict) -> dict:
    """The registrant's answers to the questions this event asks; a missing required one is refused."""
    cleaned = {"name": (answers.get("name") or "").strip()}
    errors = {}
    if not cleaned["name"]:
        errors["name"] = _("请填写姓名。")
    for code in event.asked_questions():
        value = (answers.get(code) or "").strip()
        if code in REQUIRED_WHEN_ASKED and not value:
            errors[code] = _("请填写此项。")
        cleaned[code] = value
    if errors:
        raise ValidationError(errors)
    return {
        "name": cleaned["name"],
        "unit_name": cleaned.get("unit", ""),
        "title": cleaned.get("title", ""),
        "phone": cleaned.get("phone", ""),
        "dietary": cleaned.get("dietary", ""),
    }


@transaction.atomic
def register(*, event: EventPage, user, answers: dict) -> Registration:
    """A seat if one is free, else a place on the waiting list (if the event keeps one).

    Raises PermissionDenied (not logged in), TransitionRefused (window, full, already registered) or
    ValidationError (a question unanswered, the unit's cap reached) and then writes nothing.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("请先登录后再报名。"))
    lock_event(event.pk)
    # Seats freed by a raised capacity go to those already waiting before anyone new: the raise and
    # its promotions are two steps (events.signals), and a newcomer may come between them.
    fill_free_seats(event_id=event.pk)
    event = EventPage.objects.get(pk=event.pk)  # as it is now that the row is ours
    member = is_member(user)
    refuse_outside_window(event, member=member)
    data = clean_answers(event, answers)
    registrations = Registration.objects.filter(event=event)
    if registrations.filter(user=user, state__in=ACTIVE_STATES).exists():
        raise TransitionRefused(_("您已报名本活动，可在“我的活动报名”中查看。"))
    unit_key = name_key(data["unit_name"]) if data["unit_name"] else ""
    if event.per_unit_cap and unit_key:
        same_unit = registrations.filter(unit_key=unit_key, state__in=ACTIVE_STATES).count()
        if same_unit >= event.per_unit_cap:
            raise ValidationError(
                {
                    "unit": _("本活动每个单位最多报名 %(cap)s 人，“%(unit)s”已报满。")
                    % {"cap": event.per_unit_cap, "unit": data["unit_name"]}
                }
            )
    seated = registrations.filter(state__in=SEATED_STATES).count()
    if event.capacity is None or seated < event.capacity:
        state, seated_at = RegistrationState.REGISTERED, timezone.now()
    elif event.waiting_list:
        state, seated_at = RegistrationState.WAITLISTED, None
    else:
        raise TransitionRefused(_("名额已满，本活动不设候补。"))
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event, user=user, state=state, seated_at=seated_at, is_member=member, unit_key=unit_key, **data
            )
    except IntegrityError as error:  # the same person's other tab, a moment earlier
        raise TransitionRefused(_("您已报名本活动，可在“我的活动报名”中查看。")) from error
    mail_registrant(registration, state)
    return registration


def cancel(*, registration: Registration, by) -> Registration:
    """The registrant cancels (until the event's cancel deadline); a waiting person moves up."""
    return run(registration, "cancel", by=by)


def fill_free_seats(*, event_id: int) -> list[Registration]:
    """Promote from the waiting list, first come first served, while seats are free. The caller
    holds the event's row lock (events.actions.SeatAction)."""
    event = EventPage.objects.get(pk=event_id)
    promoted = []
    while True:
        if event.capacity is not None:
            seated = Registration.objects.filter(event_id=event_id, state__in=SEATED_STATES).count()
            if seated >= event.capacity:
                break
        waiting = (
            Registration.objects.filter(event_id=event_id, state=RegistrationState.WAITLISTED)
            .order_by("created_at", "pk")
            .first()
        )
        if waiting is None:
            break
        promoted.append(run(waiting, "promote", by=None))
    return promoted


def capacity_changed(*, event_id: int) -> list[Registration]:
    """The event's capacity was saved (the page published, or any write of its row): the first on
    the waiting list take the seats now free, in order, each mailed as after a cancellation (the
    `promote` transition, by the system). A capacity lowered below the seats taken removes nobody:
    the confirmed keep their seats and nobody is seated until enough have cancelled."""
    with transaction.atomic():
        lock_event(event_id)
        return fill_free_seats(event_id=event_id)


def check_in(*, registration: Registration, by) -> Registration:
    """The secretariat checks a registrant in; a second scan says so instead of failing."""
    if registration.state == RegistrationState.ATTENDED:
        raise TransitionRefused(
            _("%(name)s 已于 %(when)s 签到。") % {"name": registration.name, "when": _when(registration.checked_in_at)}
        )
    if registration.state == RegistrationState.WAITLISTED:
        raise TransitionRefused(_("%(name)s 仍在候补名单上，没有名额，不能签到。") % {"name": registration.name})
    if registration.state == RegistrationState.CANCELLED:
        raise TransitionRefused(_("%(name)s 的报名已取消，不能签到。") % {"name": registration.name})
    return run(registration, "check_in", by=by)


# --- competitions ------------------------------------------------------------------------------------
@transaction.atomic
def enter_competition(*, event: EventPage, user, team_name: str, students: str, instructor: str) -> CompetitionEntry:
    """A member school's team, before the entry deadline. Only the account of a school with an active
    membership may enter (Art. 11.3: competitions for member schools)."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("请先登录后再报名参赛。"))
    if not event.takes_entries or not event.live:
        raise TransitionRefused(_("本活动不接受参赛报名。"))
    if timezone.now() > event.entry_deadline:
        raise TransitionRefused(_("参赛报名已于 %(when)s 截止。") % {"when": _when(event.entry_deadline)})
    unit = entry_unit_for(user)
    if unit is None:
        raise PermissionDenied(_("只有在册会员学校的联系人账号可以报名参赛。"))
    team_name = team_name.strip()
    if CompetitionEntry.objects.filter(event=event, team_name=team_name).exists():
        raise ValidationError({"team_name": _("已有同名队伍，请换一个队伍名称。")})
    try:
        with transaction.atomic():
            return CompetitionEntry.objects.create(
                event=event,
                unit=unit,
                submitted_by=user,
                team_name=team_name,
                students=students.strip(),
                instructor=instructor.strip(),
            )
    except IntegrityError as error:
        raise ValidationError({"team_name": _("已有同名队伍，请换一个队伍名称。")}) from error
