"""Counting limits for the public forms that create something or send mail (registration, password
reset): a fixed one-hour window per key, kept in the cache (Redis when configured, so every server
shares it). Keys are usually the client's address (core.client_address, the one django-axes reads
too)."""

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 3600


def within_limit(scope: str, key: str, limit: int) -> bool:
    """Count one more use of `key` in `scope`; False once this hour's `limit` is spent."""
    cache_key = f"rate:{scope}:" + hashlib.sha256(key.strip().lower().encode()).hexdigest()
    cache.add(cache_key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the entry expired between add and incr: this use starts a new window
        cache.add(cache_key, 1, timeout=WINDOW_SECONDS)
        return True
    # None: the cache is unreachable (Redis down, logged by django-redis); the limit cannot be kept,
    # and refusing every registration and reset until Redis is back would be worse than counting none.
    return count is None or count <= limit
