from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("议事与选举")

    def ready(self):
        from django.db.models import Q

        from core import roles
        from workflows.access import register_reader

        from . import actions  # noqa: F401  (declares the workflows to the engine)
        from .models import (
            Ballot,
            BallotParticipation,
            CharterVersion,
            Election,
            Meeting,
            MeetingPaper,
            Motion,
            Nomination,
        )

        staff = (roles.SECRETARIAT, roles.CHAIR)
        # The admin's screens (list, inspect, export) follow these; members read through selectors.
        for model in (Motion, Ballot, Election, Meeting, Nomination, BallotParticipation, CharterVersion):
            register_reader(model, staff_roles=staff)
        register_reader(MeetingPaper, staff_roles=staff, owner=lambda user: Q(pk__in=[]))
