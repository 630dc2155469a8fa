"""Test runs: fast password hashing, local-memory cache and mail outbox, tasks inline."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="alliance-test-media-"))  # noqa: F405
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="alliance-test-private-"))  # noqa: F405
PAGE_CACHE_STAMP_FILE = str(Path(tempfile.mkdtemp(prefix="alliance-test-pages-")) / "page-cache.stamp")  # noqa: F405
SITE_BASE_URL = "https://lxh.example.org"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The suites that use the session's demo site expect it in Chinese only (one home page); tests/i18n
# builds its own bilingual pages and runs the English demo loader itself.
DEMO_LOADERS = [loader for loader in DEMO_LOADERS if loader != "core.demo.english.load"]  # noqa: F405
