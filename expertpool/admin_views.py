"""Staff screens for the expert pool: candidate review and selection, panel draws."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views import View

from core import roles
from core.params import InvalidNumber, strict_int
from membership.names import Match
from membership.selectors import MATCH_LABELS, similar_units
from workflows.admin_views import HumanInspectView, TransitionView, ViewPermissionRequiredMixin, WorkflowInspectView
from workflows.votes import votes_for

from . import draws, services
from .forms import CommitteeVoteForm, PanelDrawForm, QualificationForm
from .models import SELECTION_STAGE, CandidateState, ExpertCandidate, PanelDraw

CANDIDATE_HANDLERS = {
    "start_reselection": lambda c, *, by, comment, files: services.start_reselection(
        candidate=c, by=by, comment=comment
    ),
    "close_selection": lambda c, *, by, comment, files: services.close_selection(candidate=c, by=by, comment=comment),
}


class CandidateInspectView(WorkflowInspectView):
    template_name = "expertpool/admin/candidate_inspect.html"
    admin_transitions = ("start_reselection",)
    transition_url_name = "expert_candidates:transition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        candidate, user = self.object, self.request.user
        in_selection = candidate.state == CandidateState.IN_SELECTION
        is_secretariat = roles.has_role(user, roles.SECRETARIAT)
        votes = list(votes_for(candidate, SELECTION_STAGE))
        mine = next(({"choice": v.choice, "comment": v.comment} for v in votes if v.voter_id == user.pk), None)
        suggestions = similar_units(candidate.employer) if candidate.state == CandidateState.SUBMITTED else []
        same = [unit for unit, how in suggestions if how == Match.SAME]
        suggested = candidate.employer_unit_id or (same[0].pk if len(same) == 1 else None)
        context.update(
            can_review=is_secretariat and candidate.state == CandidateState.SUBMITTED,
            qualification_form=form_with_kept_input(
                self.request, QualificationForm, candidate.pk, initial={"employer_unit": suggested}
            ),
            employer_suggestions=[(unit, MATCH_LABELS[how]) for unit, how in suggestions],
            can_close_selection=is_secretariat and in_selection,
            can_vote=in_selection and user.pk in services.committee_voter_ids(),
            vote_form=CommitteeVoteForm(initial=mine),
            votes=votes,
            tally=services.selection_tally(candidate) if in_selection else candidate.tally,
        )
        return context


class CandidateTransitionView(TransitionView):
    model = ExpertCandidate
    handlers = CANDIDATE_HANDLERS
    inspect_url_name = "expert_candidates:inspect"


class _CandidateFormView(ViewPermissionRequiredMixin, View):
    model = ExpertCandidate
    form_class = None
    success_message = "操作已完成。"

    def post(self, request, pk):
        candidate = get_object_or_404(ExpertCandidate, pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, "请检查填写内容。")
            return self._back_with_input(request, pk)
        try:
            self.perform(candidate, form, request.user)
        except services.TransitionRefused as refusal:
            messages.error(request, refusal.message)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return self._back_with_input(request, pk)
        else:
            messages.success(request, self.success_message)
        return redirect("expert_candidates:inspect", pk)

    def _back_with_input(self, request, pk):
        """Back to the record with what was typed (ticks, reasons) kept for the re-shown form."""
        request.session[posted_input_key(self.form_class, pk)] = {
            key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"
        }
        return redirect("expert_candidates:inspect", pk)


def posted_input_key(form_class, pk) -> str:
    return f"posted:{form_class.__name__}:{pk}"


def form_with_kept_input(request, form_class, pk, **kwargs):
    """The form bound to the input kept by `_back_with_input` (once), else a fresh one."""
    kept = request.session.pop(posted_input_key(form_class, pk), None)
    if kept is None:
        return form_class(**kwargs)
    data = QueryDict(mutable=True)
    for key, values in kept.items():
        data.setlist(key, values)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


class QualificationView(_CandidateFormView):
    form_class = QualificationForm

    def perform(self, candidate, form, user):
        services.review_qualification(
            candidate=candidate,
            by=user,
            results=form.results(),
            comment=form.cleaned_data["comment"],
            employer_unit=form.cleaned_data["employer_unit"],
        )


class CommitteeVoteView(_CandidateFormView):
    form_class = CommitteeVoteForm
    success_message = "表决意见已记录。"

    def perform(self, candidate, form, user):
        services.committee_vote(
            candidate=candidate, voter=user, choice=form.cleaned_data["choice"], comment=form.cleaned_data["comment"]
        )


class PanelDrawCreateView(View):
    template_name = "expertpool/admin/draw_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not roles.has_role(request.user, roles.SECRETARIAT):
            raise PermissionDenied("只有秘书处可以抽取评审专家。")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return TemplateResponse(request, self.template_name, {"form": PanelDrawForm()})

    def post(self, request):
        form = PanelDrawForm(request.POST)
        if form.is_valid():
            try:
                draw = draws.draw_panel(
                    major=form.cleaned_data["major"],
                    size=form.cleaned_data["panel_size"],
                    purpose=form.cleaned_data["purpose"],
                    evaluated_unit=form.cleaned_data["evaluated_unit"],
                    avoided_units=form.cleaned_data["avoided_units"],
                    avoided_names=form.avoided_name_list(),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "抽取完成，结果已记录。")
                return redirect("panel_draws:inspect", draw.pk)
        return TemplateResponse(request, self.template_name, {"form": form})


class PanelDrawInspectView(HumanInspectView):
    template_name = "expertpool/admin/draw_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draw = self.object
        people = ExpertCandidate.objects.in_bulk(set(draw.eligible_ids))
        context.update(
            panel=[people.get(pk) for pk in draw.current_panel_ids],
            eligible=[people.get(pk) for pk in draw.eligible_ids],
            replacements=[
                {
                    **step,
                    "declined_expert": people.get(step["declined"]),
                    "replacement_expert": people.get(step["replacement"]),
                }
                for step in draw.replacements
            ],
            verified=draws.verify(draw),
            near_matches=draw.near_matches,
            can_replace=roles.has_role(self.request.user, roles.SECRETARIAT),
        )
        return context


class PanelReplaceView(View):
    def post(self, request, pk):
        if not roles.has_role(request.user, roles.SECRETARIAT):
            raise PermissionDenied("只有秘书处可以替补评审专家。")
        draw = get_object_or_404(PanelDraw, pk=pk)
        try:
            draws.replace_declined(
                draw=draw,
                declined_id=strict_int(request.POST.get("declined"), name="declined", default=0),
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
        except InvalidNumber as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已替补并记录。")
        return redirect("panel_draws:inspect", pk)
