"""Request parameters, read strictly, in one place for every view.

Whole numbers. `int()` is too lenient for request input: it accepts any Unicode decimal digit ("٣" is 3), digit
separators ("1_000"), surrounding whitespace and numbers of any size, which the database then
refuses with a 500. `str.isdigit()` is worse: it is true for "²", which `int()` refuses. Here a
number is ASCII digits only (an optional leading "-"), at most 18 of them, within the caller's
bounds; anything else is `InvalidNumber`, whose message says which parameter and what is allowed.

Views choose what a bad value does: a listing ignores the filter and says so
(`optional_int`), an API answers 400 with the message (`strict_int`).

Several values, the same way everywhere.

A multi-valued parameter may be repeated (?type=news&type=event), comma-separated (?type=news,event)
or both. Its values are stripped, de-duplicated in the order given, and bounded: more than `most`
distinct values is refused with a clear message (the caller answers 400), never silently truncated —
a list someone built on purpose should not lose members without a word. Repeats of the same value
cost nothing, so ?type=news repeated 400 times is simply ?type=news.

A single-valued parameter given several times takes its LAST value (Django's QueryDict.get), and is
bounded in length.

Used by site search (search/params.py), the list pages and the admin; reuse it for any new
filter.
"""

import re

from django import forms
from django.utils.translation import gettext as _

# The largest value every database column type used for ids and years accepts (a 32-bit integer).
MAX_INT = 2**31 - 1
_NUMBER = re.compile(r"-?[0-9]{1,18}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ParameterError(ValueError):
    """A parameter that cannot be honoured; the message says which and why."""


class InvalidNumber(ParameterError):
    """A parameter that should be a whole number within bounds and is not."""


def strict_int(raw, *, name: str, minimum: int = 0, maximum: int = MAX_INT, default: int | None = None) -> int | None:
    """`default` when the parameter is absent or empty; the number when it is one within
    [minimum, maximum]; otherwise InvalidNumber."""
    if raw is None or raw == "":
        return default
    if not isinstance(raw, str) or not _NUMBER.fullmatch(raw):
        raise InvalidNumber(_("%(name)s 应为整数，取值 %(minimum)s 到 %(maximum)s。") % _bounds(name, minimum, maximum))
    value = int(raw)
    if not minimum <= value <= maximum:
        raise InvalidNumber(_("%(name)s 应为整数，取值 %(minimum)s 到 %(maximum)s。") % _bounds(name, minimum, maximum))
    return value


def optional_int(
    raw, *, name: str, minimum: int = 0, maximum: int = MAX_INT, ignored: list | None = None
) -> int | None:
    """The number, or None when absent or invalid; an invalid value's message goes to `ignored`
    so that the page can say which filter it did not apply."""
    try:
        return strict_int(raw, name=name, minimum=minimum, maximum=maximum)
    except InvalidNumber as error:
        if ignored is not None:
            ignored.append(str(error))
        return None


def _bounds(name: str, minimum: int, maximum: int) -> dict:
    return {"name": name, "minimum": minimum, "maximum": maximum}


class StrictModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose value must be an ASCII id: Django's own accepts "٣" as 3 and so
    applies a filter nobody chose."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            strict_int(value, name=str(self.label or "id"), minimum=1)
        except InvalidNumber as error:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error
        return super().to_python(value)


#: The most distinct values a multi-valued parameter accepts.
MAX_VALUES = 10
#: The most characters a single value may have (longer ones are cut).
MAX_VALUE_CHARS = 200


def many(params, name: str, *, most: int = MAX_VALUES, allowed=None) -> tuple[str, ...]:
    """The distinct values of `name` (repeated and/or comma-separated), in the order given.

    Raises ParameterError when more than `most` distinct values are given, or when `allowed` is given
    and a value is not in it.
    """
    values: dict[str, None] = {}
    for raw in params.getlist(name):
        for value in str(raw).split(","):
            value = _CONTROL.sub(" ", value).strip()[:MAX_VALUE_CHARS]
            if value:
                values[value] = None
            if len(values) > most:
                raise ParameterError(_("%(name)s 最多可同时选择 %(most)s 个值。") % {"name": name, "most": most})
    if allowed is not None:
        unknown = [value for value in values if value not in allowed]
        if unknown:
            raise ParameterError(
                _("%(name)s 只能是 %(allowed)s（多个用逗号分隔），不认识：%(unknown)s。")
                % {"name": name, "allowed": "、".join(allowed), "unknown": "、".join(unknown)}
            )
    return tuple(values)


def text(params, name: str, default: str = "") -> str:
    """The last value of a free-text parameter (a search query) with control characters made spaces:
    PostgreSQL refuses a NUL in any text it is asked to compare, and no other control character means
    anything in a query. Not cut: the caller says when it is too long."""
    return _CONTROL.sub(" ", str(params.get(name, default) or default)).strip()


def one(params, name: str, default: str = "") -> str:
    """The last value of a single-valued parameter, without control characters, stripped and bounded
    in length."""
    return text(params, name, default)[:MAX_VALUE_CHARS]
