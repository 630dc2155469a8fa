import re

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .access import check_can_read
from .models import Certificate, TransitionAttachment

NUMBER_PATTERN = re.compile(r"^(LXH|ZJ)-\d{4}-\d{6}$")


def normalise_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").upper().replace("—", "-").replace("－", "-")


@require_GET
def verify_form(request):
    number = normalise_number(request.GET.get("number", ""))
    if NUMBER_PATTERN.match(number):
        return redirect("certificate_verify", number=number)
    if number:  # not a certificate number (it may not even fit in a URL): say so here
        context = {"searched": True, "number": number[:40], "well_formed": False, "certificate": None}
        return TemplateResponse(request, "workflows/verify.html", context)
    return TemplateResponse(request, "workflows/verify.html", {"searched": False})


@require_GET
def verify(request, number: str):
    """Public: valid / revoked / expired, the holder's name and dates; nothing private."""
    number = normalise_number(number)
    certificate = None
    if NUMBER_PATTERN.match(number):
        certificate = Certificate.objects.filter(number=number).first()
    context = {
        "searched": True,
        "number": number,
        "well_formed": bool(NUMBER_PATTERN.match(number)),
        "certificate": certificate,
    }
    return TemplateResponse(request, "workflows/verify.html", context, status=200 if certificate else 404)


def private_file_response(file_field, download_name: str, *, inline: bool = False) -> FileResponse:
    """A private file, never cached by a shared cache and never sniffed into HTML by the browser."""
    response = FileResponse(file_field.open("rb"), as_attachment=not inline, filename=download_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def attachment(request, token: str):
    """A file attached to a workflow step, for whoever may read the object it belongs to."""
    try:
        item = TransitionAttachment.objects.select_related("log__content_type").get(token=token)
    except TransitionAttachment.DoesNotExist as error:
        raise Http404("文件不存在") from error
    subject = item.log.subject
    if subject is None:
        raise Http404("文件不存在")
    check_can_read(request.user, subject)
    return private_file_response(item.file, item.original_name)
