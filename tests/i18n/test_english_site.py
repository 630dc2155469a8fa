"""The English site: pages, navigation, the language switch, hreflang and lang attributes."""

import re

import pytest

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switch_links(html: str) -> dict[str, str]:
    block = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    return {lang: href for href, lang in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', block)}


def test_the_english_home_page_is_in_english(client, pages):
    html = html_of(client.get("/en/"))
    assert '<html lang="en">' in html
    assert "Test Joint Conference" in html
    assert "Skip to the content" in html and "跳到正文" not in html
    # the navigation leads to the English pages and app views
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert 'href="/en/about/"' in nav and 'href="/en/members/"' in nav, nav
    assert 'action="/en/search/"' in html


def test_the_chinese_site_is_unchanged(client, pages):
    html = html_of(client.get("/"))
    assert '<html lang="zh-Hans">' in html
    assert "跳到正文" in html and "测试联席会" in html


def test_switch_and_hreflang_lead_to_the_translation_of_the_page(client, pages):
    html = html_of(client.get("/about/"))
    assert switch_links(html) == {"en": "/en/about/"}
    assert alternates(html) == {"zh-Hans": "http://testserver/about/", "en": "http://testserver/en/about/"}
    html = html_of(client.get("/en/about/"))
    assert "English introduction" in html
    assert switch_links(html) == {"zh-Hans": "/about/"}


def test_a_page_without_translation_is_shown_in_chinese_inside_the_english_interface(client, pages):
    html = html_of(client.get("/news/untranslated/"))
    assert switch_links(html) == {"en": "/en/news/untranslated/"}
    html = html_of(client.get("/en/news/untranslated/"))
    assert '<html lang="en">' in html and "Skip to the content" in html
    assert '<main id="main" class="wrap" lang="zh-Hans">' in html  # the content is marked as Chinese
    assert "只有中文的正文" in html
    assert switch_links(html) == {"zh-Hans": "/news/untranslated/"}


def test_the_english_news_list_shows_every_article_translated_where_possible(client, pages):
    html = html_of(client.get("/en/news/"))
    assert 'href="/en/news/translated/">News with a translation</a>' in html
    assert "English summary" in html
    assert 'href="/en/news/untranslated/"><span lang="zh-Hans">只有中文的新闻</span></a>' in html


def test_resources_show_their_english_title_on_the_english_site(client, pages):
    html = html_of(client.get("/en/resources/"))
    assert "Test CNC curriculum standard" in html
    assert "Test CNC curriculum standard" not in html_of(client.get("/resources/"))


def test_english_titles_are_searchable_and_shown_in_english_results(client, pages):
    html = html_of(client.get("/en/search/", {"q": "curriculum"}))
    assert 'href="/en/resources/cnc-standard/">Test CNC curriculum standard' in html
    html = html_of(client.get("/en/search/", {"q": "数控课程标准"}))
    assert "Test CNC curriculum standard" in html  # a Chinese query finds it too, shown in English


@pytest.mark.parametrize(
    "path", ["/members/", "/search/?q=%E6%95%B0%E6%8E%A7", "/certificates/verify/", "/accounts/login/"]
)
def test_switch_on_an_app_view_keeps_the_view_and_its_query(client, pages, path):
    html = html_of(client.get(path))
    assert switch_links(html) == {"en": "/en" + path}
    english = html_of(client.get("/en" + path))
    assert '<html lang="en">' in english
    assert switch_links(english) == {"zh-Hans": path}


def test_a_login_redirect_stays_on_the_english_site(client, pages):
    response = client.get("/en/membership/")
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


def test_forms_and_errors_answer_in_english(client, pages):
    html = html_of(client.get("/en/accounts/register/"))
    assert "Register a contact account" in html and "Username" in html
    html = html_of(client.get("/en/certificates/verify/", {"number": "not-a-number"}))
    assert "This is not a certificate number" in html


def test_majors_are_named_in_english_on_the_english_site(client, pages):
    for path in ("/resources/", "/resources/cnc-standard/"):
        chinese, english = html_of(client.get(path)), html_of(client.get(f"/en{path}"))
        assert "数控技术应用" in chinese and "CNC Technology Application" not in chinese
        assert "CNC Technology Application" in english and "数控技术应用" not in english, path
    facets = client.get("/en/search/", {"q": "数控"}).context["outcome"].facets["major"]
    assert [facet["label"] for facet in facets] == ["CNC Technology Application"]


def test_no_template_shows_a_majors_chinese_name_directly():
    """A major is shown as `{{ major }}` or `major.label` (English on the English site); `.name` is
    the Chinese name whatever the language."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if ".venv" not in path.parts and re.search(r"major\.name\b", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
