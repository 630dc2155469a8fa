"""Resource import for editors, in the admin: upload a .jsonl, .csv or .xlsx file; the import runs
in the background (see resources.imports) and its page shows progress, then the report."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from core.models import Major
from core.single_line import SingleLineFieldsMixin

from .importer import COLUMNS, detect_format
from .imports import is_resumable, progress_of, report_of, resume_import, start_import
from .majors import merge_major
from .models import MajorToConfirm, ResourceImport, ResourceIndexPage

MAX_IMPORT_BYTES = 20 * 1024 * 1024
REFRESH_SECONDS = 2  # how often an unfinished import's page reloads itself
RECENT_IMPORTS = 10


class ImportForm(SingleLineFieldsMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("资源文件"),
        help_text=gettext_lazy(
            "不超过 20 MB 的 .xlsx、.csv（UTF-8 或 Excel 默认的 GBK 编码均可）或 UTF-8 编码的 .jsonl"
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(gettext("文件过大，请拆分为不超过 20 MB 的文件。"))
        try:
            self.format = detect_format(uploaded.name)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return uploaded


def _library_permissions(user):
    library = ResourceIndexPage.objects.first()
    permissions = library.permissions_for_user(user) if library else None
    if permissions is None or not permissions.can_add_subpage():
        raise PermissionDenied(gettext("您没有在教学资源库中新建资源的权限。"))
    return permissions


def import_view(request):
    can_publish = _library_permissions(request.user).can_publish_subpage()
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            job = start_import(
                form.cleaned_data["file"], file_format=form.format, user=request.user, publish=can_publish
            )
        return redirect("resources_import_status", pk=job.pk)
    return TemplateResponse(
        request,
        "resources/admin/import.html",
        {
            "form": form,
            "can_publish": can_publish,
            "columns": COLUMNS,
            "recent": ResourceImport.objects.filter(uploaded_by=request.user)[:RECENT_IMPORTS],
        },
    )


def import_status_view(request, pk: int):
    _library_permissions(request.user)
    job = ResourceImport.objects.filter(pk=pk, uploaded_by=request.user).first()
    if job is None:
        raise Http404(gettext("没有这次导入。"))  # someone else's import is not there for you
    response = TemplateResponse(
        request,
        "resources/admin/import_status.html",
        {
            "job": job,
            "report": report_of(job) if job.status == ResourceImport.Status.DONE else None,
            "progress": progress_of(job) if job.status == ResourceImport.Status.RUNNING else None,
            "resumable": is_resumable(job),
            "timeout_hours": settings.RESOURCE_IMPORT_TIMEOUT // 3600,
        },
    )
    if not job.is_finished and not job.is_stalled:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def import_resume_view(request, pk: int):
    """Continue an interrupted import after the rows it committed (POST only)."""
    _library_permissions(request.user)
    job = ResourceImport.objects.filter(pk=pk, uploaded_by=request.user).first()
    if job is None:
        raise Http404(gettext("没有这次导入。"))
    if request.method == "POST":
        with transaction.atomic():
            resumed = resume_import(job)
        if resumed:
            messages.success(request, _("导入将从第 %(n)s 条数据行之后继续。") % {"n": job.rows_read})
        else:
            messages.error(request, _("这次导入没有中断，无需继续。"))
    return redirect("resources_import_status", pk=job.pk)


class MergeMajorForm(forms.Form):
    into = forms.ModelChoiceField(
        label=gettext_lazy("合并到"), queryset=Major.objects.filter(to_confirm__isnull=True, is_active=True)
    )


def merge_major_view(request, pk: int):
    """The secretariat merges a major an import created into the listed one it duplicates."""
    if not request.user.has_perm("resources.delete_majortoconfirm"):
        raise PermissionDenied(_("您没有合并专业的权限。"))
    mark = MajorToConfirm.objects.select_related("major").filter(pk=pk).first()
    if mark is None:
        raise Http404(_("没有这个待确认专业。"))
    form = MergeMajorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = mark.major.name
        merge_major(duplicate=mark.major, into=form.cleaned_data["into"])
        messages.success(
            request,
            _("已将“%(duplicate)s”合并到“%(into)s”。") % {"duplicate": name, "into": form.cleaned_data["into"].name},
        )
        return redirect("majors_to_confirm:index")
    return TemplateResponse(request, "resources/admin/merge_major.html", {"form": form, "mark": mark})
