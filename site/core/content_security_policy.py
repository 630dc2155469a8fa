"""Content-Security-Policy: django-csp's middleware, with the admin's exception.

The policy itself is data in settings (`CONTENT_SECURITY_POLICY`, django-csp 4's format): the public
site runs no inline script or style, so it allows scripts and styles from this origin only. Wagtail's
admin writes small inline scripts and style attributes (inline panels, date pickers), so under
`CSP_ADMIN_PATH_PREFIXES` the directives of `CSP_ADMIN_DIRECTIVES` replace the site's: inline
allowed, still no other origin. django-csp has no per-path policy setting; subclassing the middleware
and extending `get_policy_parts` is the extension point it documents for this. A view can still opt
out or adjust with django-csp's decorators (`csp_exempt`, `csp_update`, `csp_replace`), and a
response that already carries the header keeps its own.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES)):
            # A view's own @csp_replace still wins over the admin's directives.
            parts.replace = {**settings.CSP_ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts
