"""Staff screens for applications and memberships (Wagtail admin)."""

from django.contrib import messages
from django.shortcuts import redirect

from workflows.admin_views import TransitionView, WorkflowInspectView, details
from workflows.votes import votes_for

from . import services
from .forms import VoteForm
from .models import DISCUSSION_STAGE, ApplicationState, Membership, MembershipApplication
from .selectors import council_voter_ids, possible_duplicates


def _simple(transition):
    def handler(application, *, by, comment, files):
        return services.application_transition(
            application=application, transition=transition, by=by, comment=comment, files=files
        )

    return handler


APPLICATION_HANDLERS = {
    "accept_for_discussion": _simple("accept_for_discussion"),
    "return_for_revision": _simple("return_for_revision"),
    "approve": _simple("approve"),
    "reject": _simple("reject"),
    "close_discussion": lambda application, *, by, comment, files: services.close_discussion(
        application=application, by=by, comment=comment
    ),
    "issue_certificate": lambda application, *, by, comment, files: services.issue_certificate(
        application=application, by=by, comment=comment
    ),
}

MEMBERSHIP_HANDLERS = {
    "confirm_certificate_returned": lambda membership, *, by, comment, files: services.confirm_certificate_returned(
        membership=membership, by=by, comment=comment
    ),
}


#: What a reviewer needs to know about the applying unit, on the application's page.
UNIT_DETAILS = [
    "name",
    "unit_type",
    "region",
    "address",
    "representative",
    "representative_title",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "introduction",
]


class ApplicationInspectView(WorkflowInspectView):
    template_name = "membership/admin/application_inspect.html"
    admin_transitions = tuple(APPLICATION_HANDLERS)
    transition_url_name = "membership_applications:transition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        in_discussion = application.state == ApplicationState.IN_DISCUSSION
        votes = list(votes_for(application, DISCUSSION_STAGE))
        context.update(
            unit_details=details(application.unit, UNIT_DETAILS),
            files=application.files.all(),
            duplicates=possible_duplicates(application.unit),
            votes=votes,
            tally=services.discussion_tally(application) if in_discussion else application.tally,
            can_vote=in_discussion and user.pk in council_voter_ids(),
            vote_form=VoteForm(
                initial=next(({"choice": v.choice, "comment": v.comment} for v in votes if v.voter_id == user.pk), None)
            ),
        )
        return context


class ApplicationTransitionView(TransitionView):
    model = MembershipApplication
    handlers = APPLICATION_HANDLERS
    inspect_url_name = "membership_applications:inspect"


class ApplicationVoteView(TransitionView):
    """A council member's vote (POST choice + comment)."""

    model = MembershipApplication
    inspect_url_name = "membership_applications:inspect"

    def post(self, request, pk, transition="vote"):
        form = VoteForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择赞成、反对或弃权。")
            return redirect(self.inspect_url_name, pk)
        self.handlers = {
            "vote": lambda application, *, by, comment, files: services.council_vote(
                application=application,
                voter=by,
                choice=form.cleaned_data["choice"],
                comment=form.cleaned_data["comment"],
            )
        }
        return super().post(request, pk, "vote")


class MembershipInspectView(WorkflowInspectView):
    template_name = "membership/admin/membership_inspect.html"
    admin_transitions = tuple(MEMBERSHIP_HANDLERS)
    transition_url_name = "membership_memberships:transition"

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit_details=details(self.object.unit, UNIT_DETAILS), **kwargs)


class MembershipTransitionView(TransitionView):
    model = Membership
    handlers = MEMBERSHIP_HANDLERS
    inspect_url_name = "membership_memberships:inspect"
