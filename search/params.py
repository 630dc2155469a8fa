"""Reading search parameters from a request, the same way for the page and the API.

`type` is the one multi-valued parameter (repeated and/or comma-separated): read through
core.params.many, so it is de-duplicated and bounded; every other parameter is single-valued
(its last value counts). docs/search.md lists them.
"""

from django.utils.translation import gettext

from core.models import Major
from core.params import InvalidNumber, ParameterError, many, one, strict_int, text
from resources.models import ResourceType

from .services import MAX_LIMIT, TYPE_LABELS, Filters, SearchError

#: The multi-valued parameters of the search page and API (the test walks them all).
MULTI_VALUED = ("type",)
MAX_INT = 2**31 - 1


def _int(raw: str | None, name: str, default: int | None, *, minimum: int = 0) -> int | None:
    """ASCII digits within range only (core.params): "٣", "²" or a 20-digit number is a 400, never a 500."""
    try:
        return strict_int(raw, name=name, minimum=minimum, default=default)
    except InvalidNumber as error:
        raise SearchError(str(error)) from error


def parse(params, *, default_limit: int = 10) -> tuple[str, Filters, int, int]:
    query = text(params, "q")
    try:
        types = many(params, "type", most=len(TYPE_LABELS), allowed=tuple(TYPE_LABELS))
    except ParameterError as error:
        raise SearchError(str(error)) from error
    major = _int(one(params, "major"), "major", None)
    if major is not None and not Major.objects.filter(pk=major).exists():
        raise SearchError(gettext("major={major} 不存在。").format(major=major))
    resource_type = one(params, "resource_type")
    if resource_type and resource_type not in ResourceType.values:
        raise SearchError(gettext("resource_type 只能是：{value1}。").format(value1="、".join(ResourceType.values)))
    year = _int(one(params, "year"), "year", None)
    school = one(params, "school")
    page = _int(one(params, "page"), "page", 1)
    limit = _int(one(params, "limit"), "limit", default_limit)
    if limit is not None and limit > MAX_LIMIT:
        raise SearchError(gettext("limit 最大为 {MAX_LIMIT}。").format(MAX_LIMIT=MAX_LIMIT))
    return query, Filters(types=types, major=major, resource_type=resource_type, year=year, school=school), page, limit
