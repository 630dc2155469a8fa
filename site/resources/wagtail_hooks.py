from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from core.roles import can_view_members_content

from .access import is_members_only_document
from .models import MajorToConfirm, deny_members_only


@hooks.register("before_serve_document")
def protect_members_only_documents(document, request):
    if not can_view_members_content(request.user) and is_members_only_document(document):
        return deny_members_only(request)
    return None


@hooks.register("before_serve_document", order=100)
def count_resource_download(document, request):
    """Counted after every check above (and Wagtail's collection privacy) let the download through:
    a refused download never counts. Only full GETs count, not HEAD or a resumed range."""
    if request.method == "GET" and "HTTP_RANGE" not in request.META:
        from .downloads import record_download

        record_download(document)
    return None


@hooks.register("register_admin_urls")
def register_import_url():
    from .admin_views import import_resume_view, import_status_view, import_view, merge_major_view

    return [
        path("resources/majors-to-confirm/<int:pk>/merge/", merge_major_view, name="resources_merge_major"),
        path("resources/import/", import_view, name="resources_import"),
        path("resources/import/<int:pk>/", import_status_view, name="resources_import_status"),
        path("resources/import/<int:pk>/resume/", import_resume_view, name="resources_import_resume"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return MenuItem(gettext("批量导入资源"), reverse("resources_import"), icon_name="upload", order=320)


class MajorToConfirmViewSet(ModelViewSet):
    """The majors imports created: the secretariat confirms one (deletes its mark here) or merges
    it into the listed major it duplicates (the 专业目录 snippet, then delete the duplicate)."""

    model = MajorToConfirm
    icon = "warning"
    menu_label = _("待确认专业")
    add_to_admin_menu = True
    menu_order = 301
    url_prefix = "resources/majors-to-confirm"
    url_namespace = "majors_to_confirm"
    list_display = ["major", "source", "created_at", "merge_link"]
    list_filter = ["major__category"]
    search_fields = ["major__name", "source"]
    form_fields = ["source"]
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_majors_to_confirm():
    return MajorToConfirmViewSet()
