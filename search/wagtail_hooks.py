from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("搜索同义词")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["term", "expansions", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["term", "expansions"]


register_snippet(SynonymViewSet)
