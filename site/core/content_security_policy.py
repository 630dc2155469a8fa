"""Content-Security-Policy on every response.

The public site runs no inline script at all, so its policy allows scripts from this origin only.
Wagtail's admin writes small inline scripts (inline panels, date pickers), so the admin's policy
allows inline script and style but still no other origin. Both forbid plugins, framing by other
sites and posting forms elsewhere. Video embeds may frame the providers in CSP_FRAME_SOURCES.
"""

from django.conf import settings


def _policy(*, inline: bool) -> str:
    inline_source = " 'unsafe-inline'" if inline else ""
    frame_sources = " ".join(getattr(settings, "CSP_FRAME_SOURCES", []))
    directives = {
        "default-src": "'self'",
        "script-src": f"'self'{inline_source}",
        "style-src": f"'self'{inline_source}",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "frame-src": f"'self' {frame_sources}".strip(),
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'" if inline else "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.site_policy = _policy(inline=False)
        self.admin_policy = _policy(inline=True)
        self.admin_prefixes = tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/",)))

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(self.admin_prefixes)
            response["Content-Security-Policy"] = self.admin_policy if is_admin else self.site_policy
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
