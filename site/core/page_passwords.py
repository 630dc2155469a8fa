"""Shared-password privacy (Wagtail's "anyone with this password" on pages and collections) is
switched off in the admin (WAGTAIL_PRIVATE_PAGE_OPTIONS, WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS):
members-only content is for logged-in member accounts, which have django-axes' lockout. A password
restriction made before that, or through the API, still works; this middleware limits the guesses
at it: every POST to either password form counts against the client's address
(PAGE_PASSWORD_ATTEMPTS_PER_CLIENT_PER_HOUR, right or wrong, whichever page or collection), and
beyond the limit the answer is a 429 page. See docs/security.md, "Page passwords".
"""

from django.conf import settings
from django.template.response import TemplateResponse
from wagtail import views as page_views
from wagtail.documents.views import serve as document_views

from core.client_address import client_address
from core.rate_limits import WINDOW_SECONDS, within_limit

PASSWORD_VIEWS = (page_views.authenticate_with_password, document_views.authenticate_with_password)


class PasswordAttemptLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func not in PASSWORD_VIEWS or request.method != "POST":
            return None
        limit = settings.PAGE_PASSWORD_ATTEMPTS_PER_CLIENT_PER_HOUR
        if within_limit("page-password", client_address(request), limit):
            return None
        response = TemplateResponse(request, "core/password_attempts_exceeded.html", status=429)
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response
