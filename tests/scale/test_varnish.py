"""The front cache for real: Debian's varnishd with deploy/varnish/default.vcl in front of a Django
live server, purged by Wagtail (FRONTEND_CACHE_URL's HTTP PURGE backend) and core.front_cache.

Skipped, with the reason, where varnishd is not installed (`apt-get install varnish`).
"""

import http.client

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, PageViewRestriction, Site

from scripts.varnish import VARNISHD, VCL, running_varnishd

HOST = "localhost"  # the site's hostname: Wagtail purges http://localhost/…, visitors ask for the same

pytestmark = [
    pytest.mark.skipif(VARNISHD is None, reason="varnishd not installed: `apt-get install varnish` (Debian)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def varnish(live_server, settings):
    """The project's VCL in front of the live server; the site purges it (FRONTEND_CACHE_URL's backend)."""
    with running_varnishd(live_server.url.rsplit(":", 1)[1]) as port:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{port}",
            }
        }
        yield port


class Reply:
    def __init__(self, response):
        self.status = response.status
        self.headers = {name.lower(): value for name, value in response.getheaders()}
        self.text = response.read().decode(errors="replace")

    @property
    def cached(self) -> bool:
        """Served from Varnish's cache: X-Varnish names two transactions and Age is set."""
        return len(self.headers.get("x-varnish", "").split()) == 2 and self.headers.get("x-cache") == "HIT"


def get(port: int, path: str, cookie: str = "", method: str = "GET") -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": HOST, "Accept-Language": "zh-hans"}
    if cookie:
        headers["Cookie"] = cookie
    connection.request(method, path, headers=headers)
    try:
        return Reply(connection.getresponse())
    finally:
        connection.close()


@pytest.fixture
def site_pages():
    # A transactional test starts from an empty database (the previous one was flushed).
    from django.conf import settings
    from wagtail.models import Locale

    from home.models import HomePage, StandardPage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="前端缓存测试首页", slug="varnish-home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": HOST, "port": 80})
    section = home.add_child(instance=StandardPage(title="栏目甲", slug="section-a"))
    other = home.add_child(instance=StandardPage(title="栏目乙", slug="section-b"))
    page = section.add_child(instance=StandardPage(title="联席会简介", slug="about"))
    return {"home": home, "section": section, "other": other, "page": page}


def cached_twice(port, path) -> Reply:
    first = get(port, path)
    assert first.status == 200 and not first.cached
    second = get(port, path)
    assert second.status == 200 and second.cached, second.headers
    return second


def test_anonymous_page_is_a_hit_the_second_time(varnish, site_pages):
    second = cached_twice(varnish, "/section-a/about/")
    assert "联席会简介" in second.text
    assert "age" in second.headers
    assert "set-cookie" not in second.headers


def test_a_visitor_with_a_session_is_never_served_from_cache(varnish, site_pages, client):
    cached_twice(varnish, "/section-a/about/")
    user = get_user_model().objects.create_user("varnish-member", password="x-varnish-pw-1")
    client.force_login(user)
    session = f"sessionid={client.cookies['sessionid'].value}"
    for _ in range(2):
        reply = get(varnish, "/section-a/about/", cookie=session)
        assert reply.status == 200 and not reply.cached
    # Other cookies (analytics …) are dropped and do not stop the cache.
    assert get(varnish, "/section-a/about/", cookie="_ga=GA1.2.3").cached


def test_members_only_page_is_never_cached(varnish, site_pages, client):
    page = site_pages["page"]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        anonymous = get(varnish, "/section-a/about/")
        assert anonymous.status == 302 and not anonymous.cached
    user = get_user_model().objects.create_user("varnish-reader", password="x-varnish-pw-2")
    client.force_login(user)
    session = f"sessionid={client.cookies['sessionid'].value}"
    for _ in range(2):
        member = get(varnish, "/section-a/about/", cookie=session)
        assert member.status == 200 and "联席会简介" in member.text and not member.cached
    # Without the cookie, the page a member just saw is not there for anyone else.
    assert get(varnish, "/section-a/about/").status == 302


def test_publishing_a_new_revision_purges_the_page(varnish, site_pages):
    cached_twice(varnish, "/section-a/about/")
    page = site_pages["page"]
    page.title = "联席会简介（修订）"
    page.save_revision().publish()
    reply = get(varnish, "/section-a/about/")
    assert reply.status == 200 and "联席会简介（修订）" in reply.text and not reply.cached


def test_unpublishing_purges_the_page(varnish, site_pages):
    cached_twice(varnish, "/section-a/about/")
    site_pages["page"].unpublish()
    assert get(varnish, "/section-a/about/").status == 404


def test_a_view_restriction_above_the_page_purges_it(varnish, site_pages):
    cached_twice(varnish, "/section-a/about/")
    PageViewRestriction.objects.create(page=site_pages["section"], restriction_type=PageViewRestriction.LOGIN)
    reply = get(varnish, "/section-a/about/")
    assert reply.status == 302 and "联席会简介" not in reply.text


def test_publishing_a_new_page_purges_the_section_listing_it(varnish, site_pages):
    from home.models import StandardPage

    cached_twice(varnish, "/section-a/")
    section = site_pages["section"]
    child = StandardPage(title="新设栏目页", slug="new-child", show_in_menus=True, live=False)
    section.add_child(instance=child)
    child.save_revision().publish()
    reply = get(varnish, "/section-a/")
    assert reply.status == 200 and "新设栏目页" in reply.text


def test_moving_a_section_purges_its_old_urls(varnish, site_pages):
    cached_twice(varnish, "/section-a/about/")
    site_pages["page"].move(site_pages["other"], pos="last-child")
    old = get(varnish, "/section-a/about/")
    assert old.status == 301 and old.headers["location"].endswith("/section-b/about/")  # Wagtail's redirect
    assert get(varnish, "/section-b/about/").status == 200


def test_deleting_a_section_purges_the_pages_below_it(varnish, site_pages):
    cached_twice(varnish, "/section-a/about/")
    cached_twice(varnish, "/section-a/")
    Page.objects.get(pk=site_pages["section"].pk).delete()
    assert get(varnish, "/section-a/about/").status == 404
    assert get(varnish, "/section-a/").status == 404


def test_purge_and_ban_only_from_the_acl(live_server, site_pages):
    """A Varnish whose ACL does not hold this machine's address refuses both; the page stays cached."""
    vcl = VCL.read_text()
    acl_start = vcl.index("acl purgers {")
    acl_end = vcl.index("}", acl_start)
    outsider_vcl = vcl[:acl_start] + 'acl purgers {\n    "192.0.2.1";\n' + vcl[acl_end:]
    with running_varnishd(live_server.url.rsplit(":", 1)[1], outsider_vcl) as port:
        cached_twice(port, "/section-a/about/")
        assert get(port, "/section-a/about/", method="PURGE").status == 405
        assert get(port, "/", method="BAN").status == 405
        assert get(port, "/section-a/about/").cached
