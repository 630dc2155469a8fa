"""When the anonymous page cache (core.page_cache) must forget everything.

Anything a page shows may have changed: a page itself (published, unpublished, moved, deleted,
or saved directly), a snippet (majors, synonyms …), a document or image (pages show their titles
and renditions), a site setting, a site or a locale — and who may see a page or a collection at all:
a view restriction added, changed or removed, or its groups changed. A page that has just become
private must not go on being served from the cache to anonymous visitors.
"""

from functools import cache

from django.db import transaction
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.snippets.models import get_snippet_models

from core import front_cache
from core.page_cache import purge_all


@cache
def _types_shown_on_pages() -> tuple[type, ...]:
    return (
        Page,
        get_document_model(),
        get_image_model(),
        BaseGenericSetting,
        BaseSiteSetting,
        Site,
        Locale,
        PageViewRestriction,
        CollectionViewRestriction,
        *get_snippet_models(),
    )


def _purge_everywhere() -> None:
    purge_all()
    front_cache.ban_everything()  # Varnish, when FRONTEND_CACHE_URL is set (core.front_cache)


def purge(**_signal_kwargs) -> None:
    # After the commit too: a visitor rendering between the change and its commit would otherwise
    # put the old page back into the cache under the new generation.
    _purge_everywhere()
    transaction.on_commit(_purge_everywhere)


def purge_if_shown_on_pages(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, _types_shown_on_pages()):
        purge()


def restriction_group_models() -> tuple[type, ...]:
    """The m2m tables linking a view restriction to the groups it admits (m2m_changed senders)."""
    return (PageViewRestriction.groups.through, CollectionViewRestriction.groups.through)
