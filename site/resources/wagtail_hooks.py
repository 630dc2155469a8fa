from wagtail import hooks

from core.roles import can_view_members_content

from .access import is_members_only_document
from .models import deny_members_only


@hooks.register("before_serve_document")
def protect_members_only_documents(document, request):
    if not can_view_members_content(request.user) and is_members_only_document(document):
        return deny_members_only(request)
    return None
