"""Reading query-string parameters that may carry several values, the same way everywhere.

A multi-valued parameter may be repeated (?type=news&type=event), comma-separated (?type=news,event)
or both. Its values are stripped, de-duplicated in the order given, and bounded: more than `most`
distinct values is refused with a clear message (the caller answers 400), never silently truncated —
a list someone built on purpose should not lose members without a word. Repeats of the same value
cost nothing, so ?type=news repeated 400 times is simply ?type=news.

A single-valued parameter given several times takes its LAST value (Django's QueryDict.get), and is
bounded in length.

Used by site search (search/params.py) and the list pages; reuse it for any new list filter.
"""

from django.utils.translation import gettext_lazy as _

#: The most distinct values a multi-valued parameter accepts.
MAX_VALUES = 10
#: The most characters a single value may have (longer ones are cut).
MAX_VALUE_CHARS = 200


class ParameterError(ValueError):
    """A parameter that cannot be honoured; the message says which and why."""


def many(params, name: str, *, most: int = MAX_VALUES, allowed=None) -> tuple[str, ...]:
    """The distinct values of `name` (repeated and/or comma-separated), in the order given.

    Raises ParameterError when more than `most` distinct values are given, or when `allowed` is given
    and a value is not in it.
    """
    values: dict[str, None] = {}
    for raw in params.getlist(name):
        for value in str(raw).split(","):
            value = value.strip()[:MAX_VALUE_CHARS]
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


def one(params, name: str, default: str = "") -> str:
    """The last value of a single-valued parameter, stripped and bounded in length."""
    return str(params.get(name, default) or default).strip()[:MAX_VALUE_CHARS]
