"""Purging the front cache (Varnish, deploy/varnish/default.vcl) beyond the page that changed.

wagtail.contrib.frontend_cache sends PURGE for a page's own URLs when it is published or
unpublished (and so when it is deleted: Wagtail unpublishes a live page before deleting it). But
a page shows more than itself: the home page and the lists show new articles, every page shows the
footer's settings and snippets, and a page stops being public when a view restriction is put on it
or on a page above it; a move changes the URLs of a whole section. Whenever the anonymous page
cache starts a new generation (core.page_cache_purge: the same changes, whatever made them), the
front cache is told to forget everything too: one BAN request to each HTTP backend of
WAGTAILFRONTENDCACHE (set by FRONTEND_CACHE_URL; nothing is sent without it). The VCL accepts
PURGE and BAN only from its ACL.
"""

from __future__ import annotations

import logging
from urllib.error import URLError
from urllib.request import Request, urlopen

from django.conf import settings

logger = logging.getLogger(__name__)

HTTP_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"
TIMEOUT_SECONDS = 5


def locations() -> list[str]:
    backends = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    return [backend["LOCATION"] for backend in backends.values() if backend.get("BACKEND") == HTTP_BACKEND]


def ban_everything() -> None:
    """Every cached page of the front cache goes stale (a failure is logged, never raised: the
    change has been saved, and the pages expire after the VCL's TTL anyway)."""
    for location in locations():
        request = Request(location.rstrip("/") + "/", method="BAN")  # noqa: S310 - our own setting
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS):  # noqa: S310
                pass
        except (URLError, OSError) as error:
            logger.error("Could not BAN the front cache at %s: %s", location, error)
