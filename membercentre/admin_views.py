"""Staff screens of the member centre: the contribution and profile-change inspect pages (the
engine's, with the record's own details), the work-queue dashboard panel, the digest opt-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from workflows.admin_views import WorkflowInspectView, details

from .forms import DigestForm
from .models import QueueDigestSubscription
from .queues import queues_for, work_for

CONTRIBUTION_DETAILS = [
    "title",
    "unit",
    "summary",
    "description",
    "major",
    "resource_type",
    "year",
    "visibility",
    "licence",
]


class ContributionInspectView(WorkflowInspectView):
    template_name = "membercentre/admin/contribution_inspect.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "contribution_details": details(self.object, CONTRIBUTION_DETAILS),
            "files": self.object.files.all(),
        }


class ProfileChangeInspectView(WorkflowInspectView):
    template_name = "membercentre/admin/profile_change_inspect.html"


class WorkQueuesPanel(Component):
    """The dashboard opens on what waits for this user, each queue with its count and first items."""

    name = "work_queues"
    template_name = "membercentre/admin/work_queues_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        work = work_for(self.request.user)
        subscription = QueueDigestSubscription.objects.filter(user=self.request.user).first()
        return {
            "work": work,
            "total": sum(view.count for view in work),
            "digest_enabled": bool(subscription and subscription.enabled),
        }


@login_required
def digest_settings(request):
    """A staff member turns the daily digest of their queues on or off."""
    if not queues_for(request.user):
        return redirect("wagtailadmin_home")
    subscription, _created = QueueDigestSubscription.objects.get_or_create(user=request.user)
    form = DigestForm(request.POST or None, initial={"enabled": subscription.enabled})
    if request.method == "POST" and form.is_valid():
        subscription.enabled = form.cleaned_data["enabled"]
        subscription.save(update_fields=["enabled"])
        messages.success(request, _("已开启每日待办邮件。") if subscription.enabled else _("已关闭每日待办邮件。"))
        return redirect("wagtailadmin_home")
    return TemplateResponse(request, "membercentre/admin/digest_settings.html", {"form": form})
