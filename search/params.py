"""Reading search parameters from a request, the same way for the page and the API."""

from core.models import Major
from resources.models import ResourceType

from .services import MAX_LIMIT, TYPE_LABELS, Filters, SearchError


def _int(raw: str | None, name: str, default: int | None) -> int | None:
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except (TypeError, ValueError) as error:
        raise SearchError(f"{name} 应为整数。") from error


def parse(params, *, default_limit: int = 10) -> tuple[str, Filters, int, int]:
    query = params.get("q", "")
    types = tuple(t for t in params.get("type", "").split(",") if t)
    unknown = [t for t in types if t not in TYPE_LABELS]
    if unknown:
        raise SearchError(f"type 只能是 {'、'.join(TYPE_LABELS)}（多个用逗号分隔），不认识：{'、'.join(unknown)}。")
    major = _int(params.get("major"), "major", None)
    if major is not None and not Major.objects.filter(pk=major).exists():
        raise SearchError(f"major={major} 不存在。")
    resource_type = params.get("resource_type", "")
    if resource_type and resource_type not in ResourceType.values:
        raise SearchError(f"resource_type 只能是：{'、'.join(ResourceType.values)}。")
    year = _int(params.get("year"), "year", None)
    school = params.get("school", "")[:200]
    page = _int(params.get("page"), "page", 1)
    limit = _int(params.get("limit"), "limit", default_limit)
    if limit is not None and limit > MAX_LIMIT:
        raise SearchError(f"limit 最大为 {MAX_LIMIT}。")
    return query, Filters(types=types, major=major, resource_type=resource_type, year=year, school=school), page, limit
