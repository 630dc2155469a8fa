from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """Liveness for the reverse proxy or orchestrator: the process answers. Touches neither the
    database nor the cache, so it is also the benchmarks' bare Django view."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on a first visit whatever the page declares; without this each
    visitor's first page cost a full 404 page (the site's navigation and footer rendered for it).
    Not a permanent redirect: in production the target is a hashed name that the next deployment
    replaces, and a browser would keep a 301 to it."""
    return redirect(static("favicon.svg"))
