from django import template
from wagtail.models import Site

from core.models import ContactSettings, FriendlyLink
from core.portal import heading_anchor

register = template.Library()


@register.inclusion_tag("core/includes/footer.html", takes_context=True)
def site_footer(context):
    """The footer: links, 友情链接, the secretariat's contact and the filing numbers when set."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    contact = ContactSettings.for_site(site) if site is not None else ContactSettings()
    return {"contact": contact, "links": list(FriendlyLink.objects.filter(is_active=True)), "request": request}


@register.filter
def anchor(text: str) -> str:
    return heading_anchor(text or "")
