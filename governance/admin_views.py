"""Staff screens (Wagtail admin): the engine's inspect view plus what each record needs — the ballot
form that opens a vote, versions and replies for a motion, candidates and tie decisions for an
election, invitations and the attendance list (phone-friendly) for a meeting, who has voted for a
ballot (never what, for a secret one)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin.views.generic import CreateView, EditView

from core import roles
from core.params import ParameterError, strict_int
from workflows.admin_views import ReaderRulePermissionPolicy, ViewPermissionRequiredMixin, WorkflowInspectView
from workflows.refusals import REFUSALS, report_refusal

from . import selectors, services
from .forms import OpenBallotForm
from .models import (
    ElectionState,
    Meeting,
    MeetingState,
    Motion,
    MotionComment,
    MotionState,
)
from .voting import nominee_names


class SecretariatEditsPolicy(ReaderRulePermissionPolicy):
    """The secretariat adds and edits (details only: states change through transitions) while
    `editable(instance)` says so; nobody deletes a governance record."""

    editable_states: tuple[str, ...] = ()

    def __init__(self, model, editable_states=()):
        super().__init__(model)
        self.editable_states = tuple(editable_states)

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        if action in ("add", "change"):
            return roles.has_role(user, roles.SECRETARIAT)
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change" and getattr(instance, "state", None) not in self.editable_states:
            return False
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        queryset = self.model._default_manager.all()
        if not self.user_has_permission(user, action):
            return queryset.none()
        return queryset.filter(state__in=self.editable_states) if action == "change" else queryset


# --- motions --------------------------------------------------------------------------------------
MOTION_FIELDS = ["title", "motion_type", "body", "summary", "text", "consultation_ends_on"]


class StateGuardedEditView(EditView):
    """Details are edited only in the states the model's policy allows (a motion once put to the
    vote, a meeting once its minutes are out): otherwise 403, whatever the URL."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj):
            raise PermissionDenied
        return obj


class MotionCreateView(CreateView):
    def save_instance(self):
        data = {name: self.form.cleaned_data[name] for name in MOTION_FIELDS}
        return services.motion_create(by=self.request.user, **data)


class MotionEditView(StateGuardedEditView):
    def save_instance(self):
        data = {name: self.form.cleaned_data[name] for name in MOTION_FIELDS}
        return services.motion_revise(motion=self.object, by=self.request.user, note=_("修订"), **data)


class MotionInspectView(WorkflowInspectView):
    template_name = "governance/admin/motion_inspect.html"

    def get_context_data(self, **kwargs):
        motion = self.object
        return {
            **super().get_context_data(**kwargs),
            "versions": motion.versions.all(),
            "comments": motion.comments.select_related("unit", "author"),
            "ballots": motion.ballots.all(),
            "ballot_form": OpenBallotForm() if motion.state == MotionState.FINAL_DRAFT else None,
            "is_secretariat": roles.has_role(self.request.user, roles.SECRETARIAT),
            "site_url": reverse("governance:motion", args=[motion.public_id]),
        }


class AdminPostView(ViewPermissionRequiredMixin, View):
    """POST to one record; refusals become a message; back to its inspect page."""

    inspect_url_name = ""

    def post(self, request, pk, **kwargs):
        obj = get_object_or_404(self.model, pk=pk)
        try:
            message = self.perform(request, obj, **kwargs)
        except REFUSALS as refusal:
            report_refusal(request, refusal)
        else:
            messages.success(request, message)
        return redirect(self.inspect_url_name, pk)


class OpenBallotView(AdminPostView):
    """Put a motion or an election to the vote: named or secret, and until when."""

    def perform(self, request, obj):
        form = OpenBallotForm(request.POST)
        if not form.is_valid():
            from django.core.exceptions import ValidationError

            raise ValidationError([e for errors in form.errors.values() for e in errors])
        options = {
            "by": request.user,
            "secret": form.cleaned_data["secret"],
            "closes_at": form.cleaned_data["closes_at"],
            "comment": form.cleaned_data["comment"],
        }
        if isinstance(obj, Motion):
            services.open_motion_ballot(motion=obj, **options)
        else:
            services.open_election_ballot(election=obj, **options)
        return _("投票已开始，已通知有表决权的单位。")


class ReplyView(AdminPostView):
    def perform(self, request, obj, comment_id):
        comment = get_object_or_404(MotionComment, motion=obj, pk=comment_id)
        services.comment_reply(comment=comment, by=request.user, text=request.POST.get("reply", ""))
        return _("答复已发布并通知提出意见的会员。")


# --- ballots --------------------------------------------------------------------------------------
class BallotInspectView(WorkflowInspectView):
    template_name = "governance/admin/ballot_inspect.html"

    def get_context_data(self, **kwargs):
        ballot = self.object
        named = []
        if not ballot.secret:
            named = ballot.papers.select_related("cast_by").order_by("voter_key")
        return {
            **super().get_context_data(**kwargs),
            "participation": selectors.participation(ballot),
            "named_papers": named,
            "unit_names": _unit_names(named),
        }


def _unit_names(papers) -> dict:
    from membership.models import MemberUnit

    ids = [int(p.voter_key.rsplit(":", 1)[1]) for p in papers if p.voter_key]
    names = dict(MemberUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {p.voter_key: names.get(int(p.voter_key.rsplit(":", 1)[1]), "") for p in papers if p.voter_key}


# --- elections ------------------------------------------------------------------------------------
class ElectionInspectView(WorkflowInspectView):
    template_name = "governance/admin/election_inspect.html"

    def get_context_data(self, **kwargs):
        election = self.object
        positions = []
        for position in election.positions.all():
            result = position.result or {}
            names = nominee_names([int(k) for k in result.get("counts", {})])
            positions.append(
                {
                    "position": position,
                    "nominations": position.nominations.select_related("nominee", "nominated_by"),
                    "counts": sorted(
                        ((names.get(int(k), ""), v, int(k)) for k, v in result.get("counts", {}).items()),
                        key=lambda row: -row[1],
                    ),
                    "elected": set(position.elected_ids()),
                    "tied": nominee_names(position.undecided_ties()),
                    "open_seats": result.get("open_seats", 0),
                }
            )
        return {
            **super().get_context_data(**kwargs),
            "positions": positions,
            "ballots": election.ballots.all(),
            "ballot_form": OpenBallotForm() if election.state == ElectionState.NOMINATING else None,
            "counted": election.state == ElectionState.COUNTED,
        }


class DecideTieView(AdminPostView):
    def perform(self, request, obj, position_id):
        position = get_object_or_404(obj.positions, pk=position_id)
        try:
            chosen = [strict_int(v, name="nomination", minimum=1) for v in request.POST.getlist("nomination")]
        except ParameterError as error:
            from django.core.exceptions import ValidationError

            raise ValidationError(str(error)) from error
        services.decide_tie(position=position, by=request.user, nomination_ids=chosen)
        return _("已记录决定。")


# --- meetings -------------------------------------------------------------------------------------
class MeetingInspectView(WorkflowInspectView):
    template_name = "governance/admin/meeting_inspect.html"

    def get_context_data(self, **kwargs):
        meeting = self.object
        invitations = meeting.invitations.select_related("unit")
        return {
            **super().get_context_data(**kwargs),
            "invitations": invitations,
            "answers": {
                "attend": sum(1 for i in invitations if i.answer in ("attend", "delegate")),
                "present": sum(1 for i in invitations if i.attended),
            },
            "attendance_url": reverse("governance_meetings:attendance", args=[meeting.pk]),
            "site_url": reverse("governance:meeting", args=[meeting.public_id]),
        }


class AttendanceView(ViewPermissionRequiredMixin, View):
    """On the day: the invited units, one tap each for present / absent (works on a phone)."""

    model = Meeting

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        return render(
            request,
            "governance/admin/attendance.html",
            {"meeting": meeting, "invitations": meeting.invitations.select_related("unit"),
             "recordable": meeting.state in (MeetingState.INVITED, MeetingState.HELD)},
        )  # fmt: skip

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        try:
            invitation_id = strict_int(request.POST.get("invitation"), name="invitation", minimum=1)
            services.record_attendance(
                meeting=meeting,
                by=request.user,
                invitation_id=invitation_id or 0,
                attended=request.POST.get("attended") == "1",
            )
        except ParameterError as error:
            messages.error(request, str(error))
        except REFUSALS as refusal:
            report_refusal(request, refusal)
        return redirect(
            reverse("governance_meetings:attendance", args=[pk]) + f"#invitation-{request.POST.get('invitation', '')}"
        )


def annual_meeting_panel_years() -> list[int]:
    return selectors.years_without_annual_council_meeting()
