"""The English demo: made with Wagtail's translation action on top of the Chinese demo, idempotent."""

import io

import pytest
from wagtail.models import Locale

from core.demo import english, site
from home.models import HomePage, StandardPage
from news.models import NewsArticlePage
from resources.models import CourseResourcePage

pytestmark = pytest.mark.django_db


def test_the_english_demo_translates_the_main_pages_once(client):
    site.load(io.StringIO())
    english.load(io.StringIO())
    english.load(io.StringIO())  # a second run changes nothing
    en = Locale.objects.get(language_code="en")
    assert HomePage.objects.filter(locale=en).count() == 1
    about, charter = (StandardPage.objects.get(locale=en, slug=slug) for slug in ("about", "charter"))
    assert about.live and charter.live
    assert about.get_translation(Locale.get_default()).slug == "about"  # a translation, not a new page
    assert NewsArticlePage.objects.filter(locale=en).count() == len(english.NEWS)
    assert not CourseResourcePage.objects.filter(title_en="").exists()
    html = client.get("/en/charter/").content.decode()
    assert "Article 23" in html and "Chapter 6 Supplementary Provisions" in html
