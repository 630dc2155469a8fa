from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from core.params import text

from . import params, services


@require_GET
def search_page(request):
    context = {"query": request.GET.get("q", "")}
    try:
        query, filters, page, limit = params.parse(request.GET)
        if query.strip():
            context["outcome"] = services.site_search(
                query=query, user=request.user, filters=filters, page=page, limit=limit, request=request
            )
        context["filters"] = filters
    except services.SearchError as error:
        context["error"] = str(error)
        return TemplateResponse(request, "search/search.html", context, status=400)
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def search_api(request):
    """GET /api/search/?q=…&type=…&major=…&resource_type=…&year=…&school=…&page=…&limit=…"""
    try:
        query, filters, page, limit = params.parse(request.GET)
        if not query.strip():
            raise services.SearchError(gettext("缺少查询参数 q。"))
        outcome = services.site_search(
            query=query, user=request.user, filters=filters, page=page, limit=limit, request=request
        )
    except services.SearchError as error:
        return JsonResponse({"error": str(error)}, status=400, json_dumps_params={"ensure_ascii": False})
    body = {
        "count": outcome.count,
        "page": outcome.page,
        "limit": outcome.limit,
        "results": [hit.as_dict() for hit in outcome.hits],
        "facets": outcome.facets,
        "suggestion": outcome.suggestion,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=0" if request.user.is_authenticated else "public, max-age=60"
    response["Vary"] = "Cookie"
    return response


@require_GET
def suggest_api(request):
    items = services.suggest_titles(prefix=text(request.GET, "q"), user=request.user)
    return JsonResponse({"suggestions": items}, json_dumps_params={"ensure_ascii": False})
