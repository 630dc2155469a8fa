"""Registration states declared to the workflow engine (workflows.actions), the way membership does:
each transition of `Registration` gets its audit row, Wagtail history, admin button and notices.

The engine locks the registration's row; a step that frees or takes a seat must also hold the
event's row, and always first (events.services takes it first when registering): `SeatAction`
locks the event, then lets the engine run, then fills free seats from the waiting list in the
same transaction. One lock order everywhere, so two cancellations and a registration never deadlock.
"""

from django.db import transaction
from django.utils.translation import gettext

from core import roles
from workflows.actions import ADMIN, SITE, Notice, TransitionAction, registry

from .models import EventPage, Registration


def lock_event(event_id: int) -> None:
    """SELECT … FOR UPDATE of the event's own row (not Wagtail's page row, which editors save)."""
    list(EventPage.objects.select_for_update(of=("self",)).filter(pk=event_id).values_list("pk", flat=True))


class SeatAction(TransitionAction):
    """A transition that changes who holds a seat: event row first, then the engine, then promotion."""

    model = Registration
    #: Whether a seat this step frees goes to the waiting list at once.
    fills_seats = True

    def execute(self, **kwargs):
        from .services import fill_free_seats

        with transaction.atomic():
            lock_event(self.instance.event_id)
            result = super().execute(**kwargs)
            if self.fills_seats:
                fill_free_seats(event_id=result.event_id)
            return result


REGISTRANT = Notice(
    to=lambda registration: [registration.user.email],
    template="events/mail/state.txt",
    subject=lambda registration: gettext("活动报名：{title} {state}").format(
        title=registration.event.title, state=registration.get_state_display()
    ),
    context_name="registration",
)


@registry.register
class Cancel(SeatAction):
    """The registrant cancels before the deadline; the first on the waiting list takes the seat."""

    transition = "cancel"
    offered_on = frozenset({SITE})
    notices = (REGISTRANT,)


@registry.register
class WithdrawByStaff(SeatAction):
    """The secretariat cancels a registration (a duplicate, someone who called in), with a reason."""

    transition = "withdraw_by_staff"
    offered_on = frozenset({ADMIN})
    notices = (REGISTRANT,)


@registry.register
class Promote(SeatAction):
    """Waiting → registered when a seat is free: fired by `fill_free_seats` (no user), or by the
    secretariat in the admin (a raised capacity promotes by itself: services.capacity_changed). The
    promoted person is mailed their ticket."""

    transition = "promote"
    offered_on = frozenset({ADMIN})
    fills_seats = False

    def after(self, registration, comment):
        from .tickets import mail_registrant

        mail_registrant(registration, "promoted")


@registry.register
class CheckIn(TransitionAction):
    """At the door: the secretariat scans the QR code or finds the name (events.views.check_in)."""

    model = Registration
    transition = "check_in"
    offered_on = frozenset({ADMIN})


@registry.register
class UndoCheckIn(TransitionAction):
    model = Registration
    transition = "undo_check_in"
    offered_on = frozenset({ADMIN})


#: Who runs events in the admin and at the door.
EVENT_STAFF = (roles.SECRETARIAT,)
