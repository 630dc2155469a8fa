"""Every link on the public site leads somewhere: starting from the home page, follow each link to
this site (outside the admin) as a visitor, as a member unit and as an applicant, and no page
answers with a server error or a 404."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.factories import user_with_role

# The sample site (tests/factories/sample.py): every page type, members-only resources, member units,
# experts and applications in every state, so that every kind of link is on some page.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_site")]

LIMIT = 400  # pages per crawl; the sample site has about 100 distinct ones
LOGIN = "/accounts/login/"  # every page links to it with its own ?next=: one visit is enough
NOT_FOLLOWED = ("/admin/", "/django-admin/", "/i18n/", "/static/", "/media/", "/en/")  # English: tests/i18n


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urldefrag(urljoin("http://testserver" + base, href))[0]
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc == "testserver":
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client) -> dict[str, list[str]]:
    """Broken pages, each with a page that links to it."""
    seen = {"/": "(start)"}
    queue = ["/"]
    broken: dict[str, list[str]] = {}
    while queue and len(seen) <= LIMIT:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code >= 500 or response.status_code == 404:
            broken[url] = [str(response.status_code), seen[url]]
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_on(response.content.decode(), url):
            link = LOGIN if link.startswith(LOGIN) else link
            if link not in seen and not link.startswith(NOT_FOLLOWED):
                seen[link] = url
                queue.append(link)
    assert 50 < len(seen) <= LIMIT, f"{len(seen)} pages: too few to mean anything, or too many to finish"
    unreached = public_page_urls() - set(seen)
    assert not unreached, f"pages no link leads to: {sorted(unreached)}"
    return broken


def public_page_urls() -> set[str]:
    """Every live page anyone may open (members-only resources are not linked for visitors)."""
    from wagtail.models import Page

    from resources.models import CourseResourcePage, Visibility

    members_only = CourseResourcePage.objects.filter(visibility=Visibility.MEMBERS).values_list("pk", flat=True)
    return {page.url for page in Page.objects.live().public().exclude(pk__in=members_only).specific() if page.url}


def test_no_link_is_broken_for_a_visitor(client):
    assert crawl(client) == {}


@pytest.mark.parametrize("who", ["member", "expert"])
def test_no_link_is_broken_for_a_member_unit_and_an_expert(client, sample_site, who):
    _, records = sample_site
    client.force_login(getattr(records, who))  # a certified unit's contact; an appointed expert
    assert crawl(client) == {}


def test_no_link_is_broken_for_an_applicant_with_an_application(client, applicant, draft):
    client.force_login(applicant)
    assert crawl(client) == {}


def test_no_link_is_broken_for_someone_with_an_account_and_nothing_else(client):
    client.force_login(user_with_role("crawl_newcomer"))
    assert crawl(client) == {}
