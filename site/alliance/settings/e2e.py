"""Browser tests (tests/e2e) and the throughput benchmark (bench/throughput.py): the production
settings, served over plain HTTP on 127.0.0.1.

Everything else is as deployed (DEBUG off, CSP, WhiteNoise with hashed compressed static files,
the page cache, gunicorn); only what needs TLS is turned off, and mail goes to files the tests read.
"""

import os

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "/tmp/alliance-e2e-mail")  # noqa: S108
