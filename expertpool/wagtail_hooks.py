from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from core.exports import ExportIndexView
from workflows.admin_views import ReadOnlyPermissionPolicy, WorkflowViewSet

from .admin_views import (
    CandidateInspectView,
    PanelDrawCreateView,
    PanelDrawInspectView,
    PanelReplaceView,
    QualificationView,
)
from .models import ExpertCandidate, PanelDraw

register_permission_policy(PanelDraw, ReadOnlyPermissionPolicy(PanelDraw))


class CandidateViewSet(WorkflowViewSet):
    """Candidacies change only through their transitions (expertpool.actions)."""

    model = ExpertCandidate
    icon = "user"
    menu_label = _("专家")
    url_prefix = "experts/candidates"
    url_namespace = "expert_candidates"
    list_display = ["name", "employer", "title", "route", "state", "term_end"]
    list_filter = ["state", "route", "title", "region", "majors"]
    index_view_class = ExportIndexView
    list_export = [
        "name",
        "employer",
        "title",
        "position",
        "route",
        "recommending_unit",
        "state",
        "region",
        "email",
        "phone",
        "term_start",
        "term_end",
        "letter",
    ]
    search_fields = ["name", "employer", "keywords"]
    # The admin searches exactly these fields by substring (the ORM), on every database: "数控" finds
    # "数控技术应用" and an employer or code is found too, which the search index cannot promise.
    search_backend_name = None
    inspect_view_class = CandidateInspectView
    inspect_view_fields = [
        "name",
        "route",
        "recommending_unit",
        "state",
        "employer",
        "title",
        "position",
        "majors",
        "keywords",
        "years_experience",
        "region",
        "email",
        "phone",
        "bio",
        "term_start",
        "term_end",
        "letter",
    ]
    form_fields = ["name"]  # required by ModelViewSet; the policy allows no add/edit view

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/qualification/", QualificationView.as_view(), name="qualification"),
        ]


class PanelDrawIndexView(ExportIndexView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(gettext("新的抽取"), url=reverse("panel_draws:draw"), icon_name="plus"),
        ]


class PanelDrawViewSet(ModelViewSet):
    model = PanelDraw
    icon = "resubmit"
    menu_label = _("评审专家抽取")
    url_prefix = "experts/draws"
    url_namespace = "panel_draws"
    list_display = ["purpose", "major", "panel_size", "drawn_by", "drawn_at"]
    list_filter = ["major", "drawn_at"]
    inspect_view_enabled = True
    inspect_view_class = PanelDrawInspectView
    index_view_class = PanelDrawIndexView
    form_fields = ["purpose"]  # draws are made through the draw form below, never edited

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("draw/", PanelDrawCreateView.as_view(), name="draw"),
            path("<int:pk>/replace/", PanelReplaceView.as_view(), name="replace"),
        ]


class ExpertPoolGroup(ViewSetGroup):
    menu_label = _("专家库")
    menu_icon = "user"
    menu_order = 205
    items = [CandidateViewSet, PanelDrawViewSet]


@hooks.register("register_admin_viewset")
def register_expertpool_viewsets():
    return ExpertPoolGroup()
