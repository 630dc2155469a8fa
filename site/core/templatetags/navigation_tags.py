from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("core/includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The top navigation: the live, in-menu children of the current site's home page."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": [], "request": request, "home": None}
    pages = Page.objects.child_of(site.root_page).live().in_menu()
    current = context.get("page")
    items = [
        {
            "title": page.title,
            "url": page.get_url(request),
            "active": current is not None and current.path.startswith(page.path),
        }
        for page in pages
    ]
    return {"nav_pages": items, "request": request, "home": site.root_page}
