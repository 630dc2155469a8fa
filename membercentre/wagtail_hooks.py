from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from core.exports import ExportIndexView
from workflows.admin_views import WorkflowViewSet

from .admin_views import ContributionInspectView, ProfileChangeInspectView, WorkQueuesPanel, digest_settings
from .models import Contribution, ProfileChangeRequest
from .queues import queues_for, total_for


class ContributionViewSet(WorkflowViewSet):
    """Contributions change only through their transitions (membercentre.actions)."""

    model = Contribution
    icon = "doc-full"
    menu_label = _("资源投稿")
    url_prefix = "membercentre/contributions"
    url_namespace = "membercentre_contributions"
    list_display = ["title", "unit", "major", "resource_type", "state", "submitted_at"]
    list_filter = ["state", "resource_type", "visibility", "licence"]
    index_view_class = ExportIndexView
    list_export = ["title", "unit", "major", "resource_type", "year", "visibility", "licence", "state", "submitted_at"]
    search_fields = ["title", "unit__name"]
    ordering = ["-submitted_at", "-created_at"]
    inspect_view_class = ContributionInspectView
    inspect_view_fields = ["state", "unit", "submitted_by", "reviewer", "resource_page", "created_at", "submitted_at"]
    form_fields = ["title"]  # required by ModelViewSet; the policy allows no add/edit view

    def get_queryset(self, request):
        return Contribution.objects.select_related("unit", "major")


class ProfileChangeViewSet(WorkflowViewSet):
    model = ProfileChangeRequest
    icon = "edit"
    menu_label = _("单位信息变更")
    url_prefix = "membercentre/profile-changes"
    url_namespace = "membercentre_profile_changes"
    list_display = ["unit", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    search_fields = ["unit__name"]
    inspect_view_class = ProfileChangeInspectView
    inspect_view_fields = ["unit", "state", "requested_by", "created_at", "decided_at"]
    form_fields = ["unit"]


class MemberCentreGroup(ViewSetGroup):
    menu_label = _("会员投稿与变更")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = [ContributionViewSet, ProfileChangeViewSet]


@hooks.register("register_admin_viewset")
def register_membercentre_viewsets():
    return MemberCentreGroup()


@hooks.register("construct_homepage_panels")
def add_work_queues_panel(request, panels):
    if queues_for(request.user):
        panels.insert(0, WorkQueuesPanel(request))


class WorkQueuesMenuItem(MenuItem):
    """我的待办, with the number of items waiting for this user in its label (the menu's badge)."""

    def is_shown(self, request):
        return bool(queues_for(request.user))

    def render_component(self, request):
        count = total_for(request.user)
        label = _("我的待办（%(n)s）") % {"n": count} if count else _("我的待办")
        return LinkMenuItem(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


@hooks.register("register_admin_menu_item")
def register_work_queues_menu_item():
    return WorkQueuesMenuItem(
        _("我的待办"), reverse("wagtailadmin_home"), name="work-queues", icon_name="tasks", order=1
    )


@hooks.register("register_admin_urls")
def register_digest_url():
    return [path("membercentre/digest/", digest_settings, name="membercentre_digest")]
