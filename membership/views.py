"""The applicant's side and the public directory. Views parse input and render; every rule is in
`services` (writes) and `selectors` (who may read what)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
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
from workflows.upload_forms import form_with_kept_uploads, saved_then_submitted
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
    return form_with_kept_uploads(
        request,
        scope="membership.apply",
        template="membership/application_form.html",
        build_form=lambda data, files: ApplicationForm(data, files, letter_required=False, draft=_is_draft(request)),
        save=lambda form: services.application_create(user=request.user, **form.application_data()),
        saved=lambda application: _after_save(request, application),
        context={"creating": True},
    )


def _is_draft(request) -> bool:
    """保存草稿 needs only the unit's name; 保存并提交 validates everything."""
    return request.method == "POST" and "submit" not in request.POST


def _after_save(request, application: MembershipApplication):
    return saved_then_submitted(
        request,
        application,
        submit=lambda: services.submit(application=application, by=request.user),
        submitted=gettext("申请已提交，秘书处将尽快审核。"),
        drafted=gettext("申请已保存为草稿。"),
        detail="membership:application_detail",
    )


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

    def save(form):
        services.application_update(application=application, by=request.user, **form.application_data())
        application.refresh_from_db()
        return application

    return form_with_kept_uploads(
        request,
        scope=f"membership.edit:{application.public_id}",
        template="membership/application_form.html",
        build_form=lambda data, files: ApplicationForm(
            data,
            files,
            instance=application.unit,
            initial={"statement": application.statement},
            letter_required=False,
            draft=_is_draft(request),
        ),
        save=save,
        saved=lambda application: _after_save(request, application),
        refusals=(TransitionRefused,),
        after_refusal=lambda: redirect("membership:application_detail", public_id=public_id),
        context={"application": application, "creating": False, "files": application.files.all()},
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

    def save(form):
        notice = form.cleaned_data["notice"]
        run(
            membership,
            "notify_withdrawal",
            by=request.user,
            files=[notice] if notice else [],
            comment=form.cleaned_data["comment"],
            confirmed=form.cleaned_data["confirm"],
        )

    def saved(_result):
        messages.success(request, gettext("退会通知已提交。请将会员证书原件交回秘书处，秘书处确认后办结。"))
        return redirect("membership:dashboard")

    return form_with_kept_uploads(
        request,
        scope=f"membership.withdraw:{membership.pk}",
        template="membership/withdraw.html",
        build_form=WithdrawalForm,
        save=save,
        saved=saved,
        refusals=(TransitionRefused,),
        after_refusal=lambda: redirect("membership:dashboard"),
        context={"membership": membership},
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
