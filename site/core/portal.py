"""What a Chinese portal (门户) has besides its sections: 联系我们, a human site map and sitemap.xml,
the footer (links, 友情链接, ICP/公安备案 numbers), and a table of contents on long pages.

The site map, like every list, shows only what a visitor may see: `core.visibility.visible_pages`
with an anonymous user (no private, password or members-only page is listed)."""

import hashlib

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from .models import ContactSettings, FriendlyLink
from .visibility import visible_pages

#: Pages served by Django views that a visitor may open, for the human site map.
APP_PAGES = [
    (_("会员单位名录"), "membership:directory"),
    (_("申请入会"), "membership:apply"),
    (_("注册账号"), "membership:register"),
    (_("证书查验"), "certificate_verify_form"),
    (_("申请加入专家库"), "expertpool:apply"),
    (_("站内搜索"), "search:page"),
    (_("联系我们"), "contact"),
]

#: A page shows a table of contents from this many headings on.
TOC_MIN_HEADINGS = 4


def heading_anchor(text: str) -> str:
    """A stable id for a heading (Chinese text has no useful slug)."""
    return "h-" + hashlib.blake2s(text.strip().encode(), digest_size=4).hexdigest()


def table_of_contents(body) -> list[dict]:
    """[{"anchor", "text", "level"}] of a StreamField's heading blocks, when there are enough."""
    headings = [
        {"anchor": heading_anchor(block.value["text"]), "text": block.value["text"], "level": block.value["size"]}
        for block in body
        if block.block_type == "heading"
    ]
    return headings if len(headings) >= TOC_MIN_HEADINGS else []


FOOTER_CACHE_KEY = "portal-footer:{site}"


def contact_settings(site) -> ContactSettings:
    """The site's contact settings, read without writing: Wagtail's `for_site` creates the row on
    first use, and saving a setting makes the page cache forget every page (core.page_cache_purge),
    so a visitor's first page view on a site whose secretariat never filled them in would empty the
    cache. Until the secretariat saves them, the blank defaults."""
    found = ContactSettings.objects.filter(site=site).first() if site is not None else None
    return found or ContactSettings(site=site)


def footer_data(site, cache) -> dict:
    """{"contact", "links"} of the footer, cached until the settings or the links change
    (`forget_footer`, connected in CoreConfig.ready)."""
    key = FOOTER_CACHE_KEY.format(site=site.pk if site else 0)
    data = cache.get(key)
    if data is None:
        contact = contact_settings(site)
        data = {"contact": contact, "links": list(FriendlyLink.objects.filter(is_active=True))}
        cache.set(key, data, 3600)
    return data


def forget_footer(**_signal_kwargs) -> None:
    from django.core.cache import cache
    from django.db import transaction

    def forget():
        cache.delete_many([FOOTER_CACHE_KEY.format(site=pk) for pk in [0, *Site.objects.values_list("pk", flat=True)]])

    forget()
    transaction.on_commit(forget)


class VisitorSitemap(Sitemap):
    """sitemap.xml: the live pages an anonymous visitor may open, nothing private or members-only."""

    def items(self):
        return visible_pages(super().items(), AnonymousUser())


def sitemap_xml(request):
    """Wagtail's sitemap view, reading its page number (`p`) through core.params: a bad or
    out-of-range number gives the first page, never a 404 or a 500."""
    from django.http import Http404, QueryDict
    from wagtail.contrib.sitemaps.views import sitemap

    from .params import one, optional_int

    sitemaps = {"pages": VisitorSitemap}
    number = optional_int(one(request.GET, "p"), name="p", minimum=1)
    query = QueryDict(mutable=True)
    if number is not None:
        query["p"] = str(number)
    request.GET = query  # only the page number: nothing else reaches the sitemap view
    try:
        return sitemap(request, sitemaps=sitemaps)
    except Http404:
        request.GET = QueryDict()
        return sitemap(request, sitemaps=sitemaps)


def contact(request):
    site = Site.find_for_request(request)
    settings = contact_settings(site)
    return render(request, "core/contact.html", {"contact": settings})


def sitemap_page(request):
    """The human site map: the home page's sections and their pages (two levels), then the site's
    own functions; only what this visitor may see."""
    site = Site.find_for_request(request)
    sections = []
    if site is not None:
        home = site.root_page
        children = visible_pages(Page.objects.child_of(home), request.user).order_by("path").specific()
        for child in children:
            grandchildren = visible_pages(Page.objects.child_of(child), request.user).order_by("path")
            count = grandchildren.count()
            sections.append({"page": child, "children": list(grandchildren[:12]), "more": count > 12})
    return render(request, "core/sitemap.html", {"sections": sections, "app_pages": APP_PAGES})
