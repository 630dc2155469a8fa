from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """What the membership and expert-pool state machines share (audit, votes, notifications)."""

    name = "workflows"
    verbose_name = "流程"

    def ready(self):
        from core import roles

        from .access import certificate_holder_filter, register_reader
        from .models import Certificate

        # Certificates and appointment letters: the secretariat and the chair, and their holder.
        register_reader(Certificate, staff_roles=(roles.SECRETARIAT, roles.CHAIR), owner=certificate_holder_filter)
