from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .exports import SnippetExportIndexView
from .models import FriendlyLink, Major
from .page_cache import remember_served_page
from .single_line import guard_admin_forms

guard_admin_forms()  # no control characters in any admin form's single-line field
hooks.register("before_serve_page", remember_served_page)


class MajorViewSet(SnippetViewSet):
    model = Major
    icon = "list-ul"
    menu_label = _("专业目录")
    index_view_class = SnippetExportIndexView
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "code", "get_category_display", "is_active"]
    list_filter = ["category", "is_active"]
    list_export = ["name", "code", "get_category_display", "is_active"]
    search_fields = ["name", "code"]
    # The admin searches exactly these fields by substring (the ORM), on every database: "数控" finds
    # "数控技术应用" and an employer or code is found too, which the search index cannot promise.
    search_backend_name = None
    ordering = ["category", "name"]


register_snippet(MajorViewSet)


class FriendlyLinkViewSet(SnippetViewSet):
    model = FriendlyLink
    icon = "link"
    menu_label = _("友情链接")
    add_to_settings_menu = True
    list_display = ["name", "url", "sort_order", "is_active"]
    ordering = ["sort_order", "name"]


register_snippet(FriendlyLinkViewSet)
