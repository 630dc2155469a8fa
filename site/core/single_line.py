"""Single-line text: no line breaks, control or invisible formatting characters.

A newline in a unit name ends up in mail subjects (Django refuses to send a header with a newline,
so every notification about that unit silently stops); a right-to-left override makes a name read
backwards in lists. Every single-line field of every form refuses them with a clear message on the
field: `reject_control_characters` is the validator (also on the model fields of membership and
expertpool, so the admin's generated forms refuse them too), `SingleLineFieldsMixin` puts it on
every CharField of a form whose widget is not a Textarea.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

#: Unicode categories refused: Cc (controls: \n \r \t \x00 …), Cf (format: bidi overrides such as
#: U+202E, zero-width spaces, BOM), Zl/Zp (line and paragraph separators U+2028/U+2029).
REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) in REFUSED_CATEGORIES for ch in str(value))


@deconstructible
class SingleLineValidator:
    message = _("此项只能填写一行文字，不能包含换行、制表符或不可见的控制字符，请删除后重新填写。")
    code = "control_characters"

    def __call__(self, value):
        if value and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator)


reject_control_characters = SingleLineValidator()


def is_single_line(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)


class SingleLineFieldsMixin:
    """Put on every form: each CharField not shown as a Textarea refuses control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guard_single_line_fields()

    def full_clean(self):
        # Again here: some forms add fields in their own __init__, after this mixin's.
        self.guard_single_line_fields()
        super().full_clean()

    def guard_single_line_fields(self):
        for field in self.fields.values():
            if is_single_line(field) and reject_control_characters not in field.validators:
                field.validators.append(reject_control_characters)


def guard_admin_forms() -> None:
    """Every form the Wagtail admin generates (pages, snippets, model viewsets) puts the validator
    on each model CharField; TextFields (multi-line) are left alone."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.CharField, override={"validators": [reject_control_characters]})
