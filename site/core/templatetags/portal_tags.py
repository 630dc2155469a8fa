from django import template
from django.core.cache import cache
from wagtail.models import Site

from core.portal import footer_data, heading_anchor

register = template.Library()


@register.inclusion_tag("core/includes/footer.html", takes_context=True)
def site_footer(context):
    """The footer: links, 友情链接, the secretariat's contact and the filing numbers when set. Read
    from the cache (core.portal.footer_data): every page shows it, and it changes rarely."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return {**footer_data(site, cache), "request": request}


@register.filter
def anchor(text: str) -> str:
    return heading_anchor(text or "")
