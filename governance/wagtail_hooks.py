from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.exports import ExportIndexView
from workflows.admin_views import HumanInspectView, ReaderRulePermissionPolicy, WorkflowViewSet

from . import admin_views
from .models import (
    MOTION_EDITABLE_STATES,
    Ballot,
    CharterVersion,
    Election,
    ElectionState,
    Meeting,
    MeetingState,
    Motion,
    Nomination,
)


class EditableIndexView(ExportIndexView):
    """The list links a record to its edit form only while it may be edited; otherwise to its
    inspect page (its history and transition buttons)."""

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return super().get_edit_url(instance)
        return None


class EditableWorkflowViewSet(WorkflowViewSet):
    """A workflow model whose details the secretariat edits while `editable_states` (states: transitions only)."""

    editable_states: tuple = ()
    edit_view_class = admin_views.StateGuardedEditView
    index_view_class = EditableIndexView
    extra_post_views: tuple = ()  # (url, name, view class, kwargs)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register_permission_policy(
            self.model, admin_views.SecretariatEditsPolicy(self.model, editable_states=self.editable_states)
        )

    def get_urlpatterns(self):
        inspect = self.get_url_name("inspect")
        extra = [
            path(url, view.as_view(model=self.model, inspect_url_name=inspect, **kwargs), name=name)
            for url, name, view, kwargs in self.extra_post_views
        ]
        return super().get_urlpatterns() + extra


class MotionViewSet(EditableWorkflowViewSet):
    model = Motion
    icon = "doc-full"
    menu_label = gettext_lazy("议案")
    url_prefix = "governance/motions"
    url_namespace = "governance_motions"
    editable_states = tuple(MOTION_EDITABLE_STATES)
    list_display = ["title", "motion_type", "body", "state", "consultation_ends_on", "created_at"]
    list_filter = ["state", "motion_type", "body"]
    list_export = ["title", "motion_type", "body", "state", "consultation_ends_on", "decided_at", "in_force_on"]
    form_fields = admin_views.MOTION_FIELDS
    add_view_class = admin_views.MotionCreateView
    edit_view_class = admin_views.MotionEditView
    inspect_view_class = admin_views.MotionInspectView
    inspect_view_fields = [
        "title",
        "motion_type",
        "body",
        "state",
        "consultation_ends_on",
        "created_at",
        "decided_at",
        "in_force_on",
    ]
    extra_post_views = (
        ("<int:pk>/open-ballot/", "open_ballot", admin_views.OpenBallotView, {}),
        ("<int:pk>/comments/<int:comment_id>/reply/", "reply", admin_views.ReplyView, {}),
    )


class BallotViewSet(WorkflowViewSet):
    """Ballots change only through their transitions; no screen lists ballot papers."""

    model = Ballot
    icon = "tick"
    menu_label = gettext_lazy("投票")
    url_prefix = "governance/ballots"
    url_namespace = "governance_ballots"
    list_display = ["title", "body", "secrecy_display", "state", "opened_at", "closes_at"]
    list_filter = ["state", "body", "secret"]
    index_view_class = ExportIndexView
    list_export = ["title", "body", "secret", "state", "opened_at", "closes_at", "summary"]
    export_headings = {"summary": gettext_lazy("计票结果")}
    inspect_view_class = admin_views.BallotInspectView
    inspect_view_fields = ["title", "body", "secret", "state", "opened_at", "closes_at", "motion", "election"]
    form_fields = ["title"]  # required by ModelViewSet; the policy allows no add/edit view


class ElectionViewSet(EditableWorkflowViewSet):
    model = Election
    icon = "group"
    menu_label = gettext_lazy("选举")
    url_prefix = "governance/elections"
    url_namespace = "governance_elections"
    editable_states = (ElectionState.DRAFT, ElectionState.NOMINATING)
    list_display = ["title", "term_start", "term_end", "nominations_close_on", "state"]
    list_filter = ["state"]
    inspect_view_class = admin_views.ElectionInspectView
    inspect_view_fields = ["title", "state", "term_start", "term_end", "nominations_close_on"]
    extra_post_views = (
        ("<int:pk>/open-ballot/", "open_ballot", admin_views.OpenBallotView, {}),
        ("<int:pk>/positions/<int:position_id>/decide/", "decide_tie", admin_views.DecideTieView, {}),
    )


class MeetingViewSet(EditableWorkflowViewSet):
    model = Meeting
    icon = "date"
    menu_label = gettext_lazy("会议")
    url_prefix = "governance/meetings"
    url_namespace = "governance_meetings"
    editable_states = (MeetingState.DRAFT, MeetingState.INVITED, MeetingState.HELD)
    list_display = ["title", "kind", "starts_at", "state"]
    list_filter = ["state", "kind"]
    list_export = ["title", "kind", "body", "starts_at", "ends_at", "place", "online_url", "state"]
    inspect_view_class = admin_views.MeetingInspectView
    inspect_view_fields = [
        "title",
        "kind",
        "body",
        "state",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "rsvp_deadline",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/attendance/", admin_views.AttendanceView.as_view(), name="attendance")
        ]


class NominationViewSet(ModelViewSet):
    model = Nomination
    icon = "user"
    menu_label = gettext_lazy("提名")
    url_prefix = "governance/nominations"
    url_namespace = "governance_nominations"
    list_display = ["position", "nominee", "nominated_by", "consent", "created_at"]
    list_filter = ["consent", "position__election"]
    inspect_view_enabled = True
    inspect_view_class = HumanInspectView
    form_fields = ["statement"]


class CharterVersionViewSet(ModelViewSet):
    model = CharterVersion
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("条例版本")
    url_prefix = "governance/charter"
    url_namespace = "governance_charter"
    list_display = ["number", "in_force_from", "motion"]
    inspect_view_enabled = True
    inspect_view_class = HumanInspectView
    inspect_view_fields = ["number", "in_force_from", "motion", "text"]
    form_fields = ["number"]


class ReadOnly(ReaderRulePermissionPolicy):
    def user_has_permission(self, user, action):
        return False if action in ("add", "change", "delete") else super().user_has_permission(user, action)


for _model in (Nomination, CharterVersion):
    register_permission_policy(_model, ReadOnly(_model))


class GovernanceGroup(ViewSetGroup):
    menu_label = gettext_lazy("议事与选举")
    menu_icon = "site"
    menu_order = 210
    items = [MeetingViewSet, MotionViewSet, BallotViewSet, ElectionViewSet, NominationViewSet, CharterVersionViewSet]


@hooks.register("register_admin_viewset")
def register_governance_viewsets():
    return GovernanceGroup()


class AnnualMeetingPanel(Component):
    """Art. 17: a flag on the dashboard for each past year without an annual council meeting held."""

    name = "governance_annual_meeting"
    order = 90

    def __init__(self, years):
        self.years = years

    def render_html(self, parent_context=None):
        years = "、".join(str(y) for y in self.years)
        return format_html(
            '<section class="panel summary nice-padding"><h2 class="w-h3">{}</h2><p>{}</p><p><a href="{}">{}</a></p></section>',
            _("年度理事会会议"),
            _("以下年份没有已召开的年度理事会会议（条例第十七条）：%(years)s") % {"years": years},
            reverse("governance_meetings:index"),
            _("安排会议"),
        )


@hooks.register("construct_homepage_panels")
def annual_meeting_flag(request, panels):
    from core import roles

    if not roles.has_role(request.user, roles.SECRETARIAT, roles.CHAIR):
        return
    years = admin_views.annual_meeting_panel_years()
    if years:
        panels.append(AnnualMeetingPanel(years))
