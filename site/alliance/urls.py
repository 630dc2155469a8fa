from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.portal import contact, sitemap_page, sitemap_xml
from core.views import favicon, healthz

# A database that cannot be reached answers 503 with the site's page (core/unavailable.py); other errors 500.
handler500 = "core.unavailable.server_error_or_unavailable"

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", include(wagtailadmin_urls)),
    # Every document download goes through Wagtail's serve view, which applies the members-only
    # check (see resources.wagtail_hooks); /media/documents/ is never served directly.
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # One sitemap for search engines, listing both languages' URLs: not a page a visitor reads.
    path("sitemap.xml", sitemap_xml, name="sitemap_xml"),
]

if settings.DEBUG:
    # Development only: images are public; documents are not served from /media/ at all.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?:original_images|images)/.*)$",
            serve_static,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

# Every public page, Chinese without a prefix and English under /en/ (docs/i18n.md).
urlpatterns += i18n_patterns(
    path("accounts/", include("core.accounts")),  # password reset through the mail queue
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("workflows.urls")),
    path("", include("membership.urls")),
    path("", include("expertpool.urls")),
    path("", include("events.urls")),
    path("", include("membercentre.urls")),
    path("", include("governance.urls")),
    path("", include("search.urls")),
    path("contact/", contact, name="contact"),
    path("sitemap/", sitemap_page, name="sitemap_page"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
