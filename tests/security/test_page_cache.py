"""The anonymous page cache: pages are cached for visitors who are not logged in, every publish
makes them fresh again, and nothing personal (a user's name, a CSRF token, a message) is ever
cached or served from the cache."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from wagtail.models import Page

from core.page_cache import HEADER
from news.models import NewsArticlePage, NewsIndexPage

# The sample site's pages (tests/factories/sample.py): news-01..06, members-only and public resources.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_pages")]


def fetch(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("url", ["/", "/news/", "/news/news-01/", "/resources/", "/publications/", "/about/"])
def test_second_anonymous_visit_is_served_from_cache_without_queries(client, url, django_assert_num_queries):
    first = fetch(client, url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = fetch(client, url)
    assert second[HEADER] == "hit"
    assert second.content == first.content


def test_cached_pages_carry_no_cookie_and_no_csrf_token(client):
    fetch(client)
    hit = fetch(client)
    assert hit[HEADER] == "hit"
    assert not hit.cookies
    assert b"csrfmiddlewaretoken" not in hit.content


def test_publishing_a_news_article_refreshes_the_home_page_and_the_list(client):
    fetch(client, "/")
    fetch(client, "/news/")
    article = NewsArticlePage(title="缓存后发布的新闻", slug="after-cache", date="2026-11-24", category="notice")
    NewsIndexPage.objects.get().add_child(instance=article)
    article.save_revision().publish()

    for url in ("/", "/news/"):
        response = fetch(client, url)
        assert response[HEADER] == "miss"
        assert "缓存后发布的新闻" in response.content.decode()


def test_unpublishing_removes_the_page_from_the_cached_list(client):
    article = NewsArticlePage.objects.live().get(slug="news-01")
    assert article.title in fetch(client, "/news/").content.decode()
    article.unpublish()
    assert article.title not in fetch(client, "/news/").content.decode()
    assert client.get("/news/news-01/").status_code == 404


def test_a_saved_draft_never_shows_to_visitors(client):
    article = NewsArticlePage.objects.live().get(slug="news-01")
    fetch(client, "/news/news-01/")
    published = article.title
    article.title = "尚未发布的草稿标题"
    article.save_revision()
    html = fetch(client, "/news/news-01/").content.decode()
    assert "尚未发布的草稿标题" not in html
    assert published in html


def test_logged_in_users_are_never_served_nor_cached(client, member):
    fetch(client)  # cached for visitors
    client.force_login(member)
    mine = fetch(client)
    assert HEADER not in mine
    assert member.username in mine.content.decode()
    client.logout()
    theirs = fetch(client)
    assert theirs[HEADER] == "hit"
    assert member.username not in theirs.content.decode()


def test_a_page_first_seen_by_a_member_is_not_cached_for_visitors(client, member):
    client.force_login(member)
    fetch(client, "/news/")
    client.logout()
    assert fetch(client, "/news/")[HEADER] == "miss"


def waiting_message_cookie(text: str) -> str:
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    return CookieStorage(HttpRequest())._encode([Message(constants.INFO, text)])


def test_a_visitor_with_a_waiting_message_gets_a_fresh_page_with_it(client):
    fetch(client)
    fetch(client)  # cached now
    client.cookies["messages"] = waiting_message_cookie("您已成功退出登录")
    response = fetch(client)
    assert HEADER not in response
    assert "您已成功退出登录" in response.content.decode()
    # …and that page, with its message, was not cached for the next visitor.
    del client.cookies["messages"]
    assert "您已成功退出登录" not in fetch(client).content.decode()


def test_a_page_password_entered_by_one_visitor_never_reaches_another(client):
    """Wagtail's page privacy with a password: the visitor who typed it has a session; what they
    see must not be cached for the next visitor."""
    from django.test import Client
    from wagtail.models import PageViewRestriction

    article = NewsArticlePage.objects.live().get(slug="news-03")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="内部资料2026"
    )
    form = client.get("/news/news-03/")
    assert article.title not in form.content.decode()  # the password form
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/",
        {"password": "内部资料2026", "return_url": "/news/news-03/"},
    )
    assert article.title in client.get("/news/news-03/").content.decode()
    stranger = Client()
    for _ in range(2):
        page = stranger.get("/news/news-03/")
        assert article.title not in page.content.decode()
        assert page.get(HEADER) != "hit"


def test_a_visitor_with_a_session_neither_gets_nor_fills_the_cache(client, settings):
    from django.test import Client

    fetch(Client())  # cached for visitors without a session
    assert fetch(Client())[HEADER] == "hit"
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-of-their-own"
    assert HEADER not in fetch(client)


def test_logging_out_lands_on_the_home_page(client, member):
    client.force_login(member)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_members_only_redirects_search_and_forms_are_not_cached(client):
    fetch(client)
    assert fetch(client)[HEADER] == "hit"  # the cache is on
    for url in ("/search/?q=护理", "/membership/register/", "/accounts/login/"):
        client.get(url)
        response = client.get(url)
        assert HEADER not in response, url


def test_members_only_resource_refusal_is_not_cached(client):
    from resources.models import CourseResourcePage

    restricted = CourseResourcePage.objects.live().filter(visibility="members").first()
    url = restricted.url
    assert client.get(url).status_code == 403  # the page that explains why, with the login link
    response = client.get(url)
    assert response.status_code == 403
    assert HEADER not in response


def test_different_languages_are_cached_apart(client):
    """A Chinese page in the cache is never served to an English visitor, nor the other way round.
    The language comes from the path (/en/…); Chinese, the default, has no prefix."""
    assert fetch(client, "/")[HEADER] == "miss"
    assert fetch(client, "/")[HEADER] == "hit"  # the Chinese home page is now cached
    english = fetch(client, "/en/")
    assert english[HEADER] == "miss"
    assert '<html lang="en">' in english.content.decode()
    english_again = fetch(client, "/en/")
    assert english_again[HEADER] == "hit"
    assert '<html lang="en">' in english_again.content.decode()
    chinese_again = fetch(client, "/")
    assert chinese_again[HEADER] == "hit"
    assert '<html lang="zh-Hans">' in chinese_again.content.decode()


def test_a_new_page_deleted_disappears(client):
    index = NewsIndexPage.objects.get()
    article = NewsArticlePage(title="即将删除的新闻", slug="to-delete", date="2026-11-24", category="notice")
    index.add_child(instance=article)
    article.save_revision().publish()
    assert "即将删除的新闻" in fetch(client, "/news/").content.decode()
    Page.objects.get(pk=article.pk).delete()
    assert "即将删除的新闻" not in fetch(client, "/news/").content.decode()


def test_renaming_a_document_refreshes_the_pages_that_link_it(client):
    from resources.models import CourseResourcePage

    resource = CourseResourcePage.objects.live().filter(visibility="public", documents__title="").first()
    document = resource.documents.filter(title="").first().document
    fetch(client, resource.url)
    document.title = "更新后的附件标题"
    document.save()
    assert "更新后的附件标题" in fetch(client, resource.url).content.decode()


def test_zero_seconds_turns_the_cache_off(client, settings):
    fetch(client)
    assert fetch(client)[HEADER] == "hit"
    settings.PAGE_CACHE_SECONDS = 0
    fetch(client, "/news/")
    assert HEADER not in fetch(client, "/news/")


@pytest.fixture
def redis_cache():
    import redis

    from alliance.settings import base as base_settings

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379 (the production cache); start it to run this test")
    redis_settings = {"default": base_settings.redis_cache(url)}  # as production configures it
    with override_settings(CACHES=redis_settings, PAGE_CACHE_STAMP_FILE=""):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def test_cache_and_purge_work_on_redis(client, redis_cache):
    from core.page_cache import GENERATION_KEY

    assert fetch(client, "/news/")[HEADER] == "miss"
    assert fetch(client, "/news/")[HEADER] == "hit"
    generation = redis_cache.get(GENERATION_KEY)
    article = NewsArticlePage.objects.live().get(slug="news-02")
    article.title = "Redis 缓存清除后的标题"
    article.save_revision().publish()
    assert redis_cache.get(GENERATION_KEY) > generation
    response = fetch(client, "/news/")
    assert response[HEADER] == "miss"
    assert "Redis 缓存清除后的标题" in response.content.decode()


ANOTHER_WORKER_PUBLISHES = """
import sys, django
django.setup()
from django.conf import settings
settings.PAGE_CACHE_STAMP_FILE = sys.argv[1]
from core.page_cache import purge_all
purge_all()
"""


def test_a_publish_in_another_process_reaches_this_one(client, settings):
    """gunicorn runs several workers, each with its own memory cache: a publish handled by one
    must make the pages of all the others stale (the stamp file they share)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    assert settings.PAGE_CACHE_STAMP_FILE
    fetch(client, "/news/")
    assert fetch(client, "/news/")[HEADER] == "hit"
    root = Path(__file__).resolve().parents[2]
    subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", ANOTHER_WORKER_PUBLISHES, settings.PAGE_CACHE_STAMP_FILE],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root / "site"), "DJANGO_SETTINGS_MODULE": "alliance.settings.test"},
        check=True,
    )
    assert fetch(client, "/news/")[HEADER] == "miss"


RESTRICTIONS = {
    "login": {"restriction_type": "login"},
    "groups": {"restriction_type": "groups"},
    "password": {"restriction_type": "password", "password": "内部资料2026"},
}


def _restrict(page, kind):
    from wagtail.models import PageViewRestriction

    from core import roles

    restriction = PageViewRestriction.objects.create(page=page, **RESTRICTIONS[kind])
    if kind == "groups":
        restriction.groups.add(roles.group(roles.MEMBERS))
    return restriction


@pytest.mark.parametrize("kind", list(RESTRICTIONS))
def test_a_page_made_private_stops_being_served_from_the_cache_at_once(client, kind):
    article = NewsArticlePage.objects.live().get(slug="news-03")
    fetch(client, "/news/news-03/")
    assert fetch(client, "/news/news-03/")[HEADER] == "hit"
    _restrict(article, kind)
    response = client.get("/news/news-03/")
    assert response.get(HEADER) != "hit"
    assert article.title not in response.content.decode()  # the login redirect or the password form


@pytest.mark.parametrize("kind", list(RESTRICTIONS))
def test_a_restricted_page_or_one_below_it_is_never_stored_for_visitors(client, kind):
    index = NewsIndexPage.objects.live().first()
    _restrict(index, kind)
    for url in (index.url, "/news/news-03/"):  # the restricted page and a page below it
        for _ in range(2):
            assert client.get(url).get(HEADER) is None, url


def test_a_restricted_page_is_not_stored_even_when_its_answer_looks_public(client, rf):
    """The guard itself, for a response that passed every other check (an answer Wagtail might one
    day give a restricted page without a redirect or a form)."""
    from django.http import HttpResponse

    from core.page_cache import _is_cacheable_response, remember_served_page

    article = NewsArticlePage.objects.live().get(slug="news-03")
    request = rf.get("/news/news-03/")
    remember_served_page(article, request, (), {})
    assert _is_cacheable_response(request, HttpResponse("public"))
    _restrict(article, "login")
    assert not _is_cacheable_response(request, HttpResponse("public"))


def _privacy_changes():
    """Every kind of change to who may see a page or a collection, each as a callable."""
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from core import roles

    article = NewsArticlePage.objects.live().get(slug="news-03")
    collection = Collection.get_first_root_node().add_child(name="隐私测试")
    group = roles.group(roles.MEMBERS)
    state = {}

    def add_page():
        state["page"] = PageViewRestriction.objects.create(page=article, restriction_type="groups")

    def add_collection():
        state["collection"] = CollectionViewRestriction.objects.create(collection=collection, restriction_type="groups")

    def change_type():
        state["page"].restriction_type = "login"
        state["page"].save()

    return [
        ("page restriction added", add_page),
        ("page restriction groups added", lambda: state["page"].groups.add(group)),
        ("page restriction groups removed", lambda: state["page"].groups.remove(group)),
        ("page restriction groups set", lambda: state["page"].groups.set([group])),
        ("page restriction groups cleared", lambda: state["page"].groups.clear()),
        ("page restriction changed", change_type),
        ("page restriction removed", lambda: state["page"].delete()),
        ("collection restriction added", add_collection),
        ("collection restriction groups added", lambda: state["collection"].groups.add(group)),
        ("collection restriction groups cleared", lambda: state["collection"].groups.clear()),
        ("collection restriction removed", lambda: state["collection"].delete()),
    ]


def test_every_change_of_page_or_collection_privacy_purges_the_cache(client):
    from core.page_cache import _generation

    for name, change in _privacy_changes():
        before = _generation()
        change()
        assert _generation() != before, name
