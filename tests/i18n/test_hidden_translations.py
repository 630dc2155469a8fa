"""A page's English translation is a page of its own, with its own restrictions and members-only
flag. On the English site a translation stands in for the page it translates (its title, its
address) only where core.visibility lists that translation to the viewer: in search hits, in every
listing (`display_title`, `{% localized_pageurl %}`) and in the language switch. Otherwise the
public Chinese page shows its own title and address — never the hidden translation's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import BaseViewRestriction, Locale, PageViewRestriction

from resources.models import CourseResourcePage, Visibility
from tests.factories.pages import CourseResourcePageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

SECRET = "zqxhiddentranslation"


def _translated(site, hidden_by: str) -> CourseResourcePage:
    english = Locale.objects.get_or_create(language_code="en")[0]
    page = CourseResourcePageFactory(parent=site.resources, title="公开的中文资源 zqxpublicpage", attachments=0)
    translated = page.copy_for_translation(english, copy_parents=True)
    translated.title = f"Secret English title {SECRET}"
    translated.slug = f"secret-{hidden_by}"
    if hidden_by == "members_only":
        translated.visibility = Visibility.MEMBERS
    translated.save_revision().publish()
    if hidden_by in ("password", "login"):
        PageViewRestriction.objects.create(
            page=translated,
            restriction_type=BaseViewRestriction.PASSWORD if hidden_by == "password" else BaseViewRestriction.LOGIN,
            password="pw",
        )
    return page


@pytest.mark.parametrize("hidden_by", ["members_only", "password", "login"])
def test_a_hidden_translation_never_stands_in_for_a_public_page(client, site, hidden_by):
    page = _translated(site, hidden_by)
    shown = {
        "search API": client.get("/en/api/search/", {"q": "zqxpublicpage"}).content.decode(),
        "search page": client.get("/en/search/", {"q": "zqxpublicpage"}).content.decode(),
        "resource list": client.get(f"/en{site.resources.url}").content.decode(),
        "the page's language switch": client.get(page.url).content.decode(),
    }
    assert "zqxpublicpage" in shown["search API"] and "zqxpublicpage" in shown["resource list"]
    for where, html in shown.items():
        assert SECRET not in html and f"secret-{hidden_by}" not in html, where


def test_a_visible_translation_still_stands_in(client, site, member):
    """The translation anyone may see is shown (the English title and address), and a members-only
    translation is shown to a member in search."""
    from django.utils import translation

    from search.services import site_search

    public = _translated(site, "public")
    assert f"Secret English title {SECRET}" in client.get(f"/en{site.resources.url}").content.decode()
    members = _translated(site, "members_only")
    with translation.override("en"):
        hits = {hit.id: hit for hit in site_search(query="zqxpublicpage", user=member).hits}
        visitor_hits = {hit.id: hit for hit in site_search(query="zqxpublicpage", user=AnonymousUser()).hits}
    assert SECRET in hits[members.pk].title and "secret-members_only" in hits[members.pk].url
    assert SECRET not in visitor_hits[members.pk].title
    assert SECRET in visitor_hits[public.pk].title
