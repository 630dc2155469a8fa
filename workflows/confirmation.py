"""Irreversible steps (withdrawing an application, giving up a candidacy, leaving the alliance) are
confirmed explicitly, and the check is on the server, in the transition itself.

A transition marks itself irreversible with `custom={"confirm": "<what happens>"}`; its method takes
`confirmed` and calls `require_confirmation`, so no caller (public site, admin, script) can fire it
by a stray click or a forged POST. The public site shows a separate confirmation page (GET) with a
required checkbox; no JavaScript is involved (the CSP forbids inline scripts anyway).
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.single_line import SingleLineFieldsMixin


def confirmation_text(instance, name: str) -> str:
    """What the irreversible transition `name` does, or "" when it needs no confirmation."""
    from .actions import fsm_transitions

    found = fsm_transitions(type(instance), name)
    return found[0].custom.get("confirm", "") if found else ""


def require_confirmation(confirmed: bool, label: str) -> None:
    from .actions import TransitionRefused

    if not confirmed:
        raise TransitionRefused(
            gettext("“{label}”不可撤销，尚未确认，未执行任何操作。请勾选确认后再提交。").format(label=label)
        )


class ConfirmForm(SingleLineFieldsMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("我已了解上述后果，确认执行此操作"),
        required=True,
        error_messages={"required": _("请勾选确认。未确认时不会执行任何操作。")},
    )
    comment = forms.CharField(
        label=_("说明（选填）"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
