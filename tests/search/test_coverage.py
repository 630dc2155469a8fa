"""Search covers every public page kind, and the app sections that are not pages; did-you-mean offers
only words that find something the asking user may see."""

import pytest
from django.urls import reverse
from wagtail.models import Page, get_page_models

from core.models import Major
from core.templatetags.navigation_tags import APP_SECTIONS
from resources.models import CourseResourcePage, ResourceIndexPage, ResourceType, Visibility
from search import chinese, services
from search.entry_points import ENTRY_POINTS

# The sample site (tests/factories/sample.py) has a live page of every type.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_pages")]


def result_urls(client, query, pages=3, **params) -> list[str]:
    urls = []
    for number in range(1, pages + 1):
        body = client.get("/api/search/", {"q": query, "limit": 50, "page": number, **params}).json()
        urls += [hit["url"] for hit in body["results"]]
        if len(body["results"]) < 50:
            break
    return urls


@pytest.mark.parametrize("model", [m for m in get_page_models() if m is not Page], ids=lambda m: m.__name__)
def test_every_page_type_is_found_by_its_title(client, model):
    """Walks every page type Wagtail knows, so a new one cannot be left out of search."""
    page = model.objects.live().public().first()
    assert page is not None, f"the sample site has no live {model.__name__}: add one so search coverage is tested"
    assert page.url in result_urls(client, page.title)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("研讨会", "中职课程标准开发研讨会"),
        ("年度论坛", "2026 年全国中等职业教育合作发展年度论坛"),
        ("条例", "联席会条例"),
        ("入会", "入会申请"),
    ],
)
def test_reported_queries_find_their_page(client, query, title):
    body = client.get("/api/search/", {"q": query}).json()
    assert title in [hit["title"] for hit in body["results"]]
    assert body["suggestion"] is None


def test_events_are_found_by_their_type(client):
    import datetime

    from django.utils import timezone

    from events.models import EventIndexPage, EventPage, EventType

    start = timezone.now() + datetime.timedelta(days=3)
    event = EventPage(title="秋季校企交流活动", event_type=EventType.FORUM, start=start, end=start, location="线上")
    EventIndexPage.objects.get().add_child(instance=event)
    event.save_revision().publish()
    assert event.url in result_urls(client, "年度论坛")


def test_every_app_section_can_be_found(client, member):
    """Every section of the navigation served by a Django view, and the application form itself."""
    described = {entry.url_name for entry in ENTRY_POINTS}
    wanted = {url_name for _, url_name in APP_SECTIONS} | {"membership:apply"}
    assert wanted <= described, wanted - described
    client.force_login(member)
    for entry in ENTRY_POINTS:
        assert entry.url in result_urls(client, str(entry.title)), entry.title


def test_members_only_sections_are_not_offered_to_visitors(client, member):
    assert reverse("expertpool:recommend") not in result_urls(client, "推荐专家")
    client.force_login(member)
    assert reverse("expertpool:recommend") in result_urls(client, "推荐专家")


def test_app_sections_are_suggested_while_typing(client):
    titles = [s["title"] for s in client.get("/api/search/suggest/", {"q": "入会"}).json()["suggestions"]]
    assert "入会申请" in titles


def typo(word: str) -> str:
    return word[:-1] + ("甲" if not word[-1].isascii() else "q")


def test_did_you_mean_only_offers_words_that_find_something(client):
    """Majors and dictionary words with no public content must never be offered."""
    from django.contrib.auth.models import AnonymousUser

    empty = [
        word
        for word in services.vocabulary()
        if len(word) >= 4 and services.site_search(query=word, user=AnonymousUser()).count == 0
    ][:5]
    assert empty, "the vocabulary has words without content (majors with no resources)"
    for word in empty:
        suggestion = client.get("/api/search/", {"q": typo(word)}).json()["suggestion"]
        assert suggestion != word
        if suggestion:
            assert client.get("/api/search/", {"q": suggestion}).json()["count"] > 0, (word, suggestion)


def test_did_you_mean_never_offers_a_word_only_found_in_members_content(client, member):
    major = Major.objects.create(name="zqxsecretmajor", category="66")
    page = CourseResourcePage(
        title="会员专享测试资源",
        summary="会员专享",
        major=major,
        resource_type=ResourceType.CASE,
        school="测试学校",
        visibility=Visibility.MEMBERS,
    )
    ResourceIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    assert client.get("/api/search/", {"q": "zqxsecretmajoq"}).json()["suggestion"] != "zqxsecretmajor"
    client.force_login(member)
    assert client.get("/api/search/", {"q": "zqxsecretmajoq"}).json()["suggestion"] == "zqxsecretmajor"


def test_did_you_mean_is_never_a_pasted_together_phrase(client):
    """年度论坛会 is one word too many: the suggestion is 年度论坛, never 年度论坛年度论坛入会."""
    from search.query import corrections

    suggestion = client.get("/api/search/", {"q": "年度论坛会"}).json()["suggestion"]
    assert suggestion == "年度论坛"
    for query in ("年度论坛会", "研讨会议", "专家库入库", "会员费用"):
        for candidate in corrections(query, services.vocabulary()):
            words = chinese.query_words(candidate)
            assert not any(a in b for i, a in enumerate(words) for j, b in enumerate(words) if i != j), candidate
