from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """What the membership and expert-pool state machines share (audit, votes, notifications)."""

    name = "workflows"
    verbose_name = "流程"
