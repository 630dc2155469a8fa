from django import template
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from core.i18n import is_default_language
from core.visibility import visible_pages

register = template.Library()

# Sections served by Django views rather than Wagtail pages: (title, URL name). Each is marked
# current for every URL under it (/membership/applications/… keeps 入会申请 lit).
APP_SECTIONS = [
    (_("会员单位"), "membership:directory"),
    (_("专家库"), "expertpool:directory"),
    (_("入会申请"), "membership:dashboard"),
    (_("证书查验"), "certificate_verify_form"),
]


@register.inclusion_tag("core/includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The top navigation: the home page, its live in-menu children, then the app sections; the
    item the visitor is in is marked current."""
    request = context["request"]
    site = Site.find_for_request(request)
    current_page = context.get("page")
    items = []
    if site is not None:
        home = site.root_page if is_default_language() else site.root_page.localized  # English home on /en/
        items.append({"title": gettext("首页"), "url": home.get_url(request), "active": _is(current_page, home)})
        for page in visible_pages(Page.objects.child_of(home), request.user).in_menu():
            items.append({"title": page.title, "url": page.get_url(request), "active": _within(current_page, page)})
    for title, url_name in APP_SECTIONS:
        url = reverse(url_name)
        items.append({"title": title, "url": url, "active": current_page is None and request.path.startswith(url)})
    return {"items": items}


def _is(current, page) -> bool:
    return current is not None and current.pk == page.pk


def _within(current, page) -> bool:
    return current is not None and current.path.startswith(page.path)
