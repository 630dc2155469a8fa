"""Admin screens shared by every workflow model: an inspect view with the object's history and the
transitions this user may fire (as buttons with a comment box), and the view those buttons post to.

Which roles may fire what is decided by the model's transitions, checked again by the service on
POST; the buttons are only a convenience.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import capfirst
from django.views import View
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import InspectView
from wagtail.permission_policies.base import ModelPermissionPolicy

from core.display import as_text, resolve

from . import access
from .models import Certificate
from .pending_uploads import PendingUploads
from .services import TransitionRefused, available_transitions, history


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
    template_name = "workflows/admin/inspect.html"
    #: The transitions offered in the admin (the applicant's own ones are on the public site).
    admin_transitions: tuple[str, ...] = ()
    transition_url_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history(self.object)
        context["actions"] = [
            action
            for action in available_transitions(self.object, self.request.user)
            if action.name in self.admin_transitions
        ]
        context["transition_url_name"] = self.transition_url_name
        context["pending_files"] = PendingUploads(self.request, attachments_scope(self.object)).names()
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


class TransitionView(ViewPermissionRequiredMixin, View):
    """POST a transition with a comment (and files). `handlers` maps a transition name to the
    service function that performs it: f(obj, by=user, comment=str, files=list)."""

    handlers: dict = {}
    inspect_url_name = ""

    def post(self, request, pk, transition):
        obj = get_object_or_404(self.model, pk=pk)
        handler = self.handlers.get(transition)
        if handler is None:
            messages.error(request, "未知的操作。")
            return redirect(self.inspect_url_name, pk)
        # Attachments of a refused attempt are kept for the next one (workflows.pending_uploads).
        pending = PendingUploads(request, attachments_scope(obj))
        files = pending.files().getlist("files")
        try:
            handler(obj, by=request.user, comment=request.POST.get("comment", "")[:2000], files=files)
        except TransitionRefused as refusal:
            messages.error(request, refusal.message)
        except PermissionDenied as denied:
            messages.error(request, str(denied) or "您没有执行该操作的权限。")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            pending.clear()
            messages.success(request, "操作已完成。")
            return redirect(self.inspect_url_name, pk)
        pending.keep_files("files", files)
        return redirect(self.inspect_url_name, pk)
