from django.apps import AppConfig
from django.db.models import Q


class ExpertpoolConfig(AppConfig):
    name = "expertpool"
    verbose_name = "专家库"

    def ready(self):
        from core import roles
        from workflows.access import register_reader

        from . import actions  # noqa: F401  (declares the workflow to the engine)
        from .models import ExpertCandidate, PanelDraw

        reviewers = (roles.SECRETARIAT, roles.EXPERT_COMMITTEE, roles.CHAIR)
        # A candidacy (profile, CV, history): the person, the unit account that recommended them, and
        # the reviewers. The appointment letter is a certificate: its holder is the person only.
        register_reader(
            ExpertCandidate,
            staff_roles=reviewers,
            owner=lambda user: Q(user=user) | Q(recommended_by=user),
            holder=lambda user: Q(user=user),
        )
        register_reader(PanelDraw, staff_roles=reviewers)
