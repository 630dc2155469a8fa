from django.apps import AppConfig


class ExpertpoolConfig(AppConfig):
    name = "expertpool"
    verbose_name = "专家库"

    def ready(self):
        from workflows.access import register_reader

        from . import selectors
        from .models import ExpertCandidate

        register_reader(ExpertCandidate, lambda user, obj: selectors.candidacy_for(user, obj.public_id))
