"""The public site's create/edit forms with file uploads, kept across a failed submit.

Every such form (a membership application and its edit, a withdrawal notice, an expert application, a
resource contribution and its edit) runs the same steps around `workflows.pending_uploads`: a GET
starts with nothing kept; a POST is validated with the kept files filling the file fields left
empty; a failed validation (the form's or the service's) keeps the uploads that passed their own
checks and shows the form again, naming them; a save or a refusal drops them. The views declare only
what differs: the form, the service call, where a save and a refusal lead, the template.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from .pending_uploads import PendingUploads
from .refusals import REFUSALS, add_to_form, report_refusal


def form_with_kept_uploads(
    request,
    *,
    scope: str,
    template: str,
    build_form: Callable[[Any, Any], Any],
    save: Callable[[Any], Any],
    saved: Callable[[Any], HttpResponse],
    refusals: tuple[type[Exception], ...] = (),
    after_refusal: Callable[[], HttpResponse] | None = None,
    context: dict | None = None,
) -> HttpResponse:
    """`build_form(data, files)` makes the form; `save(form)` calls the service (a ValidationError
    goes on the form, which is shown again); `saved(result)` answers after a save. A refusal of the
    kinds in `refusals` (the record changed state meanwhile) is reported as a message and answered
    by `after_refusal()`. `scope` names the form and its record in the session."""
    pending = PendingUploads(request, scope)
    if request.method != "POST":
        pending.clear()
    files = pending.files() if request.method == "POST" else None
    form = build_form(request.POST or None, files)
    if request.method == "POST":
        if form.is_valid():
            try:
                result = save(form)
            except ValidationError as error:
                add_to_form(form, error)
            except refusals as refusal:
                pending.clear()
                report_refusal(request, refusal)
                return after_refusal()
            else:
                pending.clear()
                return saved(result)
        pending.keep(form, files)
    return render(request, template, {"form": form, "pending_files": pending.names(), **(context or {})})


def saved_then_submitted(request, record, *, submit: Callable[[], Any], submitted: str, drafted: str, detail: str):
    """After a save: 保存并提交 (a POST with `submit`) also submits, in the same click; a refused
    submission leaves the record saved and says why. Ends on the record's page (URL name `detail`)."""
    if "submit" in request.POST:
        try:
            submit()
        except REFUSALS as refusal:
            report_refusal(request, refusal, prefix=gettext("已保存，但未能提交："))
        else:
            messages.success(request, submitted)
    else:
        messages.success(request, drafted)
    return redirect(detail, public_id=record.public_id)
