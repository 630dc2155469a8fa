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
from workflows.refusals import REFUSALS, add_to_form, report_refusal
from workflows.upload_forms import form_with_kept_uploads, saved_then_submitted
from workflows.views import private_file_response, site_action_view, workflow_page_context

from . import selectors, services
from .forms import ContributionForm, ProfileChangeForm, ReviewForm
from .models import ContributionFile
from .sections import render_sections


@login_required
def centre(request):
    return render(request, "membercentre/centre.html", {"sections": render_sections(request)})


@login_required
def contribution_new(request):
    units = selectors.contributing_units(request.user)
    if not units.exists():
        return render(request, "membercentre/not_a_member.html", status=403)
    return form_with_kept_uploads(
        request,
        scope="membercentre.contribute",
        template="membercentre/contribution_form.html",
        build_form=lambda data, files: ContributionForm(data, files, units=units, initial={"unit": units.first()}),
        save=lambda form: services.contribution_create(
            user=request.user,
            unit=form.cleaned_data["unit"],
            data=form.contribution_data(),
            files=form.cleaned_data["files"],
        ),
        saved=lambda contribution: _after_save(request, contribution),
        context={"creating": True},
    )


def _after_save(request, contribution):
    return saved_then_submitted(
        request,
        contribution,
        submit=lambda: services.submit(contribution=contribution, by=request.user),
        submitted=_("投稿已提交，秘书处将尽快审核。"),
        drafted=_("投稿已保存为草稿。"),
        detail="membercentre:contribution_detail",
    )


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

    def save(form):
        remove = [pk for pk in request.POST.getlist("remove_file") if pk.isdigit()]
        services.contribution_update(
            contribution=contribution,
            by=request.user,
            data=form.contribution_data(),
            files=form.cleaned_data["files"],
            remove_file_ids=[int(pk) for pk in remove],
        )
        contribution.refresh_from_db()
        return contribution

    return form_with_kept_uploads(
        request,
        scope=f"membercentre.edit:{contribution.public_id}",
        template="membercentre/contribution_form.html",
        build_form=lambda data, files: ContributionForm(data, files, instance=contribution, editing=True),
        save=save,
        saved=lambda contribution: _after_save(request, contribution),
        refusals=REFUSALS,
        after_refusal=lambda: redirect("membercentre:contribution_detail", public_id=public_id),
        context={"contribution": contribution, "creating": False, "files": contribution.files.all()},
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
