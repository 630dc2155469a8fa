"""gunicorn settings for production (`gunicorn -c gunicorn.conf.py`), each overridable by environment.

Sync workers: the site does its work in the database and the cache, and a worker per core plus one
keeps both cores busy without piling requests up behind slow uploads; the reverse proxy buffers
slow clients. Workers are recycled every ~10,000 requests so that a slow leak cannot grow without
bound; recycling every 2,000 cost 40% of the cached pages' throughput in bench/throughput.py (a new
worker starts with an empty memory cache), so not more often than that.
"""

import multiprocessing
import os
import sys
from pathlib import Path

# `site/` holds the Django project but is not a package (see docs/architecture.md); put it on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.production")

wsgi_app = "alliance.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # certificate PDFs and imports included
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000
# Code is imported once, before the workers fork (no database connection is opened by then);
# jieba loads in each worker on its first search, because it reads the majors from the database.
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
