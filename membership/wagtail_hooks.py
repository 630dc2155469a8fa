from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.exports import ExportIndexView
from workflows.admin_views import HumanInspectView, ReaderRulePermissionPolicy, WorkflowViewSet

from .admin_views import ApplicationInspectView, MembershipInspectView
from .models import UNIT_DETAIL_FIELDS, CouncilPosition, Membership, MembershipApplication, MemberUnit

# Units are edited by those with the model permission; read by the unit kind's reader rule.
register_permission_policy(MemberUnit, ReaderRulePermissionPolicy(MemberUnit))


class ApplicationViewSet(WorkflowViewSet):
    """Applications change only through their transitions (membership.actions)."""

    model = MembershipApplication
    icon = "form"
    menu_label = _("入会申请")
    url_prefix = "membership/applications"
    url_namespace = "membership_applications"
    list_display = ["unit", "unit__unit_type", "unit__region", "state", "submitted_at"]
    list_filter = ["state", "unit__unit_type", "unit__region", "submitted_at"]
    index_view_class = ExportIndexView
    list_export = [
        "unit",
        "unit.unit_type",
        "unit.region",
        "state",
        "unit.representative",
        "unit.contact_name",
        "unit.contact_phone",
        "unit.contact_email",
        "unit.address",
        "created_at",
        "submitted_at",
        "decided_at",
    ]
    search_fields = ["unit__name", "unit__contact_name"]
    ordering = ["-submitted_at", "-created_at"]
    inspect_view_class = ApplicationInspectView
    inspect_view_fields = ["unit", "state", "applicant", "created_at", "submitted_at", "decided_at"]
    form_fields = ["statement"]  # required by ModelViewSet; the policy allows no add/edit view

    def get_queryset(self, request):
        return MembershipApplication.objects.select_related("unit", "applicant")


class MembershipViewSet(WorkflowViewSet):
    model = Membership
    icon = "tick-inverse"
    menu_label = _("会籍")
    url_prefix = "membership/memberships"
    url_namespace = "membership_memberships"
    list_display = ["unit", "state", "joined_on", "certificate", "left_on"]
    list_filter = ["state", "unit__unit_type", "unit__region"]
    index_view_class = ExportIndexView
    list_export = [
        "unit",
        "state",
        "joined_on",
        "certificate",
        "unit.representative",
        "unit.contact_name",
        "unit.contact_phone",
        "unit.contact_email",
        "notice_given_at",
        "left_on",
    ]
    search_fields = ["unit__name"]
    inspect_view_class = MembershipInspectView
    inspect_view_fields = ["unit", "state", "joined_on", "certificate", "notice_given_at", "left_on"]
    form_fields = ["joined_on"]  # required by ModelViewSet; the policy allows no add/edit view


class MemberUnitViewSet(ModelViewSet):
    model = MemberUnit
    icon = "group"
    menu_label = _("单位信息")
    url_prefix = "membership/units"
    url_namespace = "membership_units"
    list_display = ["name", "unit_type", "region", "representative", "contact_name", "created_at"]
    list_filter = ["unit_type", "region"]
    index_view_class = ExportIndexView
    list_export = [*UNIT_DETAIL_FIELDS, "created_at"]
    search_fields = ["name", "representative", "contact_name"]
    exclude_form_fields = ["account"]
    inspect_view_enabled = True
    inspect_view_class = HumanInspectView


class CouncilPositionViewSet(ModelViewSet):
    model = CouncilPosition
    icon = "user"
    menu_label = _("理事会职务")
    url_prefix = "membership/positions"
    url_namespace = "membership_positions"
    list_display = ["position", "unit", "holder_name", "term_start", "term_end"]
    list_filter = ["position", "term_end"]
    index_view_class = ExportIndexView
    list_export = [
        "position",
        "unit",
        "holder_name",
        "term_start",
        "term_end",
        "unit.contact_name",
        "unit.contact_phone",
    ]
    inspect_view_enabled = True
    inspect_view_class = HumanInspectView
    form_fields = ["unit", "position", "holder_name", "term_start", "term_end"]


class MembershipGroup(ViewSetGroup):
    menu_label = _("会员管理")
    menu_icon = "group"
    menu_order = 200
    items = [ApplicationViewSet, MembershipViewSet, MemberUnitViewSet, CouncilPositionViewSet]


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return MembershipGroup()
