from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.roles import can_view_members_content

from .access import is_members_only_document
from .models import deny_members_only


@hooks.register("before_serve_document")
def protect_members_only_documents(document, request):
    if not can_view_members_content(request.user) and is_members_only_document(document):
        return deny_members_only(request)
    return None


@hooks.register("register_admin_urls")
def register_import_url():
    from .admin_views import import_status_view, import_view

    return [
        path("resources/import/", import_view, name="resources_import"),
        path("resources/import/<int:pk>/", import_status_view, name="resources_import_status"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return MenuItem("批量导入资源", reverse("resources_import"), icon_name="upload", order=320)
