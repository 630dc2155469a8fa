"""Build the demo site: home, about, charter, and every content section. Idempotent: each page is
found by its slug under its parent and created only when missing."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from core.models import Major
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsArticlePage, NewsIndexPage
from publications.isbn import isbn13_check_digit, normalize_isbn
from publications.models import CoPublisher, PublicationIndexPage, TextbookPage
from resources.models import CourseResourcePage, ResourceDocument, ResourceIndexPage, Visibility

from . import content
from .charter import charter_blocks

HOME_SLUG = "home"


def _paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _child(parent: Page, model: type[Page], slug: str, **fields) -> tuple[Page, bool]:
    """The live child of `parent` with `slug`, created and published when missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _home_page() -> HomePage:
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    # Wagtail's initial migration leaves a placeholder "Welcome" page under the root; the home page
    # takes its place (and its slug) unless an editor has already put content under it.
    for placeholder in Page.objects.child_of(root).filter(slug=HOME_SLUG, content_type__model="page"):
        if not placeholder.get_children().exists():
            placeholder.delete()
    home, _ = _child(
        root,
        HomePage,
        HOME_SLUG,
        title="全国中等职业教育合作发展联席会",
        hero_title="全国中等职业教育合作发展联席会",
        hero_text="促进中等职业学校与行业、企业、政府和海外资源紧密合作交流、资源共享，为国家经济社会发展培养更多更好的技术技能人才。",
        intro="<p>联席会由全国各中等职业学校、行业组织、合作企业和研究机构联合发起，是学校和企业之间信息与资源共享的平台。</p>",
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="联席会")
    else:
        site.root_page = home
        site.site_name = "联席会"
        site.save()
    return home


def _document(title: str, text: str):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = Document(title=title)
    document.file.save(f"{title[:40]}.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    return document


def _heading(text: str) -> tuple[str, dict]:
    return ("heading", {"text": text, "size": "h2"})


def about_body() -> list:
    """What the about page's introduction promises: who the alliance is, its organisation, and how
    to reach the secretariat."""
    return [
        *_paragraphs(*content.ABOUT_PARAGRAPHS),
        _heading("组织机构"),
        *_paragraphs(*content.ORGANISATION_PARAGRAPHS),
        _heading("秘书处联系方式"),
        *_paragraphs(*content.SECRETARIAT_CONTACT_PARAGRAPHS),
    ]


def load_sections(home: HomePage) -> dict[str, int]:
    created = {}
    _child(
        home,
        StandardPage,
        "about",
        title="关于联席会",
        show_in_menus=True,
        introduction="联席会简介、组织机构与秘书处联系方式。",
        body=about_body(),
    )
    _child(
        home,
        StandardPage,
        "charter",
        title="联席会条例",
        show_in_menus=True,
        introduction="全国中等职业教育合作发展联席会条例全文。",
        body=charter_blocks(),
    )

    news_index, _ = _child(
        home,
        NewsIndexPage,
        "news",
        title="新闻动态",
        show_in_menus=True,
        introduction="联席会动态、通知公告与成员风采。",
    )
    today = timezone.localdate()
    for number, (category, title, summary, tags) in enumerate(content.NEWS, start=1):
        article, is_new = _child(
            news_index,
            NewsArticlePage,
            f"news-{number:02d}",
            title=title,
            date=today - datetime.timedelta(days=7 * number),
            category=category,
            summary=summary,
            body=_paragraphs(summary, "联席会秘书处将持续跟踪相关工作进展，欢迎各会员单位积极参与、提出建议。"),
        )
        if is_new:
            article.tags.add(*tags)
            article.save_revision().publish()
        created["news"] = created.get("news", 0) + is_new

    events_index, _ = _child(
        home,
        EventIndexPage,
        "events",
        title="活动",
        show_in_menus=True,
        introduction="年度论坛、研讨会、技能大赛和师资培训。",
    )
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for number, (event_type, title, location, offset_days, days, summary) in enumerate(content.EVENTS, start=1):
        start = now + datetime.timedelta(days=offset_days)
        _, is_new = _child(
            events_index,
            EventPage,
            f"event-{number:02d}",
            title=title,
            event_type=event_type,
            start=start,
            end=start + datetime.timedelta(days=days - 1, hours=8),
            location=location,
            organiser="全国中等职业教育合作发展联席会秘书处",
            summary=summary,
            registration_deadline=start - datetime.timedelta(days=7) if offset_days > 0 else None,
            body=_paragraphs(
                summary,
                *(
                    ["报名方式：请在报名截止前与联席会秘书处联系（联系方式见“关于联席会”页面）。"]
                    if offset_days > 0
                    else []
                ),
            ),
        )
        created["events"] = created.get("events", 0) + is_new

    library, _ = _child(
        home,
        ResourceIndexPage,
        "resources",
        title="教学资源库",
        show_in_menus=True,
        introduction="会员单位共建共享的课程标准、教学设计、课件、微课视频、实训指导书、试题库和教学案例。",
    )
    majors = {major.name: major for major in Major.objects.all()}
    number = 0
    for course_number, (major_name, course) in enumerate(content.COURSES):
        # Each course gets three resource types, rotating through all seven.
        for offset in range(3):
            number += 1
            resource_type = content.RESOURCE_TYPES[(course_number * 3 + offset) % len(content.RESOURCE_TYPES)]
            members_only = resource_type in {"question_bank", "video"} or number % 5 == 0
            school = content.SCHOOLS[number % len(content.SCHOOLS)]
            fields = {"course": course, "major": major_name}
            resource, is_new = _child(
                library,
                CourseResourcePage,
                f"resource-{number:03d}",
                title=content.RESOURCE_TITLE[resource_type].format(**fields),
                summary=content.RESOURCE_SUMMARY[resource_type].format(**fields),
                body=_paragraphs(content.RESOURCE_SUMMARY[resource_type].format(**fields)),
                major=majors[major_name],
                resource_type=resource_type,
                school=school,
                year=2023 + number % 4,
                visibility=Visibility.MEMBERS if members_only else Visibility.PUBLIC,
                external_id=f"demo-{number:03d}",
            )
            if is_new:
                document = _document(
                    f"{resource.title}（附件）",
                    f"{resource.title}\n{school}\n\n{resource.summary}\n",
                )
                ResourceDocument.objects.create(page=resource, document=document, sort_order=0)
                resource.tags.add(major_name, course)
                resource.save_revision().publish()
            created["resources"] = created.get("resources", 0) + is_new

    publications, _ = _child(
        home,
        PublicationIndexPage,
        "publications",
        title="联合出版教材",
        show_in_menus=True,
        introduction="联席会成员院校联合编写出版的职业教育教材。",
    )
    for number, (title, isbn12, authors, editors, publisher, edition, date, major_name, co_publishers) in enumerate(
        content.TEXTBOOKS, start=1
    ):
        isbn = normalize_isbn(isbn12 + isbn13_check_digit(isbn12))
        book, is_new = _child(
            publications,
            TextbookPage,
            f"textbook-{number:02d}",
            title=title,
            isbn=isbn,
            authors=authors,
            editors=editors,
            publisher=publisher,
            edition=edition,
            publication_date=date,
            major=majors.get(major_name),
            description=f"<p>本教材由联席会成员院校与企业专家联合编写，对接职业标准和岗位要求，配套数字化教学资源。《{title}》适用于中等职业学校{major_name}专业。</p>",
            acquisition_links=[("link", {"label": f"{publisher}官网", "url": content.PUBLISHER_SITES[publisher]})],
        )
        if is_new:
            for order, name in enumerate(co_publishers):
                CoPublisher.objects.create(page=book, name=name, sort_order=order)
            book.save_revision().publish()
        created["textbooks"] = created.get("textbooks", 0) + is_new
    return created


@transaction.atomic
def load(out, **options) -> None:
    Locale.objects.get_or_create(language_code="en")
    home = _home_page()
    created = load_sections(home)
    out.write(
        "页面：新建新闻 {news} 篇、活动 {events} 个、资源 {resources} 项、教材 {textbooks} 本（已存在的保持不变）".format(
            news=created.get("news", 0),
            events=created.get("events", 0),
            resources=created.get("resources", 0),
            textbooks=created.get("textbooks", 0),
        )
    )
