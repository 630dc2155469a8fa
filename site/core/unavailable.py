"""The error page when the database cannot be reached (a restart, a failover, the server down):
503 with the site's own page and a Retry-After, instead of a 500 that reads as a bug, and one
clear log line. Every other unexpected error is Django's 500 page as before.

Installed as `handler500` (alliance/urls.py), so it also covers an error raised in a middleware
(the session, the page cache) before any view runs. Nothing here touches the database. When the
database is back, the next request reconnects by itself: production checks a kept connection
before reusing it (CONN_HEALTH_CHECKS), so gunicorn needs no restart (tests/scale/test_faults_drill.py).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unreachable(error: BaseException | None) -> bool:
    """A connection that failed or broke, not a query that was wrong (those stay 500s)."""
    return isinstance(error, OperationalError | InterfaceError)


def server_error_or_unavailable(request, template_name: str = "500.html"):
    error = sys.exc_info()[1]  # Django calls handler500 inside its `except` block
    if not database_unreachable(error):
        return server_error(request, template_name)
    logger.error("database unreachable, answered 503: %s %s: %s", request.method, request.path, error)

    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
