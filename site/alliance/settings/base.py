"""Settings shared by every environment.

Everything a deployment varies is read from the environment (see docs/operations.md, "Configuration"); the
defaults need nothing but Python: SQLite, the database search backend, mail to the console and
tasks run inline.
"""

import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # the `site/` source folder
BASE_DIR = SITE_DIR.parent  # the repository root


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_base_url(host: str, port: str) -> str:
    """The address a browser on this machine uses for `runserver HOST:PORT` (`make run PORT=8300`)."""
    if host in ("", "0.0.0.0", "::", "[::]"):  # noqa: S104 (listening everywhere: reachable as 127.0.0.1)
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps come first so that their templates override Wagtail's where they share a name.
    "core",
    "home",
    "news",
    "events",
    "resources",
    "publications",
    "workflows",
    "membership",
    "expertpool",
    "membercentre",
    "governance",
    "search",
    "axes",
    "csp",  # django-csp: its system checks (the policy's format)
    "django_tasks",
    "django_rq",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.content_security_policy.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Static files straight from the WSGI server, compressed, with far-future cache headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Limits guesses at the page and collection password forms (docs/security.md).
    "core.page_passwords.PasswordAttemptLimitMiddleware",
    # Needs to know who is asking (auth) and whether a message is waiting (messages).
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): after 5 failed logins for one username from one address, that
# pair is locked out for 15 minutes, on the site and in the admin alike. The lockout page says
# nothing about whether the account exists.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_RESET_TIMEOUT = 24 * 3600  # seconds a reset link stays valid (the pages and the mail say so)
PASSWORD_RESET_MAILS_PER_HOUR = 3  # per address: the reset form cannot flood an inbox
PASSWORD_RESET_MAILS_PER_CLIENT_PER_HOUR = 20  # reset requests (every POST) per client address: nor spray mail
REGISTRATIONS_PER_CLIENT_PER_HOUR = 20  # registration POSTs (valid or not) per client address an hour
CERTIFICATE_LOOKUPS_PER_CLIENT_PER_HOUR = 60  # /certificates/verify/ lookups per client address an hour
PAGE_PASSWORD_ATTEMPTS_PER_CLIENT_PER_HOUR = 10  # page and collection password tries per client an hour

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How many reverse proxies stand in front of the site, each appending to X-Forwarded-For (the
# documented nginx: 1). Every per-client limit, the login lockout included, reads the client's
# address through core.client_address with it; 0 ignores X-Forwarded-For (a direct client could
# write anything there). AXES_PROXY_COUNT is the older name of the same setting.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", os.environ.get("AXES_PROXY_COUNT", "0")))
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address_for_axes"

# Anonymous page cache (core.page_cache): seconds a page stays cached unless something is published
# first; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# Front cache (Varnish, deploy/varnish/default.vcl; docs/operations.md "Front cache (Varnish)"):
# with FRONTEND_CACHE_URL (e.g. http://127.0.0.1:6081) Wagtail sends it PURGE for a page's URLs
# when the page is published, unpublished or deleted, and core.front_cache a BAN of everything
# whenever the anonymous page cache is purged (a move, a privacy change, a snippet …). Unset,
# nothing is sent.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
WAGTAILFRONTENDCACHE = (
    {"varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_URL}}
    if FRONTEND_CACHE_URL
    else {}
)

# Content-Security-Policy (django-csp, through core.content_security_policy). The public site: this
# origin only, no inline script or style. Video embeds may frame the players in CSP_FRAME_SOURCES.
CSP_FRAME_SOURCES = env_list(
    "CSP_FRAME_SOURCES",
    "https://player.bilibili.com,https://v.qq.com,https://player.youku.com,https://www.youtube-nocookie.com,https://www.youtube.com,https://player.vimeo.com",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *CSP_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin writes inline scripts and style attributes: under these paths these directives
# replace the site's (inline allowed, still no other origin; the admin may frame its own previews).
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)
CSP_ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}
# Permissions-Policy (django-permissions-policy): no page may use the camera, microphone or location.
PERMISSIONS_POLICY = {"camera": [], "microphone": [], "geolocation": []}

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:port/name); default a SQLite file in the project.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite served by several threads (runserver) or gunicorn workers: a transaction takes the write
    # lock when it begins, so two writers queue for up to `timeout` seconds instead of one failing at
    # once with "database is locked" when it upgrades a read; WAL lets readers go on during a write.
    # A 32 MiB page cache per connection (SQLite's default is 2 MiB) keeps the search index's hot
    # pages in the process: at 100,000 resources the search statement reads ~700 MB of file, and
    # with 2 MiB every search read its index pages again from the OS (docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA cache_size=-32768;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"  # a URL name: /accounts/login/ on the Chinese site, /en/accounts/login/ on the English one
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Languages: Chinese first (site, admin and content), English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Cache: Redis when REDIS_URL is set, process memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")


# If Redis goes away the site keeps serving: django-redis turns each failed cache call into a miss
# (IGNORE_EXCEPTIONS) and logs it (logger "django_redis.cache"); the page cache then renders every
# page, the form limits let requests through, and both come back with Redis (docs/operations.md).
def redis_cache(url: str) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "alliance",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
            "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# With a per-process memory cache, the page cache's generation is a stamp file that every worker
# on this machine reads (core.page_cache); with Redis it lives in Redis and this stays empty.
PAGE_CACHE_STAMP_FILE = (
    ""
    if REDIS_URL
    else os.environ.get(
        "PAGE_CACHE_STAMP_FILE",
        str(
            Path(tempfile.gettempdir())
            / f"alliance-pages-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]}.stamp"
        ),
    )
)

# Background tasks (django-tasks, which Wagtail itself uses for its own jobs too): run inline by
# default; with REDIS_URL, queued on Redis through RQ and run by `manage.py rqworker default` (mail,
# search and reference indexing) and `manage.py rqworker imports` (resource imports, which may run
# for hours and must not hold up mail).
RESOURCE_IMPORT_TIMEOUT = int(os.environ.get("RESOURCE_IMPORT_TIMEOUT", str(4 * 3600)))  # seconds
_RQ_URL = REDIS_URL or "redis://127.0.0.1:6379/0"
RQ_QUEUES = {
    "default": {"URL": _RQ_URL, "DEFAULT_TIMEOUT": 300},
    "imports": {"URL": _RQ_URL, "DEFAULT_TIMEOUT": RESOURCE_IMPORT_TIMEOUT},
}
TASK_QUEUES = ["default", "imports"]
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}

# Mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "core.console_mail.ReadableConsoleBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "全国中等职业教育合作发展联席会 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The public address of the site, for links in mails and certificate QR codes. Unset, the address
# `runserver` listens on: HOST and PORT, as `make run HOST=… PORT=…` passes them.
SITE_BASE_URL = os.environ.get("SITE_BASE_URL") or local_base_url(
    os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
)

# Private files (application letters, notices, certificates): outside MEDIA_ROOT, served only by
# permission-checking views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
WORKFLOW_UPLOAD_MAX_BYTES = int(os.environ.get("WORKFLOW_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Files kept on one record (an application's materials, a record's transition attachments), over
# all requests: re-uploading must not let one applicant fill the disk.
WORKFLOW_FILES_PER_RECORD = int(os.environ.get("WORKFLOW_FILES_PER_RECORD", "20"))
WORKFLOW_BYTES_PER_RECORD = int(os.environ.get("WORKFLOW_BYTES_PER_RECORD", str(60 * 1024 * 1024)))
# Uploads kept for a form that failed validation (workflows.pending_uploads) older than this are
# removed by `manage.py purge_pending_uploads` (daily): the form was abandoned.
WORKFLOW_PENDING_UPLOADS_MAX_AGE_HOURS = int(os.environ.get("WORKFLOW_PENDING_UPLOADS_MAX_AGE_HOURS", "48"))
# A TrueType font to embed in certificates; empty: reportlab's built-in Chinese font (not embedded).
CERTIFICATE_FONT_FILE = os.environ.get("CERTIFICATE_FONT_FILE", "")
TERM_YEARS = 3  # charter Art. 15 and 19

# Governance: the key secret ballots' receipts are computed with (governance/voting.py). Set it from
# the environment and keep it away from the database host and its backups; empty: derived from SECRET_KEY.
GOVERNANCE_BALLOT_KEY = os.environ.get("GOVERNANCE_BALLOT_KEY", "")

# What `manage.py load_demo` runs, in order; each is called as loader(stdout, password=...).
DEMO_LOADERS = [
    "core.demo.site.load",
    "core.demo.users.load",
    "membership.demo.load",
    "expertpool.demo.load",
    "events.demo.load",
    "membercentre.demo.load",
    "governance.demo.load",
    "core.demo.english.load",  # last: translates the pages and names the units and experts above
]

# Wagtail
WAGTAIL_SITE_NAME = "全国中等职业教育合作发展联席会"
# No Gravatar in the admin: it would send a hash of each staff member's e-mail to a foreign service
# that is slow or unreachable from mainland China (and the CSP allows no other origin anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_BASE_URL)
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Search: Wagtail's database backend (SQLite FTS5 / PostgreSQL full text) unless ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Both wrap Wagtail's own backends with Chinese word segmentation (search/backends/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "search.backends.elasticsearch",
        "URLS": [ELASTICSEARCH_URL],
        # One index per root model (alliance_wagtailcore_page, alliance_expertpool_expertcandidate…),
        # so that several sites can share a cluster. (Wagtail's old INDEX setting is ignored by
        # modelsearch: ELASTICSEARCH_INDEX is still read, as the prefix, for older deployments.)
        "INDEX_PREFIX": os.environ.get(
            "ELASTICSEARCH_INDEX_PREFIX", os.environ.get("ELASTICSEARCH_INDEX", "alliance").rstrip("_") + "_"
        ),
        # update_index builds a new index and switches an alias to it: no downtime (docs/search.md).
        "ATOMIC_REBUILD": True,
        "TIMEOUT": 10,
        # smartcn or ik when the cluster has that analysis plugin; empty: pre-segmented text.
        "CHINESE_ANALYZER": os.environ.get("ELASTICSEARCH_CHINESE_ANALYZER", ""),
    }

# Documents: always served through Wagtail's view, so that members-only documents are checked
# on every download (never a bare /media/ URL).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "zip", "txt", "mp4"]
# No shared-password privacy: one password handed round cannot be taken back from one person, and
# members-only content has member accounts (with the login lockout). Existing password restrictions
# still work, with a limit on guesses (core.page_passwords). See docs/security.md, "Page passwords".
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every image needs its alt text (description) before it can be saved: screen readers and the list
# thumbnails use it (core.image_forms).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.image_forms.ImageForm"

TAGGIT_CASE_INSENSITIVE = True

SITE_TITLE = _("全国中等职业教育合作发展联席会")
