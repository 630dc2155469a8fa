from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "会员管理"

    def ready(self):
        from workflows.access import register_reader

        from . import selectors
        from .models import Membership, MembershipApplication

        register_reader(MembershipApplication, lambda user, obj: selectors.application_for(user, obj.public_id))
        register_reader(Membership, lambda user, obj: selectors.membership_for(user, obj.pk))
