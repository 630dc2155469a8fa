"""Staff screens for the expert pool: candidate review and selection (the engine's inspect view plus
the secretariat's qualification checklist), panel draws."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views import View

from core import roles
from core.params import InvalidNumber, strict_int
from membership.names import Match
from membership.selectors import MATCH_LABELS, similar_units
from workflows.actions import registry
from workflows.admin_views import HumanInspectView, WorkflowInspectView, WorkflowPostView
from workflows.refusals import REFUSALS

from . import draws, services
from .forms import PanelDrawForm, QualificationForm
from .models import CandidateState, ExpertCandidate, PanelDraw


class CandidateInspectView(WorkflowInspectView):
    template_name = "expertpool/admin/candidate_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        candidate, user = self.object, self.request.user
        review = registry.get(ExpertCandidate, "pass_qualification")(candidate, user)
        suggestions = similar_units(candidate.employer) if candidate.state == CandidateState.SUBMITTED else []
        same = [unit for unit, how in suggestions if how == Match.SAME]
        suggested = candidate.employer_unit_id or (same[0].pk if len(same) == 1 else None)
        context.update(
            can_review=candidate.state == CandidateState.SUBMITTED and review.allowed(),
            qualification_form=form_with_kept_input(
                self.request, QualificationForm, candidate.pk, initial={"employer_unit": suggested}
            ),
            employer_suggestions=[(unit, MATCH_LABELS[how]) for unit, how in suggestions],
        )
        return context


def posted_input_key(form_class, pk) -> str:
    return f"posted:{form_class.__name__}:{pk}"


def form_with_kept_input(request, form_class, pk, **kwargs):
    """The form bound to the input kept by QualificationView (once), else a fresh one."""
    kept = request.session.pop(posted_input_key(form_class, pk), None)
    if kept is None:
        return form_class(**kwargs)
    data = QueryDict(mutable=True)
    for key, values in kept.items():
        data.setlist(key, values)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


class QualificationView(WorkflowPostView):
    """The secretariat's checklist: pass → selection, any item failed → rejected. A refused checklist
    comes back with what was typed (ticks, reasons) kept for the re-shown form."""

    model = ExpertCandidate
    inspect_url_name = "expert_candidates:inspect"

    def perform(self, request, candidate):
        form = QualificationForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(gettext("请检查填写内容。"))
            services.review_qualification(
                candidate=candidate,
                by=request.user,
                results=form.results(),
                comment=form.cleaned_data["comment"],
                employer_unit=form.cleaned_data["employer_unit"],
            )
        except REFUSALS as refusal:
            if not isinstance(refusal, PermissionDenied):
                request.session[posted_input_key(QualificationForm, candidate.pk)] = {
                    key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"
                }
            raise


class PanelDrawCreateView(View):
    template_name = "expertpool/admin/draw_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not roles.has_role(request.user, roles.SECRETARIAT):
            raise PermissionDenied(gettext("只有秘书处可以抽取评审专家。"))
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
                messages.success(request, gettext("抽取完成，结果已记录。"))
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
            raise PermissionDenied(gettext("只有秘书处可以替补评审专家。"))
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
            messages.success(request, gettext("已替补并记录。"))
        return redirect("panel_draws:inspect", pk)
