"""Resource import for editors, in the admin: upload a .jsonl, .csv or .xlsx file, see the report."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from workflows import notifications

from .importer import detect_format, import_resources
from .models import ResourceIndexPage

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="资源文件", help_text="UTF-8 编码的 .jsonl、.csv 或 .xlsx，不超过 20 MB；字段说明见 README"
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("文件过大，请拆分为不超过 20 MB 的文件。")
        try:
            self.format = detect_format(uploaded.name)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return uploaded


def import_view(request):
    library = ResourceIndexPage.objects.first()
    permissions = library.permissions_for_user(request.user) if library else None
    if permissions is None or not permissions.can_add_subpage():
        raise PermissionDenied("您没有在教学资源库中新建资源的权限。")
    can_publish = permissions.can_publish_subpage()
    form = ImportForm(request.POST or None, request.FILES or None)
    report, error = None, None
    if request.method == "POST" and form.is_valid():
        try:
            with notifications.suppressed():
                report = import_resources(
                    form.cleaned_data["file"], form.format, user=request.user, publish=can_publish, library=library
                )
        except Exception as failure:  # noqa: BLE001 - a corrupt spreadsheet can raise almost anything
            error = f"无法读取文件：{failure}"
    return TemplateResponse(
        request,
        "resources/admin/import.html",
        {"form": form, "report": report, "error": error, "can_publish": can_publish},
    )
