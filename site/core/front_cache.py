"""Purging the front cache (Varnish, deploy/varnish/default.vcl) where Wagtail does not.

wagtail.contrib.frontend_cache purges a page's URLs when it is published or unpublished, and so
when it is deleted (Wagtail unpublishes every live page before deleting it). A page also leaves
its URL when it is moved, and stops being public when a view restriction is put on it or on a page
above it: these purge the page and every live page below it here, through the same backends
(WAGTAILFRONTENDCACHE, empty unless FRONTEND_CACHE_URL is set).

URLs are worked out at once (before a move the old ones are still known) and purged
now and again after the commit, so that a visitor asking in between cannot put the old page back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _purge(pages) -> None:
    batch = PurgeBatch()
    batch.add_pages(pages)
    if batch.urls:
        batch.purge()
        transaction.on_commit(batch.purge)


def purge_with_descendants(page: Page) -> None:
    if enabled():
        _purge(Page.objects.descendant_of(page, inclusive=True).live().specific())


def purge_moved_page(sender, instance=None, **kwargs) -> None:
    """pre_page_move: the page and its descendants under their old URLs."""
    purge_with_descendants(instance)


def purge_restricted_page(sender, instance=None, **kwargs) -> None:
    """post_save / post_delete of a PageViewRestriction."""
    page = getattr(instance, "page", None) if instance is not None else None
    if page is not None:
        purge_with_descendants(page)
