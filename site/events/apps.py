from django.apps import AppConfig
from django.db.models import Q


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "活动"

    def ready(self):
        from django.db.models.signals import post_save

        from core import roles
        from workflows.access import register_reader

        from . import actions  # noqa: F401  (declares the registration states to the engine)
        from .models import CompetitionEntry, EventPage, Registration
        from .signals import promote_after_capacity_change

        post_save.connect(promote_after_capacity_change, sender=EventPage, dispatch_uid="events-capacity-promotes")

        # A registration (name, phone, dietary needs): its registrant and the secretariat, who runs events.
        register_reader(Registration, staff_roles=(roles.SECRETARIAT,), owner=lambda user: Q(user=user))
        register_reader(
            CompetitionEntry,
            staff_roles=(roles.SECRETARIAT,),
            owner=lambda user: Q(submitted_by=user) | Q(unit__account=user),
        )
