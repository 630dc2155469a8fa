"""The admin of event registration: registrations per event (filter by event and state, inspect with
the transition buttons, export to XLSX/CSV: the registration list and, filtered by 已签到, the
attendance list), and competition entries with their awards."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.exports import ExportIndexView
from workflows.admin_views import HumanInspectView, ReaderRulePermissionPolicy, WorkflowInspectView, WorkflowViewSet

from .models import CompetitionEntry, Registration

#: The registration list as exported; the attendance list is the same, filtered by state 已签到.
REGISTRATION_EXPORT = [
    "event",
    "name",
    "unit_name",
    "title",
    "phone",
    "dietary",
    "state",
    "is_member",
    "created_at",
    "seated_at",
    "checked_in_at",
    "cancelled_at",
]


class RegistrationViewSet(WorkflowViewSet):
    """Registrations change only through their transitions (events.actions)."""

    model = Registration
    icon = "form"
    menu_label = _("活动报名")
    url_prefix = "events/registrations"
    url_namespace = "events_registrations"
    list_display = ["name", "event", "unit_name", "state", "created_at", "checked_in_at"]
    list_filter = ["event", "state", "is_member"]
    index_view_class = ExportIndexView
    list_export = REGISTRATION_EXPORT
    search_fields = ["name", "unit_name", "phone"]
    ordering = ["event", "created_at"]
    inspect_view_class = WorkflowInspectView
    inspect_view_fields = [*REGISTRATION_EXPORT[1:], "event", "user", "checked_in_by"]
    form_fields = ["name"]  # required by ModelViewSet; the policy allows no add/edit view

    def get_queryset(self, request):
        return Registration.objects.select_related("event", "user")


class EntryPermissionPolicy(ReaderRulePermissionPolicy):
    """Teams are entered by member schools on the site, never created or deleted in the admin; the
    secretariat (model permission `change`) records the award and score."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(CompetitionEntry, EntryPermissionPolicy(CompetitionEntry))


class CompetitionEntryViewSet(ModelViewSet):
    """Teams entered by member schools; the secretariat records the award and score (shown on the
    event page once the page's 公布比赛结果 is ticked)."""

    model = CompetitionEntry
    icon = "pick"
    menu_label = _("参赛队伍")
    url_prefix = "events/entries"
    url_namespace = "events_entries"
    list_display = ["team_name", "unit", "event", "instructor", "award", "score"]
    list_filter = ["event", "award"]
    index_view_class = ExportIndexView
    list_export = ["event", "team_name", "unit", "students", "instructor", "award", "score", "created_at"]
    search_fields = ["team_name", "unit__name", "instructor"]
    inspect_view_enabled = True
    inspect_view_class = HumanInspectView
    inspect_view_fields = ["event", "team_name", "unit", "students", "instructor", "award", "score", "created_at"]
    form_fields = ["award", "score"]

    def get_queryset(self, request):
        return CompetitionEntry.objects.select_related("event", "unit")


class EventRegistrationGroup(ViewSetGroup):
    menu_label = _("活动报名")
    menu_icon = "date"
    menu_order = 250
    items = [RegistrationViewSet, CompetitionEntryViewSet]


@hooks.register("register_admin_viewset")
def register_event_viewsets():
    return EventRegistrationGroup()
