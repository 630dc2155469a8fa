"""Admin screens shared by every workflow model, driven by the action registry: an inspect view with
the object's history, the actions this user may fire (as buttons with a comment box) and its voting
stage; the view those buttons post to; the view a vote is cast through.

Which roles may fire what is decided by the model's transitions, checked again by the action on
POST; the buttons are only a convenience.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.display import as_text, resolve
from core.single_line import SingleLineFieldsMixin

from . import access
from .actions import ADMIN, action_for, history, registry
from .models import Certificate, VoteChoice
from .pending_uploads import PendingUploads
from .refusals import REFUSALS, report_refusal


class VoteForm(SingleLineFieldsMixin, forms.Form):
    choice = forms.ChoiceField(label=_("意见"), choices=VoteChoice.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReaderRulePermissionPolicy(ModelPermissionPolicy):
    """Viewing (list, inspect, export) follows the record kind's reader rule (workflows/access.py),
    the same rule the public site's pages and downloads ask; other actions follow model permissions."""

    def user_has_permission(self, user, action):
        if action == "view":
            return access.staff_may_read(user, self.model)
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyPermissionPolicy(ReaderRulePermissionPolicy):
    """Workflow records are never created, edited or deleted through generic forms: only transitions
    change them. Viewing follows the record kind's reader rule."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class HumanInspectView(InspectView):
    """An inspect page as a reviewer reads it (core/display.py): local times, choice labels,
    a dash for an empty value, never `None`."""

    def get_field_label(self, field_name, field):
        if field is None:
            described = getattr(getattr(self.model, field_name, None), "short_description", None)
            if described:
                return capfirst(str(described))
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field is None and callable(getattr(self.object, field_name, None)):
            return as_text(getattr(self.object, field_name)())
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, Certificate):  # a document is never shown without its live status
            return f"{value.number}（{value.current_status()}）"
        return value if isinstance(value, Component) else as_text(value)


def details(obj, fields: list[str]) -> list[tuple[str, str]]:
    """(label, text) of some of a record's fields, for a block on an inspect page."""
    return [(capfirst(str(obj._meta.get_field(name).verbose_name)), as_text(resolve(obj, name))) for name in fields]


class WorkflowInspectView(HumanInspectView):
    """History, the admin actions this user may fire now, and the model's voting stage if it has one
    (`votes`, `tally`, `can_vote`, `vote_form`, `can_close_vote`)."""

    template_name = "workflows/admin/inspect.html"
    transition_url_name = ""
    vote_url_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        context["history"] = history(obj)
        context["actions"] = registry.offered(obj, user, ADMIN)
        context["comment_audience"] = registry.comment_audience(type(obj))
        context["transition_url_name"] = self.transition_url_name
        context["vote_url_name"] = self.vote_url_name
        context["pending_files"] = PendingUploads(self.request, attachments_scope(obj)).names()
        for stage in registry.stages_for(type(obj))[:1]:
            votes = list(stage.votes(obj))
            mine = next(({"choice": v.choice, "comment": v.comment} for v in votes if v.voter_id == user.pk), None)
            context.update(
                stage=stage,
                votes=votes,
                tally=stage.current_tally(obj),
                can_vote=stage.may_vote(user, obj),
                vote_form=VoteForm(initial=mine),
                can_close_vote=stage.may_close(obj, user),
                # A stage whose closing is itself a declared admin action has its button with the others.
                show_close_vote=stage.may_close(obj, user)
                and stage.close_name not in {a.name for a in context["actions"]},
            )
        return context


def attachments_scope(obj) -> str:
    return f"transition:{obj._meta.label_lower}:{obj.pk}"


class ViewPermissionRequiredMixin:
    """Whoever may not see a record may not act on it: refused (403) before anything is looked up;
    the action's own role check is the second line of defence."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        if not access.staff_may_read(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WorkflowPostView(ViewPermissionRequiredMixin, View):
    """POST something to do with one object; refusals become a message; back to the inspect view."""

    inspect_url_name = ""
    success_message = _("操作已完成。")

    def post(self, request, pk, **kwargs):
        obj = get_object_or_404(self.model, pk=pk)
        try:
            self.perform(request, obj, **kwargs)
        except REFUSALS as refusal:
            report_refusal(request, refusal)
        else:
            messages.success(request, self.success_message)
        return redirect(self.inspect_url_name, pk)


class TransitionView(WorkflowPostView):
    """POST a transition (or a voting stage's close) with a comment and files, as the registry declares it."""

    def perform(self, request, obj, transition):
        comment = request.POST.get("comment", "")[:2000]
        for stage in registry.stages_for(self.model):
            if transition == stage.close_name:
                return stage.close(obj, by=request.user, comment=comment)
        action = action_for(obj, transition, request.user)
        if ADMIN not in action.offered_on:
            raise PermissionDenied(gettext("该操作不在管理后台办理。"))
        # Attachments of a refused attempt are kept for the next one (workflows.pending_uploads).
        pending = PendingUploads(request, attachments_scope(obj))
        files = pending.files().getlist("files")
        try:
            result = action.execute(comment=comment, files=files)
        except REFUSALS:
            pending.keep_files("files", files)
            raise
        pending.clear()
        return result


class VoteView(WorkflowPostView):
    """A voter's vote in the model's voting stage (POST choice + comment)."""

    success_message = _("表决意见已记录。")

    def perform(self, request, obj):
        form = VoteForm(request.POST)
        if not form.is_valid():
            raise ValidationError(gettext("请选择赞成、反对或弃权。"))
        stage = registry.stages_for(self.model)[0]
        stage.cast(obj, voter=request.user, choice=form.cleaned_data["choice"], comment=form.cleaned_data["comment"])


class WorkflowViewSet(ModelViewSet):
    """A ModelViewSet for a workflow model: read-only through generic forms, an inspect view with the
    registry's buttons, and the URLs those buttons and the vote form post to."""

    inspect_view_enabled = True
    inspect_view_class = WorkflowInspectView

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register_permission_policy(self.model, ReadOnlyPermissionPolicy(self.model))

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            transition_url_name=self.get_url_name("transition"), vote_url_name=self.get_url_name("vote"), **kwargs
        )

    def get_urlpatterns(self):
        inspect = self.get_url_name("inspect")
        urls = [
            path(
                "<int:pk>/transition/<str:transition>/",
                TransitionView.as_view(model=self.model, inspect_url_name=inspect),
                name="transition",
            )
        ]
        if registry.stages_for(self.model):
            urls.append(
                path("<int:pk>/vote/", VoteView.as_view(model=self.model, inspect_url_name=inspect), name="vote")
            )
        return super().get_urlpatterns() + urls
