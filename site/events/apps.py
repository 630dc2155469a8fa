from django.apps import AppConfig
from django.db.models import Q


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "活动"

    def ready(self):
        from core import roles
        from workflows.access import register_reader

        from . import actions  # noqa: F401  (declares the registration states to the engine)
        from .models import CompetitionEntry, Registration

        # A registration (name, phone, dietary needs): its registrant and the secretariat, who runs events.
        register_reader(Registration, staff_roles=(roles.SECRETARIAT,), owner=lambda user: Q(user=user))
        register_reader(
            CompetitionEntry,
            staff_roles=(roles.SECRETARIAT,),
            owner=lambda user: Q(submitted_by=user) | Q(unit__account=user),
        )
