"""The applicant's side and the public directory. Views parse input and render; every rule is in
`services` (writes) and `selectors` (who may read what)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import roles
from core.client_address import client_address
from core.params import one
from core.rate_limits import within_limit
from membercentre.selectors import directory_with_contributions
from workflows.actions import TransitionRefused, run
from workflows.pending_uploads import PendingUploads
from workflows.refusals import REFUSALS, add_to_form, report_refusal
from workflows.views import certificate_pdf_response, private_file_response, site_action_view, workflow_page_context

from . import selectors, services
from .forms import ApplicationForm, CommentForm, RegistrationForm, WithdrawalForm
from .models import REGION_CHOICES, ApplicationFile, Membership, MembershipApplication, UnitType


def register(request):
    if request.user.is_authenticated:
        return redirect("membership:dashboard")
    form = RegistrationForm(request.POST or None)
    # Every POST counts, valid or not: otherwise the form's answers could be used to probe usernames
    # and e-mail addresses without limit.
    if request.method == "POST" and not within_limit(
        "registration", client_address(request), settings.REGISTRATIONS_PER_CLIENT_PER_HOUR
    ):
        form.add_error(None, _("这个网络地址在一小时内提交注册的次数过多，请稍后再试，或联系秘书处。"))
        return render(request, "membership/register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, gettext("注册成功。请填写入会申请。"))
        return redirect("membership:apply")
    return render(request, "membership/register.html", {"form": form})


@login_required
def dashboard(request):
    return render(
        request,
        "membership/dashboard.html",
        {
            "applications": selectors.own_applications(request.user),
            "memberships": selectors.own_memberships(request.user),
        },
    )


@login_required
def apply(request):
    pending = _pending(request, "membership.apply")
    files = pending.files() if request.method == "POST" else None
    form = ApplicationForm(request.POST or None, files, letter_required=False, draft=_is_draft(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                application = services.application_create(user=request.user, **form.application_data())
            except ValidationError as error:
                add_to_form(form, error)
            else:
                pending.clear()
                return _after_save(request, application)
        pending.keep(form, files)
    return render(
        request,
        "membership/application_form.html",
        {"form": form, "creating": True, "pending_files": pending.names()},
    )


def _pending(request, scope: str) -> PendingUploads:
    """Kept uploads of this form; a fresh (GET) form starts without any."""
    pending = PendingUploads(request, scope)
    if request.method != "POST":
        pending.clear()
    return pending


def _is_draft(request) -> bool:
    """保存草稿 needs only the unit's name; 保存并提交 validates everything."""
    return request.method == "POST" and "submit" not in request.POST


def _after_save(request, application: MembershipApplication):
    """Save-and-submit in one click when the applicant pressed the submit button."""
    if "submit" in request.POST:
        try:
            services.submit(application=application, by=request.user)
        except REFUSALS as refusal:
            report_refusal(request, refusal, prefix=gettext("已保存，但未能提交："))
        else:
            messages.success(request, gettext("申请已提交，秘书处将尽快审核。"))
    else:
        messages.success(request, gettext("申请已保存为草稿。"))
    return redirect("membership:application_detail", public_id=application.public_id)


@login_required
def application_detail(request, public_id):
    application = selectors.application_for(request.user, public_id)
    return render(
        request,
        "membership/application_detail.html",
        {
            **workflow_page_context(request, application, owner="applicant_id"),
            "application": application,
            "files": application.files.all(),
            "comment_form": CommentForm(),
            "membership": Membership.objects.filter(application=application).select_related("certificate").first(),
        },
    )


@login_required
def application_edit(request, public_id):
    application = selectors.application_for(request.user, public_id)
    if application.applicant_id != request.user.pk:
        raise Http404(gettext("申请不存在"))
    if not application.is_editable:
        messages.error(
            request, gettext("申请当前为“{value1}”，不能修改。").format(value1=application.get_state_display())
        )
        return redirect("membership:application_detail", public_id=public_id)
    pending = _pending(request, f"membership.edit:{application.public_id}")
    files = pending.files() if request.method == "POST" else None
    form = ApplicationForm(
        request.POST or None,
        files,
        instance=application.unit,
        initial={"statement": application.statement},
        letter_required=False,
        draft=_is_draft(request),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.application_update(application=application, by=request.user, **form.application_data())
            except ValidationError as error:
                add_to_form(form, error)
            except TransitionRefused as refusal:
                pending.clear()
                report_refusal(request, refusal)
                return redirect("membership:application_detail", public_id=public_id)
            else:
                pending.clear()
                application.refresh_from_db()
                return _after_save(request, application)
        pending.keep(form, files)
    return render(
        request,
        "membership/application_form.html",
        {
            "form": form,
            "application": application,
            "creating": False,
            "files": application.files.all(),
            "pending_files": pending.names(),
        },
    )


application_action = site_action_view(
    find=selectors.application_for,
    owner="applicant_id",
    detail="membership:application_detail",
    subject=lambda application: application.unit.name,
)


@login_required
def application_file(request, public_id, file_id):
    application = selectors.application_for(request.user, public_id)
    try:
        record = application.files.get(pk=file_id)
    except ApplicationFile.DoesNotExist as error:
        raise Http404(gettext("文件不存在")) from error
    return private_file_response(record.file, record.original_name)


@login_required
def certificate_pdf(request, pk):
    membership = selectors.membership_for(request.user, pk)
    return certificate_pdf_response(request.user, membership.certificate)


@login_required
def withdraw(request, pk):
    membership = selectors.membership_for(request.user, pk)
    if membership.unit.account_id != request.user.pk:
        raise Http404(gettext("会籍不存在"))
    pending = _pending(request, f"membership.withdraw:{membership.pk}")
    files = pending.files() if request.method == "POST" else None
    form = WithdrawalForm(request.POST or None, files)
    if request.method == "POST" and form.is_valid():
        notice = form.cleaned_data["notice"]
        try:
            run(
                membership,
                "notify_withdrawal",
                by=request.user,
                files=[notice] if notice else [],
                comment=form.cleaned_data["comment"],
                confirmed=form.cleaned_data["confirm"],
            )
        except TransitionRefused as refusal:
            pending.clear()
            report_refusal(request, refusal)
        except ValidationError as error:
            add_to_form(form, error)
            pending.keep(form, files)
            return _withdraw_page(request, form, membership, pending)
        else:
            pending.clear()
            messages.success(request, gettext("退会通知已提交。请将会员证书原件交回秘书处，秘书处确认后办结。"))
        return redirect("membership:dashboard")
    if request.method == "POST":
        pending.keep(form, files)
    return _withdraw_page(request, form, membership, pending)


def _withdraw_page(request, form, membership, pending):
    return render(
        request,
        "membership/withdraw.html",
        {"form": form, "membership": membership, "pending_files": pending.names()},
    )


def directory(request):
    unit_type = one(request.GET, "type")
    region = one(request.GET, "region")
    unit_type = unit_type if unit_type in UnitType.values else ""
    region = region if region in dict(REGION_CHOICES) else ""
    return render(
        request,
        "membership/directory.html",
        {
            "units": directory_with_contributions(
                selectors.member_directory(unit_type=unit_type, region=region), request.user
            ),
            "council": selectors.current_council(),
            "unit_types": UnitType.choices,
            "regions": REGION_CHOICES,
            "current_type": unit_type,
            "current_region": region,
            "is_member": roles.can_view_members_content(request.user),
        },
    )
