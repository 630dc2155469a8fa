"""Which page types may be created where: editors cannot put content in the wrong section."""

import pytest
from wagtail.models import Page

from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsArticlePage, NewsIndexPage
from publications.models import PublicationIndexPage, TextbookPage
from resources.models import CourseResourcePage, ResourceIndexPage
from tests.factories.pages import (
    EventIndexPageFactory,
    NewsIndexPageFactory,
    PublicationIndexPageFactory,
    ResourceIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def allowed_children(model):
    return set(model.allowed_subpage_models())


def test_home_takes_sections_only():
    assert allowed_children(HomePage) == {
        StandardPage,
        NewsIndexPage,
        EventIndexPage,
        ResourceIndexPage,
        PublicationIndexPage,
    }


@pytest.mark.parametrize(
    ("index", "item"),
    [
        (NewsIndexPage, NewsArticlePage),
        (EventIndexPage, EventPage),
        (ResourceIndexPage, CourseResourcePage),
        (PublicationIndexPage, TextbookPage),
    ],
)
def test_each_section_takes_its_own_items_only(index, item):
    assert allowed_children(index) == {item}
    assert set(item.allowed_parent_page_models()) == {index}
    assert allowed_children(item) == set()


def test_items_cannot_be_created_directly_under_home(home):
    for item in (NewsArticlePage, EventPage, CourseResourcePage, TextbookPage):
        assert not item.can_create_at(home)


def test_a_home_has_one_section_of_each_kind(home):
    # The first section of each kind may be added; once the home has one, a second one is refused.
    sections = (NewsIndexPage, EventIndexPage, ResourceIndexPage, PublicationIndexPage)
    assert all(index.can_create_at(home) for index in sections)
    for index, factory in zip(
        sections,
        (NewsIndexPageFactory, EventIndexPageFactory, ResourceIndexPageFactory, PublicationIndexPageFactory),
        strict=True,
    ):
        factory(parent=home)
        assert not index.can_create_at(home)
    assert StandardPage.can_create_at(home)


def test_home_page_only_under_the_root(home):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root) is False  # one home page per root already exists
    assert set(HomePage.allowed_parent_page_models()) == {Page}


def test_admin_add_subpage_offers_only_allowed_types(admin_client, site):
    news_index = site.news
    response = admin_client.get(f"/admin/pages/{news_index.pk}/add_subpage/")
    # With a single allowed type Wagtail goes straight to that type's create form.
    assert response.status_code == 302
    assert "/news/newsarticlepage/" in response["Location"]
