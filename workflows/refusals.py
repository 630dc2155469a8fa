"""One way to tell a person why an action was refused, on the site and in the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from .actions import TransitionRefused

#: What a service or an action raises when it says no; views catch exactly these.
REFUSALS = (TransitionRefused, PermissionDenied, ValidationError)


def refusal_message(error: Exception) -> str:
    if isinstance(error, TransitionRefused):
        return error.message
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or gettext("您没有执行该操作的权限。")


def report_refusal(request, error: Exception, prefix: str = "") -> None:
    messages.error(request, prefix + refusal_message(error))


def add_to_form(form, error: Exception) -> None:
    """A refusal shown on a form: a ValidationError's fields on their fields, anything else on top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, refusal_message(error))
