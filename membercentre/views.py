"""The member centre (/me/) and a unit's contributions on the public site. Views parse input and
render; rules are in `services` and the transitions, reads in `selectors`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.params import one
from workflows.actions import run
from workflows.pending_uploads import PendingUploads
from workflows.refusals import REFUSALS, add_to_form, report_refusal
from workflows.views import private_file_response, site_action_view, workflow_page_context

from . import selectors, services
from .forms import ContributionForm, ProfileChangeForm, ReviewForm
from .models import ContributionFile
from .sections import render_sections


@login_required
def centre(request):
    return render(request, "membercentre/centre.html", {"sections": render_sections(request)})


def _pending(request, scope: str) -> PendingUploads:
    pending = PendingUploads(request, scope)
    if request.method != "POST":
        pending.clear()
    return pending


@login_required
def contribution_new(request):
    units = selectors.contributing_units(request.user)
    if not units.exists():
        return render(request, "membercentre/not_a_member.html", status=403)
    pending = _pending(request, "membercentre.contribute")
    files = pending.files() if request.method == "POST" else None
    form = ContributionForm(request.POST or None, files, units=units, initial={"unit": units.first()})
    if request.method == "POST":
        if form.is_valid():
            try:
                contribution = services.contribution_create(
                    user=request.user,
                    unit=form.cleaned_data["unit"],
                    data=form.contribution_data(),
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                add_to_form(form, error)
            else:
                pending.clear()
                return _after_save(request, contribution)
        pending.keep(form, files)
    return render(
        request,
        "membercentre/contribution_form.html",
        {"form": form, "creating": True, "pending_files": pending.names()},
    )


def _after_save(request, contribution):
    if "submit" in request.POST:
        try:
            services.submit(contribution=contribution, by=request.user)
        except REFUSALS as refusal:
            report_refusal(request, refusal, prefix=_("已保存，但未能提交："))
        else:
            messages.success(request, _("投稿已提交，秘书处将尽快审核。"))
    else:
        messages.success(request, _("投稿已保存为草稿。"))
    return redirect("membercentre:contribution_detail", public_id=contribution.public_id)


@login_required
def contribution_detail(request, public_id):
    contribution = selectors.contribution_for(request.user, public_id)
    is_reviewer = contribution.reviewer_id is not None and contribution.reviewer.user_id == request.user.pk
    return render(
        request,
        "membercentre/contribution_detail.html",
        {
            **workflow_page_context(request, contribution, owner="account_id"),
            "contribution": contribution,
            "files": contribution.files.all(),
            "is_reviewer": is_reviewer and contribution.state == "expert_review",
            "review_form": ReviewForm(),
        },
    )


@login_required
def contribution_edit(request, public_id):
    contribution = selectors.contribution_for(request.user, public_id)
    if contribution.account_id != request.user.pk:
        raise Http404(_("投稿不存在"))
    if not contribution.is_editable:
        messages.error(request, _("投稿当前为“%(state)s”，不能修改。") % {"state": contribution.get_state_display()})
        return redirect("membercentre:contribution_detail", public_id=public_id)
    pending = _pending(request, f"membercentre.edit:{contribution.public_id}")
    files = pending.files() if request.method == "POST" else None
    form = ContributionForm(request.POST or None, files, instance=contribution, editing=True)
    if request.method == "POST":
        if form.is_valid():
            remove = [pk for pk in request.POST.getlist("remove_file") if pk.isdigit()]
            try:
                services.contribution_update(
                    contribution=contribution,
                    by=request.user,
                    data=form.contribution_data(),
                    files=form.cleaned_data["files"],
                    remove_file_ids=[int(pk) for pk in remove],
                )
            except ValidationError as error:
                add_to_form(form, error)
            except REFUSALS as refusal:
                pending.clear()
                report_refusal(request, refusal)
                return redirect("membercentre:contribution_detail", public_id=public_id)
            else:
                pending.clear()
                contribution.refresh_from_db()
                return _after_save(request, contribution)
        pending.keep(form, files)
    return render(
        request,
        "membercentre/contribution_form.html",
        {
            "form": form,
            "contribution": contribution,
            "creating": False,
            "files": contribution.files.all(),
            "pending_files": pending.names(),
        },
    )


contribution_action = site_action_view(
    find=selectors.contribution_for,
    owner="account_id",
    detail="membercentre:contribution_detail",
    subject=lambda contribution: contribution.title,
)


@login_required
def contribution_review(request, public_id):
    """The drawn expert's answer: recommend publication, or return it with comments."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    contribution = selectors.contribution_for(request.user, public_id)
    if contribution.reviewer_id is None or contribution.reviewer.user_id != request.user.pk:
        raise Http404(_("投稿不存在"))
    decision = one(request.POST, "decision")
    if decision not in ("recommend", "return_for_revision"):
        messages.error(request, _("请选择评审结论。"))
        return redirect("membercentre:contribution_detail", public_id=public_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写评审意见。"))
        return redirect("membercentre:contribution_detail", public_id=public_id)
    try:
        run(contribution, decision, by=request.user, comment=form.cleaned_data["comment"])
    except REFUSALS as refusal:
        report_refusal(request, refusal)
    else:
        messages.success(request, _("评审意见已提交，谢谢。"))
    return redirect("membercentre:centre")


@login_required
def contribution_file(request, public_id, file_id):
    contribution = selectors.contribution_for(request.user, public_id)
    try:
        record = contribution.files.get(pk=file_id)
    except ContributionFile.DoesNotExist as error:
        raise Http404(_("文件不存在")) from error
    return private_file_response(record.file, record.original_name)


@login_required
def profile_edit(request, unit_id):
    unit = selectors.own_units(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("单位不存在"))
    pending = selectors.pending_profile_change(unit)
    form = ProfileChangeForm(request.POST or None, instance=unit)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.profile_change_request(user=request.user, unit=unit, data=form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("变更申请已提交，秘书处审核通过后生效。"))
            return redirect("membercentre:centre")
    return render(request, "membercentre/profile_form.html", {"form": form, "unit": unit, "pending": pending})
