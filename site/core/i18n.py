"""The English site beside the Chinese one (docs/i18n.md).

Chinese is the source language: every page exists in Chinese, and some have an English translation
made with Wagtail's translation tools. Under /en/ a visitor sees the English translation of a page
where one exists and the Chinese page, inside the English interface, where none does; the language
switch and the `hreflang` alternates lead to the same page in the other language.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language
from wagtail.models import Locale, Page

# The `lang`/`hreflang` spelling (BCP 47) of each language code Django uses.
BCP47 = {"zh-hans": "zh-Hans", "en": "en"}


def bcp47(code: str | None) -> str:
    return BCP47.get((code or settings.LANGUAGE_CODE).lower(), code or settings.LANGUAGE_CODE)


def is_default_language(code: str | None = None) -> bool:
    return (code or get_language() or settings.LANGUAGE_CODE).lower() == settings.LANGUAGE_CODE


def source_page(page: Page) -> Page:
    """The Chinese page a translation was made from (the page itself if it is Chinese or has no source).
    The Chinese site serves only Chinese pages, so there it costs no query."""
    if is_default_language() or page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    try:
        return page.get_translation(Locale.get_default())
    except (Page.DoesNotExist, Locale.DoesNotExist):
        return page


def source_language(page: Page, translations: dict) -> str:
    """The language of `page` itself, from its translations when they were read already."""
    for code, translated in translations.items():
        if translated.pk == page.pk:
            return code
    return page.locale.language_code


def listed_to(page: Page, user) -> bool:
    """Does core.visibility list `page` to `user` (a visitor when None)? A page's translation is
    a page of its own, with its own restrictions and members-only flag."""
    from django.contrib.auth.models import AnonymousUser

    from .visibility import visible_pages

    return visible_pages(Page.objects.filter(pk=page.pk), user or AnonymousUser()).exists()


def listed_translation(page: Page, user=None) -> Page:
    """The live translation of `page` in the active language when core.visibility lists it to
    `user` (a visitor when None: the conservative answer where no user is at hand), else `page`
    itself. A translation behind a restriction or the members-only flag never stands in for the
    page it translates: its title and address would show what the list may not."""
    translated = page.localized
    if translated.pk != page.pk and listed_to(translated, user):
        return translated
    return page


def url_in_language(page: Page, code: str, request=None, user=None) -> str | None:
    """The address of `page` in language `code`: its live translation's when the viewer (`user`,
    else the request's) may see it listed, else the page itself under that language's prefix
    (served by `HomePage.route`'s fallback), None if it has no address."""
    try:
        translated = page.get_translation_or_none(Locale.objects.get(language_code=code))
    except Locale.DoesNotExist:
        translated = None
    viewer = user if user is not None else getattr(request, "user", None)
    if translated is not None and translated.live and listed_to(translated, viewer):
        return translated.get_url(request)
    url = page.get_url(request)
    if not url:
        return None
    with translation.override(page.locale.language_code):  # resolve the address in the page's own language
        return translate_url(url, code)


def page_url(page: Page, request=None, user=None) -> str | None:
    """The address of a listed page for the visitor's language (what `{% localized_pageurl %}` prints)."""
    if is_default_language():
        return page.get_url(request)
    return url_in_language(page, get_language() or settings.LANGUAGE_CODE, request, user)


def alternates(request, page: Page | None = None) -> list[dict]:
    """The current page in each language: code, name, address, and whether it is the current one.
    One query for a page (its live translations); none for an app view."""
    current = (get_language() or settings.LANGUAGE_CODE).lower()
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            translated.locale.language_code.lower(): translated
            for translated in page.get_translations(inclusive=True).live().select_related("locale")
            if translated.pk == page.pk or listed_to(translated, getattr(request, "user", None))
        }
    links = []
    for code, name in settings.LANGUAGES:
        url = translations[code].get_url(request) if code in translations else None
        if url is None and isinstance(page, Page) and page.pk and page.url_path:
            with translation.override(source_language(page, translations)):
                url = translate_url(page.get_url(request) or "", code) or None
        if url is None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "bcp47": bcp47(code), "name": name, "url": url, "current": code == current})
    return links


def shown_url(obj, url: str | None, request=None, user=None) -> str | None:
    """An address found for `obj` (a page or an app record), for the visitor's language."""
    if is_default_language() or not url:
        return url
    if isinstance(obj, Page):
        return page_url(obj, request, user)
    return translate_url(url, get_language())


def shown_title(obj, title: str, user=None) -> str:
    """The title to show for `obj`: on the English site its English title or name when it has one
    (a page's translation only if `user` may see it listed: `listed_translation`)."""
    if is_default_language():
        return title
    if isinstance(obj, Page):
        translated = listed_translation(obj, user)
        if translated.pk != obj.pk:
            return translated.title
    return getattr(obj, "title_en", "") or getattr(obj, "name_en", "") or title
