"""Benchmarks (bench/): production-like (DEBUG off), database from DATABASE_URL, and the search
backend chosen by BENCH_SEARCH_BACKEND so that stock Wagtail search and ours can be compared."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "bench-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="alliance-bench-media-"))  # noqa: F405
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="alliance-bench-private-"))  # noqa: F405
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": os.environ.get("BENCH_SEARCH_BACKEND", "search.backends.database")}}
