from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """Liveness for the reverse proxy or orchestrator: the process answers. Touches neither the
    database nor the cache, so it is also the benchmarks' bare Django view."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
