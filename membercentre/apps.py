from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MembercentreConfig(AppConfig):
    name = "membercentre"
    verbose_name = _("个人中心与投稿")

    def ready(self):
        from core import roles
        from expertpool.models import ExpertCandidate
        from membership.models import MembershipApplication
        from workflows.access import register_reader
        from workflows.actions import registry

        from . import (  # noqa: F401  (registers the sections and queues)
            actions,  # noqa: F401  (declares the workflows to the engine)
            builtin_queues,
            builtin_sections,
        )
        from .models import Contribution, ContributionFile, ProfileChangeRequest

        # A contribution: its unit's account, the expert drawn to review it, the secretariat.
        register_reader(
            Contribution,
            staff_roles=(roles.SECRETARIAT,),
            owner=lambda user: Q(unit__account=user) | Q(reviewer__user=user),
        )
        register_reader(
            ContributionFile,
            staff_roles=(roles.SECRETARIAT,),
            owner=lambda user: Q(contribution__unit__account=user) | Q(contribution__reviewer__user=user),
        )
        register_reader(
            ProfileChangeRequest, staff_roles=(roles.SECRETARIAT,), owner=lambda user: Q(unit__account=user)
        )

        # Whose progress page shows every step's comment (the admin's comment boxes say so).
        registry.declare_comment_audience(MembershipApplication, _("申请单位"))
        registry.declare_comment_audience(ExpertCandidate, _("候选人本人（及推荐单位）"))
        registry.declare_comment_audience(Contribution, _("投稿单位（及评审专家）"))
        registry.declare_comment_audience(ProfileChangeRequest, _("会员单位"))
