"""A small bilingual site for the i18n tests: a Chinese home page as the default site's root, About,
a news section with one translated and one untranslated article, a resource with an English title;
English translations made with Wagtail's translation action (core.demo.english.translate)."""

import datetime
from dataclasses import dataclass

from wagtail.models import Locale, Page, Site

from core.demo.english import translate
from core.models import Major
from home.models import HomePage, StandardPage
from news.models import NewsArticlePage, NewsIndexPage
from resources.models import CourseResourcePage, ResourceIndexPage


@dataclass
class BilingualSite:
    home: HomePage
    home_en: HomePage
    about: StandardPage
    about_en: StandardPage
    news: NewsIndexPage
    news_en: NewsIndexPage
    translated: NewsArticlePage
    translated_en: NewsArticlePage
    untranslated: NewsArticlePage
    resources: ResourceIndexPage
    resource: CourseResourcePage


def _add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def paragraph(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def bilingual_site() -> BilingualSite:
    english = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    home = _add(root, HomePage(title="测试联席会首页", slug="i18n-home", hero_title="测试联席会"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.save()
    about = _add(
        home, StandardPage(title="关于测试联席会", slug="about", show_in_menus=True, body=paragraph("中文简介"))
    )
    news = _add(home, NewsIndexPage(title="测试新闻", slug="news", show_in_menus=True))
    day = datetime.date(2026, 3, 1)
    translated = _add(
        news,
        NewsArticlePage(
            title="已有译文的新闻", slug="translated", date=day, summary="中文摘要", body=paragraph("中文正文")
        ),
    )
    untranslated = _add(
        news,
        NewsArticlePage(
            title="只有中文的新闻", slug="untranslated", date=day, summary="只有中文", body=paragraph("只有中文的正文")
        ),
    )
    resources = _add(home, ResourceIndexPage(title="测试资源库", slug="resources", show_in_menus=True))
    resource = _add(
        resources,
        CourseResourcePage(
            title="测试数控课程标准",
            title_en="Test CNC curriculum standard",
            slug="cnc-standard",
            summary="中文摘要",
            major=Major.objects.get(name="数控技术应用"),
            resource_type="course_standard",
            school="测试学校",
            year=2026,
        ),
    )
    home_en = translate(home, english, slug="i18n-home-en", title="Test home", hero_title="Test Joint Conference")[0]
    about_en = translate(about, english, title="About the test conference", body=paragraph("English introduction"))[0]
    news_en = translate(news, english, title="Test news")[0]
    translated_en = translate(translated, english, title="News with a translation", summary="English summary")[0]
    return BilingualSite(
        home, home_en, about, about_en, news, news_en, translated, translated_en, untranslated, resources, resource
    )
