import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.client_address import client_address
from core.rate_limits import WINDOW_SECONDS, within_limit

from . import certificates
from .access import check_can_read, may_read, staff_may_read
from .actions import SITE, history, registry
from .confirmation import ConfirmForm
from .models import Certificate, TransitionAttachment
from .refusals import REFUSALS, report_refusal

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
    """Public: valid / revoked / expired, the holder's name and dates; nothing private. Limited per
    client (CERTIFICATE_LOOKUPS_PER_CLIENT_PER_HOUR), so that walking the numbers cannot list every
    member and expert (the directories are for members only)."""
    number = normalise_number(number)
    if not within_limit(
        "certificate-lookup", client_address(request), settings.CERTIFICATE_LOOKUPS_PER_CLIENT_PER_HOUR
    ):
        context = {"searched": False, "throttled": True, "number": number}
        response = TemplateResponse(request, "workflows/verify.html", context, status=429)
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response
    certificate = None
    if NUMBER_PATTERN.match(number):
        certificate = Certificate.objects.filter(number=number).first()
    context = {
        "searched": True,
        "number": number,
        "well_formed": bool(NUMBER_PATTERN.match(number)),
        "certificate": certificate,
        "standing": certificate.standing_on() if certificate else None,
        "holder_name_en": certificates.english_name_of(certificate.subject) if certificate else "",
    }
    return TemplateResponse(request, "workflows/verify.html", context, status=200 if certificate else 404)


def private_file_response(file_field, download_name: str, *, inline: bool = False) -> FileResponse:
    """A private file, never cached by a shared cache and never sniffed into HTML by the browser."""
    response = FileResponse(file_field.open("rb"), as_attachment=not inline, filename=download_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def certificate_pdf_response(user, certificate: Certificate | None) -> FileResponse:
    """A certificate's PDF for whoever the certificate reader rule admits. A document that is no
    longer valid (revoked, expired, superseded: workflows/documents.py) is not handed to its holder as
    if it were; the secretariat and the chair may still fetch it for the record."""
    if certificate is None or not certificate.pdf or not may_read(user, certificate):
        raise Http404(_("证书不存在或尚未颁发"))
    standing = certificate.standing_on()
    if not standing.is_valid and not staff_may_read(user, Certificate):
        raise Http404(_("该证书%(status)s，不能下载。") % {"status": standing.label})
    return private_file_response(certificate.pdf, f"{certificate.number}.pdf", inline=True)


@login_required
def attachment(request, token: str):
    """A file attached to a workflow step, for whoever may read the object it belongs to."""
    try:
        item = TransitionAttachment.objects.select_related("log__content_type").get(token=token)
    except TransitionAttachment.DoesNotExist as error:
        raise Http404(gettext("文件不存在")) from error
    subject = item.log.subject
    if subject is None:
        raise Http404(gettext("文件不存在"))
    check_can_read(request.user, subject)
    return private_file_response(item.file, item.original_name)


def workflow_page_context(request, obj, *, owner: str) -> dict:
    """What every workflow record's public page shows: its history, and, to its owner (`owner`: the
    field naming the owning account), the buttons the registry offers on the site."""
    is_owner = getattr(obj, owner) == request.user.pk
    return {
        "history": history(obj),
        "actions": registry.offered(obj, request.user, SITE) if is_owner else [],
        "is_owner": is_owner,
    }


def site_action_view(*, find, owner: str, detail: str, subject=str):
    """The view a public page's action buttons post to: `find(user, public_id)` is the app's selector
    (404 for whoever may not see the object), `owner` the field naming the only account whose buttons
    these are, `detail` the URL name to return to, `subject(obj)` what the confirmation page names.

    Irreversible steps (`custom={"confirm": …}` on the transition) first show a confirmation page (GET)
    and are fired only with its box ticked; the transition itself refuses otherwise."""

    @login_required
    def view(request, public_id, transition):
        obj = find(request.user, public_id)
        action_class = registry.get(type(obj), transition)
        if getattr(obj, owner) != request.user.pk or action_class is None or SITE not in action_class.offered_on:
            raise Http404(gettext("没有该操作"))
        consequence = action_class.custom().get("confirm", "")
        if request.method not in ("GET", "POST") or (request.method == "GET" and not consequence):
            return HttpResponseNotAllowed(["POST"])
        form = ConfirmForm(request.POST or None)
        if consequence and (request.method == "GET" or not form.is_valid()):
            return render(
                request,
                "workflows/confirm_action.html",
                {
                    "form": form,
                    "label": action_class.label(),
                    "subject": subject(obj),
                    "consequence": consequence,
                    "back_url": reverse(detail, args=[public_id]),
                },
                status=400 if request.method == "POST" else 200,
            )
        arguments = {"confirmed": True} if consequence else {}
        try:
            action_class(obj, request.user).execute(comment=request.POST.get("comment", "")[:2000], **arguments)
        except REFUSALS as refusal:
            report_refusal(request, refusal)
        else:
            messages.success(request, gettext("操作已完成。"))
        return redirect(detail, public_id=public_id)

    return view
