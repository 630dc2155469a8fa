"""Whole-page cache for anonymous visitors of Wagtail pages.

Only what every anonymous visitor would see is cached: a GET or HEAD of a Wagtail page, served by
Wagtail's own view, to a visitor who is not logged in and has no session and no message, answered 200
without a cookie, without a CSRF token and without `Cache-Control: private/no-store`, of a page
with no view restriction (login, groups or password) on it or above it. Logged-in users, forms, the
admin, search, the membership and expert pages are never cached.

Entries live in the default cache (Redis with REDIS_URL, local memory otherwise) under a
generation; publishing, unpublishing, moving or deleting any page, and saving the site's settings
or snippets, and adding, changing or removing a view restriction (or its groups), start a new
generation, so the next visit to any page renders afresh (a published
news item changes the home page and the lists as well as its own page).

Where the generation lives follows the cache: in Redis, shared by every process on every machine;
with local memory, in a small stamp file (PAGE_CACHE_STAMP_FILE), because each gunicorn worker
has a memory of its own and a publish handled by one worker must reach the others.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_response_headers
from django.utils.translation import get_language
from wagtail import views as wagtail_views

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 600))


def _stamp_file() -> Path | None:
    stamp = getattr(settings, "PAGE_CACHE_STAMP_FILE", "")
    return Path(stamp) if stamp else None


def purge_all() -> None:
    """Make every cached page stale (called on publish and the other changes listed above)."""
    stamp = _stamp_file()
    if stamp:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        fresh = stamp.with_name(f"{stamp.name}.{uuid.uuid4().hex}")
        fresh.write_text(uuid.uuid4().hex)
        os.replace(fresh, stamp)  # atomic: readers see the old generation or the new one
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing has been cached under one
        cache.set(GENERATION_KEY, 1, timeout=None)


def _generation() -> str:
    stamp = _stamp_file()
    if stamp:
        try:
            return stamp.read_text()
        except FileNotFoundError:
            return "0"
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return str(generation)


def _key(request) -> str:
    address = f"{request.get_host()}|{request.get_full_path()}|{get_language()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:{_generation()}:{digest}"


def _has_pending_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _is_cacheable_request(request) -> bool:
    # A session means state of this visitor's own (a page password they entered, a message):
    # such a visitor neither gets cached pages nor fills the cache.
    return (
        request.method in ("GET", "HEAD")
        and cache_seconds() > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
        and not _has_pending_messages(request)
    )


def remember_served_page(page, request, serve_args, serve_kwargs):
    """before_serve_page hook: which page the response is for, so that a restricted one is never stored."""
    request._page_cache_page = page


def _is_restricted(request) -> bool:
    page = getattr(request, "_page_cache_page", None)
    return page is not None and page.get_view_restrictions().exists()


def _is_cacheable_response(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not _is_restricted(request)
    )


class AnonymousPageCacheMiddleware:
    """Sits after the authentication and message middleware (it needs to know who is asking)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and response.get(HEADER) != "hit" and _is_cacheable_response(request, response):
            if hasattr(response, "render"):
                response.render()
            response[HEADER] = "miss"
            patch_response_headers(response, cache_timeout=0)  # browsers revalidate; we purge
            cache.set(key, response, cache_seconds())
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or not _is_cacheable_request(request):
            return None
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        request._page_cache_key = key
        return None
