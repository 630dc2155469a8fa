"""Wagtail's own privacy settings (PageViewRestriction on pages, CollectionViewRestriction on
documents) are honoured by every place that lists pages, exactly like the members-only flag:
a restricted page of each kind × each restriction type, walked through every listing, the home page,
the navigation, site search (page, API, facets, suggestions, did-you-mean) as an anonymous visitor,
a logged-in user and a member of the group the page is restricted to."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction, PageViewRestriction

from core.models import Major
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsArticlePage, NewsCategory, NewsIndexPage
from publications.isbn import isbn13_check_digit
from publications.models import PublicationIndexPage, TextbookPage
from resources.models import CourseResourcePage, ResourceDocument, ResourceIndexPage, ResourceType, current_year
from tests.factories import user_with_role
from tests.factories.pages import CourseResourcePageFactory

pytestmark = pytest.mark.django_db

RESTRICTIONS = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS, BaseViewRestriction.PASSWORD)
KINDS = ("news", "event", "resource", "textbook", "standard")
#: Who may see a page (or document) under each restriction type, in lists as well as when opening it.
SEES = {
    BaseViewRestriction.LOGIN: {"logged_in", "group_member"},
    BaseViewRestriction.GROUPS: {"group_member"},
    BaseViewRestriction.PASSWORD: set(),  # a password page is reached by its link, never listed
}
COMMON = "zqxprivate"
TAG = "zqxtag"


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def token(kind, restriction):
    return f"zqx{kind}{restriction}"


def _isbn(number: int) -> str:
    first = f"978711{number:06d}"
    return first + isbn13_check_digit(first)


def build_page(kind, restriction, number):
    name = token(kind, restriction)
    title = f"隐私测试 {COMMON} {name}"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    soon = timezone.now() + datetime.timedelta(minutes=5 + number)
    if kind == "news":
        parent = NewsIndexPage.objects.get()
        page = NewsArticlePage(
            title=title, date=tomorrow, category=NewsCategory.NOTICE, summary=name, body=paragraph(name)
        )
    elif kind == "event":
        parent = EventIndexPage.objects.get()
        page = EventPage(title=title, start=soon, end=soon + datetime.timedelta(hours=1), location="线上", summary=name)
    elif kind == "resource":
        parent = ResourceIndexPage.objects.get()
        major = Major.objects.create(name=f"zqxmajor{restriction}", category="66")
        page = CourseResourcePage(
            title=title,
            summary=name,
            major=major,
            resource_type=ResourceType.COURSE_STANDARD,
            school=f"{name}学校",
            year=current_year() + 1,
        )
    elif kind == "textbook":
        parent = PublicationIndexPage.objects.get()
        page = TextbookPage(
            title=title,
            isbn=_isbn(900000 + number),
            authors="测试作者",
            publisher="测试出版社",
            publication_date=tomorrow,
            description=f"<p>{name}</p>",
        )
    else:
        parent = HomePage.objects.get()
        page = StandardPage(title=title, show_in_menus=True, body=paragraph(name))
    page.slug = name
    parent.add_child(instance=page)
    page.save_revision().publish()
    if kind == "news":
        page.tags.add(TAG)
        page.save_revision().publish()
    return page


def restrict(page_or_collection, restriction, group):
    model = CollectionViewRestriction if isinstance(page_or_collection, Collection) else PageViewRestriction
    field = "collection" if model is CollectionViewRestriction else "page"
    rule = model.objects.create(**{field: page_or_collection}, restriction_type=restriction, password="secret-pw")
    if restriction == BaseViewRestriction.GROUPS:
        rule.groups.add(group)


@pytest.fixture
def group():
    return Group.objects.create(name="隐私测试组")


@pytest.fixture
def viewers(group):
    return {
        "anonymous": None,
        "logged_in": user_with_role("t_logged_in"),
        "group_member": user_with_role("t_group_member", group.name),
    }


@pytest.fixture
def restricted_pages(site, group):
    pages = {}
    for number, (kind, restriction) in enumerate((k, r) for k in KINDS for r in RESTRICTIONS):
        page = build_page(kind, restriction, number)
        restrict(page, restriction, group)
        pages[(kind, restriction)] = page
    return pages


def listings(client) -> dict[str, str]:
    """Every page that lists pages, as the viewer sees it."""
    urls = [
        "/",
        "/news/",
        f"/news/?category={NewsCategory.NOTICE}",
        f"/news/?tag={TAG}",
        "/events/",
        "/events/?type=seminar",
        "/resources/",
        "/publications/",
        "/about/",
        f"/search/?q={COMMON}&limit=50",
        f"/api/search/?q={COMMON}&limit=50",
        f"/api/search/suggest/?q={COMMON}",
    ]
    return {url: client.get(url).content.decode() for url in urls}


def test_every_listing_honours_page_privacy(client, viewers, restricted_pages):
    leaks, missing = [], []
    for viewer, user in viewers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        pages = listings(client)
        for kind, restriction in restricted_pages:
            name = token(kind, restriction)
            visible = viewer in SEES[restriction]
            for url, html in pages.items():
                shown = name in html
                if shown and not visible:
                    leaks.append((viewer, name, url))
            if visible and not any(name in pages[url] for url in pages if not url.startswith(("/api", "/search"))):
                missing.append((viewer, name, "listings"))
            body = client.get("/api/search/", {"q": name}).json()
            if body["count"] != int(visible):
                (leaks if body["count"] else missing).append((viewer, name, f"search count {body['count']}"))
            facets = {f["label"] for f in body["facets"].get("school", [])}
            if kind == "resource" and (f"{name}学校" in facets) != visible:
                leaks.append((viewer, name, "school facet"))
        for restriction in RESTRICTIONS:
            major = f"zqxmajor{restriction}"
            suggestion = client.get("/api/search/", {"q": major[:-1] + "q"}).json()["suggestion"]
            if (suggestion == major) != (viewer in SEES[restriction]):
                leaks.append((viewer, major, f"did-you-mean {suggestion}"))
    assert not leaks, leaks
    assert not missing, missing


def test_search_counts_match_what_is_listed(client, viewers, restricted_pages):
    for user in viewers.values():
        client.logout()
        if user is not None:
            client.force_login(user)
        body = client.get("/api/search/", {"q": COMMON, "limit": 50}).json()
        assert body["count"] == len(body["results"]) == sum(f["count"] for f in body["facets"]["type"])


def test_a_restriction_hides_the_pages_below_it_too(client, site, group):
    parent = build_page("standard", "parent", 90)
    child = StandardPage(title=f"隐私测试 {COMMON} zqxchildpage", slug="zqxchildpage", body=paragraph("child"))
    parent.add_child(instance=child)
    child.save_revision().publish()
    assert "zqxchildpage" in client.get("/api/search/", {"q": "zqxchildpage"}).content.decode()
    restrict(parent, BaseViewRestriction.LOGIN, group)
    assert client.get("/api/search/", {"q": "zqxchildpage"}).json()["count"] == 0


@pytest.mark.parametrize("restriction", RESTRICTIONS)
def test_attachments_honour_collection_privacy(client, site, viewers, group, restriction):
    collection = Collection.get_first_root_node().add_child(name=f"隐私集合 {restriction}")
    restrict(collection, restriction, group)
    document = get_document_model()(title=f"zqxdoc{restriction}", collection=collection)
    document.file.save("private.txt", ContentFile(b"private"), save=True)
    resource = CourseResourcePageFactory(parent=site.resources, attachments=0)
    ResourceDocument.objects.create(page=resource, document=document)
    for viewer, user in viewers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        html = client.get(resource.url).content.decode()
        assert (f"zqxdoc{restriction}" in html) == (viewer in SEES[restriction]), viewer
