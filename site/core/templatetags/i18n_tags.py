"""Template tags for the English site: the language switch, hreflang alternates, `lang` attributes
and page links in the visitor's language (core.i18n)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from wagtail.models import Page

from core import i18n

register = template.Library()


@register.simple_tag
def html_lang() -> str:
    return i18n.bcp47(get_language())


@register.simple_tag(takes_context=True)
def content_lang(context, page=None) -> str:
    """` lang="zh-Hans"` when the page shown is in another language than the interface (a Chinese
    page without translation on the English site), else nothing."""
    page = page if page is not None else context.get("page")
    language = _foreign_language(page) if isinstance(page, Page) else None
    return format_html(' lang="{}"', i18n.bcp47(language)) if language else ""


def _foreign_language(page: Page) -> str | None:
    """The page's language when it is not the interface's (a Chinese page on the English site)."""
    if i18n.is_default_language():  # the Chinese site serves Chinese pages
        return None
    language = page.locale.language_code
    return None if language.lower() == (get_language() or "").lower() else language


@register.simple_tag(takes_context=True)
def hreflang_links(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    links = i18n.alternates(request, context.get("page"))
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}">',
        ((link["bcp47"], request.build_absolute_uri(link["url"])) for link in links),
    )


@register.inclusion_tag("core/includes/language_switch.html", takes_context=True)
def language_switch(context):
    request = context.get("request")
    if request is None:
        return {"links": []}
    return {"links": i18n.alternates(request, context.get("page"))}


@register.simple_tag(takes_context=True)
def localized_pageurl(context, page) -> str:
    """The address of a listed page in the visitor's language: its translation, else the page itself
    under the language's prefix."""
    return i18n.page_url(page, context.get("request")) or ""


@register.filter
def localized(page):
    """The page's live translation in the visitor's language, or the page itself."""
    if not isinstance(page, Page) or i18n.is_default_language():
        return page
    return i18n.listed_translation(page)


@register.filter
def display_title(page) -> str:
    """A page's title for the visitor: its translation's, else `title_en` on the English site when the
    page has one (resources and textbooks), else its (Chinese) title marked lang="zh-Hans". For
    element content only (the fallback is HTML)."""
    if not isinstance(page, Page):
        return str(page)
    if i18n.is_default_language():
        return page.title
    shown = i18n.listed_translation(page)  # a filter has no user: only a translation anyone may see
    if shown.pk != page.pk:
        return shown.title
    if getattr(page, "title_en", ""):
        return page.title_en
    # Still the Chinese title inside the English page: say so, for screen readers and translators.
    language = _foreign_language(page)
    return format_html('<span lang="{}">{}</span>', i18n.bcp47(language), page.title) if language else page.title
