from django.apps import AppConfig
from django.db.models import Q


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "会员管理"

    def ready(self):
        from core import roles
        from workflows.access import register_reader

        from . import actions  # noqa: F401  (declares the workflow to the engine)
        from .models import ApplicationFile, Membership, MembershipApplication, MemberUnit

        # One reader rule per record kind (docs/workflows.md, "Who may read what"): the site's pages
        # and downloads and the admin's screens all ask these.
        reviewers = (roles.SECRETARIAT, roles.COUNCIL, roles.CHAIR)
        register_reader(MembershipApplication, staff_roles=reviewers, owner=lambda user: Q(applicant=user))
        register_reader(ApplicationFile, staff_roles=reviewers, owner=lambda user: Q(application__applicant=user))
        register_reader(MemberUnit, staff_roles=reviewers, owner=lambda user: Q(account=user))
        # A membership (its certificate, its withdrawal notice): the unit's account, the secretariat
        # and the chair; council members see applications, not members' standing records.
        register_reader(
            Membership,
            staff_roles=(roles.SECRETARIAT, roles.CHAIR),
            owner=lambda user: Q(unit__account=user),
            holder=lambda user: Q(unit__account=user),
        )
