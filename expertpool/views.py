"""The expert pool on the public site: apply, recommend, consent, follow, the members' directory."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from core.pagination import paginate
from core.roles import can_view_members_content
from resources.models import explain_members_only
from workflows.refusals import REFUSALS, add_to_form
from workflows.upload_forms import form_with_kept_uploads
from workflows.views import certificate_pdf_response, private_file_response, site_action_view, workflow_page_context

from . import selectors, services
from .forms import ApplicationForm, ConsentForm, DirectoryFilterForm, RecommendationForm
from .models import CandidateState, ExpertCandidate


@login_required
def apply(request):
    def save(form):
        return services.apply(
            user=request.user,
            data=form.profile_data(),
            majors=form.cleaned_data["majors"],
            cv=form.cleaned_data["cv"],
            photo=form.cleaned_data["photo"],
            submit="submit" in request.POST,
        )

    def saved(candidate):
        messages.success(
            request,
            gettext("申请已提交，秘书处将进行资格审核。")
            if candidate.state == CandidateState.SUBMITTED
            else gettext("已保存草稿。"),
        )
        return redirect("expertpool:candidate_detail", public_id=candidate.public_id)

    return form_with_kept_uploads(
        request,
        scope="expertpool.apply",
        template="expertpool/form.html",
        build_form=lambda data, files: ApplicationForm(
            data, files, initial={"email": request.user.email, "name": request.user.get_full_name()}
        ),
        save=save,
        saved=saved,
        context={"heading": gettext("申请加入专家库"), "multipart": True, "draft_button": True},
    )


@login_required
def recommend(request):
    units = selectors.recommending_units(request.user)
    if not units.exists():
        raise PermissionDenied(gettext("只有在册会员单位的联系人可以推荐专家。"))
    form = RecommendationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            candidate, _token = services.recommend(
                by=request.user,
                unit=form.cleaned_data["unit"],
                data=form.profile_data(),
                majors=form.cleaned_data["majors"],
                recommendation=form.cleaned_data["recommendation"],
            )
        except REFUSALS as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                gettext("已向 {email} 发送确认邮件。被推荐人同意后方进入资格审核。").format(email=candidate.email),
            )
            return redirect("expertpool:candidate_detail", public_id=candidate.public_id)
    return render(request, "expertpool/form.html", {"form": form, "heading": gettext("推荐专家"), "multipart": False})


def consent(request, token):
    """The nominee's answer. Works without an account: consenting creates one (username = email)."""
    candidate = services.candidate_for_token(token)
    if candidate is None or not candidate.consent_link_valid(token):
        return render(request, "expertpool/consent_invalid.html", status=404)
    needs_password = not request.user.is_authenticated
    form = ConsentForm(request.POST or None, needs_password=needs_password)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == "decline":
            services.decline(token=token, comment=form.cleaned_data["comment"])
            return render(request, "expertpool/consent_done.html", {"declined": True})
        try:
            candidate = services.consent(token=token, user=request.user, password=form.cleaned_data.get("password", ""))
        except REFUSALS as refusal:
            add_to_form(form, refusal)
        else:
            if needs_password:
                login(request, candidate.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, gettext("感谢您同意推荐，秘书处将进行资格审核。"))
            return redirect("expertpool:candidate_detail", public_id=candidate.public_id)
    return render(request, "expertpool/consent.html", {"form": form, "candidate": candidate})


@login_required
def mine(request):
    return render(
        request,
        "expertpool/mine.html",
        {
            "candidacies": selectors.own_candidacies(request.user),
            "can_recommend": selectors.recommending_units(request.user).exists(),
        },
    )


@login_required
def candidate_detail(request, public_id):
    candidate = selectors.candidacy_for(request.user, public_id)
    context = workflow_page_context(request, candidate, owner="user_id")
    return render(
        request, "expertpool/detail.html", {**context, "candidate": candidate, "is_self": context["is_owner"]}
    )


candidate_action = site_action_view(
    find=selectors.candidacy_for, owner="user_id", detail="expertpool:candidate_detail", subject=lambda c: c.name
)


@login_required
def letter_pdf(request, public_id):
    candidate = selectors.candidacy_for(request.user, public_id)
    return certificate_pdf_response(request.user, candidate.letter)


@login_required
def cv(request, public_id):
    """The candidate's CV, for whoever may read the candidacy (workflows/access.py)."""
    candidate = selectors.candidacy_for(request.user, public_id)
    if not candidate.cv:
        raise Http404(_("未上传简历"))
    return private_file_response(
        candidate.cv,
        gettext("{name}-简历.{value2}").format(name=candidate.name, value2=candidate.cv_extension or "bin"),
    )


def directory(request):
    """Members and staff only: appointed experts' public fields (never e-mail, phone or CV)."""
    if not can_view_members_content(request.user):
        return explain_members_only(request)
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    experts = selectors.directory(
        major_id=filters.get("major").pk if filters.get("major") else None,
        title=filters.get("title", ""),
        region=filters.get("region", ""),
        keyword=(filters.get("q") or "").strip(),
    )
    return render(request, "expertpool/directory.html", {"form": form, "experts": paginate(request, experts, 20)})


def photo(request, public_id):
    if not can_view_members_content(request.user):
        raise Http404(gettext("照片不存在"))
    try:
        expert = ExpertCandidate.objects.get(public_id=public_id, state=CandidateState.APPOINTED)
    except (ExpertCandidate.DoesNotExist, ValueError) as error:
        raise Http404(gettext("照片不存在")) from error
    if not expert.photo:
        raise Http404(gettext("照片不存在"))
    return private_file_response(expert.photo, f"photo.{expert.photo_extension}", inline=True)
