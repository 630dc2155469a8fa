"""Pages of every type (wagtail-factories), and the site skeleton most tests stand on.

Pages are published the way an editor publishes them (a revision, then `publish()`), so that
revisions, `first_published_at` and the page-cache purge behave as on the real site; pass
`publish=False` for a page that should stay a draft (it is created not live, with a revision).
The site skeleton's home and section pages are created live without a revision (`revision=False`),
as Wagtail's own migration creates its first page: they are built for nearly every page test, and
no test edits them through the admin's revision history (a test that does can build its own).
Slugs are ASCII (Wagtail would slugify a Chinese title to nothing).
"""

import datetime
from dataclasses import dataclass

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Page, Site

from core.models import Major
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsArticlePage, NewsIndexPage
from publications.isbn import isbn13_check_digit, normalize_isbn
from publications.models import CoPublisher, PublicationIndexPage, TextbookPage
from resources.models import CourseResourcePage, ResourceDocument, ResourceIndexPage, Visibility

from .documents import DocumentFactory

HOME_SLUG = "home"


def paragraphs(*texts: str) -> list[tuple[str, str]]:
    """A StreamField value of rich-text paragraphs."""
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def major(name: str = "数控技术应用") -> Major:
    """A major from the catalogue the migrations seed."""
    return Major.objects.get(name=name)


class MajorFactory(factory.django.DjangoModelFactory):
    """A major of a test's own (the catalogue's majors come from a data migration: use `major()`)."""

    class Meta:
        model = Major
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试专业{n}")
    category = "66"


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Base: `tags=[...]` and `publish=True|False` are applied after the page is in the tree."""

    class Meta:
        abstract = True

    slug = factory.Sequence(lambda n: f"page-{n:03d}")

    #: Keyword arguments that are not fields but go to `_add_children` (with their defaults).
    _child_arguments: dict = {}

    @classmethod
    def _create(cls, model_class, *args, publish: bool = True, revision: bool = True, tags=(), **kwargs):
        children = {name: kwargs.pop(name, default) for name, default in cls._child_arguments.items()}
        if not publish:
            kwargs["live"] = False
        page = super()._create(model_class, *args, **kwargs)
        if tags:
            page.tags.add(*tags)
        cls._add_children(page, **children)
        if not revision:  # live as created, like the page Wagtail's own migration makes (see module doc)
            return page
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    @classmethod
    def _add_children(cls, page, **children) -> None:
        """Orderable children (attachments, co-publishers) to save with the first revision."""


class HomePageFactory(PublishedPageFactory):
    """The site's home page, under the tree's root. Use `site_skeleton()` (or the `home` fixture) for
    the home page the default site serves."""

    class Meta:
        model = HomePage

    parent = factory.LazyFunction(Page.get_first_root_node)
    title = "全国中等职业教育合作发展联席会"
    slug = HOME_SLUG
    hero_title = "全国中等职业教育合作发展联席会"
    hero_text = "促进中等职业学校与行业、企业合作交流、资源共享。"
    intro = "<p>联席会是学校和企业之间信息与资源共享的平台。</p>"


class StandardPageFactory(PublishedPageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"测试页面{n}")
    introduction = "页面导语。"
    body = factory.LazyAttribute(lambda page: paragraphs(f"{page.title}的正文。"))


class NewsIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = NewsIndexPage

    title = "新闻动态"
    slug = "news"
    show_in_menus = True
    introduction = "联席会动态、通知公告与成员风采。"


class NewsArticlePageFactory(PublishedPageFactory):
    class Meta:
        model = NewsArticlePage

    title = factory.Sequence(lambda n: f"测试新闻{n}")
    slug = factory.Sequence(lambda n: f"news-{n:03d}")
    date = factory.LazyFunction(timezone.localdate)
    category = "alliance"
    summary = factory.LazyAttribute(lambda page: f"{page.title}的摘要。")
    body = factory.LazyAttribute(lambda page: paragraphs(page.summary))


class EventIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = EventIndexPage

    title = "活动"
    slug = "events"
    show_in_menus = True
    introduction = "年度论坛、研讨会、技能大赛和师资培训。"


def _nine_am(days: int) -> datetime.datetime:
    return timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)


class EventPageFactory(PublishedPageFactory):
    """An event; `EventPageFactory(days_from_now=-40)` for one that is over."""

    class Meta:
        model = EventPage

    class Params:
        days_from_now = 30

    title = factory.Sequence(lambda n: f"测试活动{n}")
    slug = factory.Sequence(lambda n: f"event-{n:03d}")
    event_type = "seminar"
    start = factory.LazyAttribute(lambda page: _nine_am(page.days_from_now))
    end = factory.LazyAttribute(lambda page: page.start + datetime.timedelta(hours=8))
    location = "北京·国家会议中心"
    organiser = "联席会秘书处"
    summary = factory.LazyAttribute(lambda page: f"{page.title}的摘要。")
    body = factory.LazyAttribute(lambda page: paragraphs(page.summary))


class ResourceIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = ResourceIndexPage

    title = "教学资源库"
    slug = "resources"
    show_in_menus = True
    introduction = "会员单位共建共享的课程资源。"


class CourseResourcePageFactory(PublishedPageFactory):
    """A course resource with one attachment (`attachments=0` for none, or a list of documents);
    `CourseResourcePageFactory(members_only=True)` for one only member units may open."""

    class Meta:
        model = CourseResourcePage

    class Params:
        members_only = factory.Trait(visibility=Visibility.MEMBERS)

    title = factory.Sequence(lambda n: f"测试课程资源{n}")
    slug = factory.Sequence(lambda n: f"resource-{n:03d}")
    summary = factory.LazyAttribute(lambda page: f"{page.title}的摘要。")
    body = factory.LazyAttribute(lambda page: paragraphs(page.summary))
    major = factory.LazyFunction(major)
    resource_type = "course_standard"
    school = "上海市工业技术学校"
    year = 2025
    visibility = Visibility.PUBLIC

    _child_arguments = {"attachments": 1}

    @classmethod
    def _add_children(cls, page, attachments) -> None:
        documents = (
            [DocumentFactory(title=f"{page.title}（附件）") for _ in range(attachments)]
            if isinstance(attachments, int)
            else attachments
        )
        for order, document in enumerate(documents):
            ResourceDocument.objects.create(page=page, document=document, sort_order=order)


class PublicationIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = PublicationIndexPage

    title = "联合出版教材"
    slug = "publications"
    show_in_menus = True
    introduction = "联席会成员院校联合编写出版的职业教育教材。"


def isbn(n: int) -> str:
    isbn12 = f"978704{n:06d}"
    return normalize_isbn(isbn12 + isbn13_check_digit(isbn12))


class TextbookPageFactory(PublishedPageFactory):
    """A textbook with a valid, unique ISBN; `co_publishers=["某学校"]` adds co-publishing units."""

    class Meta:
        model = TextbookPage

    title = factory.Sequence(lambda n: f"测试教材{n}")
    slug = factory.Sequence(lambda n: f"textbook-{n:03d}")
    isbn = factory.Sequence(isbn)
    authors = "王老师、李老师"
    publisher = "高等教育出版社"
    edition = "第 1 版"
    publication_date = datetime.date(2025, 8, 1)
    major = factory.LazyFunction(major)
    description = factory.LazyAttribute(lambda page: f"<p>{page.title}的内容简介。</p>")

    _child_arguments = {"co_publishers": ()}

    @classmethod
    def _add_children(cls, page, co_publishers) -> None:
        for order, name in enumerate(co_publishers):
            CoPublisher.objects.create(page=page, name=name, sort_order=order)


@dataclass
class SiteSkeleton:
    """The home page the default site serves, and its sections at their usual addresses."""

    home: HomePage
    about: StandardPage
    charter: StandardPage
    news: NewsIndexPage
    events: EventIndexPage
    resources: ResourceIndexPage
    publications: PublicationIndexPage


def site_home() -> HomePage:
    """The home page, served by the default site at `/`. Wagtail's migrations leave a placeholder
    "Welcome" page under the root: it makes way, as it does on a real install (`load_demo`)."""
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (after a `transaction=True` test): rebuild what migrations make
        from django.conf import settings
        from wagtail.models import Locale

        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    Page.objects.child_of(root).filter(slug=HOME_SLUG, content_type__model="page").delete()
    home = HomePageFactory(parent=root, revision=False)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def section(model, factory):
    """The section index of this type the default site serves (the one the skeleton or the sample
    site made), or a new one at its usual address under the home page."""
    home = site_home()
    return model.objects.child_of(home).first() or factory(parent=home, revision=False)


def site_skeleton() -> SiteSkeleton:
    """The home page and every section index at its usual address (/about/, /charter/, /news/,
    /events/, /resources/, /publications/), each empty."""
    home = site_home()
    return SiteSkeleton(
        home=home,
        about=StandardPageFactory(parent=home, slug="about", title="关于联席会", show_in_menus=True, revision=False),
        charter=StandardPageFactory(
            parent=home,
            slug="charter",
            title="联席会条例",
            show_in_menus=True,
            body=[("heading", {"text": "第一章　总则", "size": "h2"}), *paragraphs("第一条　本会名称。")],
            revision=False,
        ),
        news=NewsIndexPageFactory(parent=home, revision=False),
        events=EventIndexPageFactory(parent=home, revision=False),
        resources=ResourceIndexPageFactory(parent=home, revision=False),
        publications=PublicationIndexPageFactory(parent=home, revision=False),
    )
