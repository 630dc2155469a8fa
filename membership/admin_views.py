"""Staff screens for applications and memberships (Wagtail admin): the engine's inspect view, plus
the unit's full details, the application's files and the units it may duplicate."""

from workflows.admin_views import WorkflowInspectView, details

from .models import UNIT_DETAIL_FIELDS
from .selectors import possible_duplicates


class ApplicationInspectView(WorkflowInspectView):
    template_name = "membership/admin/application_inspect.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "unit_details": details(self.object.unit, UNIT_DETAIL_FIELDS),
            "files": self.object.files.all(),
            "duplicates": possible_duplicates(self.object.unit),
        }


class MembershipInspectView(WorkflowInspectView):
    template_name = "membership/admin/membership_inspect.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "unit_details": details(self.object.unit, UNIT_DETAIL_FIELDS)}
