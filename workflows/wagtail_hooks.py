from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.exports import ExportIndexView

from .actions import registry
from .admin_views import HumanInspectView, ReadOnlyPermissionPolicy
from .models import Certificate

# Certificates are issued, re-issued and revoked by workflow steps only.
register_permission_policy(Certificate, ReadOnlyPermissionPolicy(Certificate))


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("证书")
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "certificates"
    url_namespace = "certificates"
    index_view_class = ExportIndexView
    inspect_view_class = HumanInspectView
    list_display = ["number", "kind", "holder_name", "current_status", "issued_at", "revoked_at"]
    list_filter = ["kind", "issued_at", "revoked_at"]
    list_export = [
        "number",
        "kind",
        "current_status",
        "holder_name",
        "issued_at",
        "current_valid_until",
        "revoked_at",
        "revoke_reason",
    ]
    search_fields = ["number", "holder_name"]
    inspect_view_enabled = True
    inspect_view_fields = [*list_export, "reissued_at"]
    form_fields = ["holder_name"]  # required by ModelViewSet; the policy allows no add/edit view


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet()


@hooks.register("register_log_actions")
def register_transition_log_actions(actions):
    """Every declared transition is a log action in Wagtail's history, labelled as on its button."""
    for key, action in registry.actions.items():
        actions.register_action(key, action.label(), action.label())
