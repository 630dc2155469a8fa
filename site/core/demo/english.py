"""The English site of the demo: translations of the home, About and Charter pages, the section
pages and a few news articles, made as an editor makes them in the admin (Wagtail's
`copy_for_translation`, which `simple_translation`'s *Translate* button runs), then filled in and
published; English titles for the demo resources and textbooks, and English names for a demo member
unit and expert. Idempotent: a page already translated, or a field already filled, is left alone.
"""

import re
from html import escape
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale, Page

from events.models import EventIndexPage
from home.models import HomePage, StandardPage
from news.models import NewsArticlePage, NewsIndexPage
from publications.models import PublicationIndexPage, TextbookPage
from resources.models import CourseResourcePage, ResourceIndexPage

from . import content

CHARTER_FILE = Path(__file__).with_name("charter_en.md")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"\*(.+?)\*")

HOME = {
    "title": "National Secondary Vocational Education Cooperation and Development Joint Conference",
    "hero_title": "National Secondary Vocational Education Cooperation and Development Joint Conference",
    "hero_text": (
        "Bringing China's secondary vocational schools together with industry, enterprises, government and "
        "partners abroad, to share resources and train more and better technically skilled people."
    ),
    "intro": (
        "<p>The Joint Conference was founded by secondary vocational schools, industry associations, partner "
        "enterprises and research institutes across China, with overseas schools and bodies. It is a platform "
        "for schools and enterprises to share information and resources.</p>"
    ),
}

ABOUT_PARAGRAPHS = [
    "The National Secondary Vocational Education Cooperation and Development Joint Conference is a voluntary "
    "association of secondary vocational schools, industry associations, partner enterprises, research "
    "institutes and other organisations, working on the principles of mutual respect, friendly consultation, "
    "equality and mutual benefit.",
    "It promotes the deep integration of industry and education between secondary vocational schools and "
    "enterprises, gives them a platform to share information and resources, and coordinates cooperation among "
    "schools, industry, enterprises and government.",
    "Its council has a secretariat for the day-to-day work and a pool of experts who guide and advise the Joint "
    "Conference. The Joint Conference charges no membership fee.",
]
ORGANISATION_PARAGRAPHS = [
    "All members elect a chair, about five executive vice-chairs, about fifteen vice-chairs, standing council "
    "members and council members, a secretary-general and about ten deputy secretaries-general, who form the "
    "council (Charter, Art. 13).",
    "Office holders serve terms of three years and may be re-elected; the chair answers to the council and is "
    "responsible for all the work of the Joint Conference (Art. 15).",
    "The council's secretariat, led by the secretary-general, runs the day-to-day work: it helps draw up the "
    "annual plan, prepares meetings, publishes information and runs this website, and convenes the council "
    "once a year (Art. 17).",
    "Senior experts in vocational education join the expert pool on their own application or a unit's "
    "recommendation (with their consent), after a qualification review and selection, for terms of three years "
    "(Art. 18–19).",
]
CONTACT_PARAGRAPHS = [
    "These are demonstration details: the secretariat replaces them with its real contact details in the admin.",
    "Secretariat of the Joint Conference<br/>Address: 1 Zhijiao Road, Demo District, Demo City, 100000, China<br/>"
    "Telephone: +86 10 0000 0000 (working days 9:00–17:00)<br/>E-mail: mishuchu@lxh.demo",
    "Membership applications, expert applications and certificate verification are all done on this website; "
    "for anything else, please contact the secretariat.",
]

SECTIONS = [
    (NewsIndexPage, "news", "News", "News of the Joint Conference, notices and stories from our members."),
    (EventIndexPage, "events", "Events", "Annual forums, seminars, skills competitions and teacher training."),
    (
        ResourceIndexPage,
        "resources",
        "Teaching resources",
        "Curriculum standards, teaching designs, courseware, videos, training guides, question banks and "
        "teaching cases shared by member units (titles in Chinese, with English titles where given).",
    ),
    (
        PublicationIndexPage,
        "publications",
        "Joint textbooks",
        "Vocational textbooks written and published jointly by member schools (in Chinese).",
    ),
]

# English versions of three demo news articles, by their slug.
NEWS = {
    "news-01": (
        "Founding conference of the Joint Conference held in Beijing",
        "Representatives of more than 160 secondary vocational schools, industry associations and enterprises "
        "from 28 provinces adopted the Charter and elected the first council.",
    ),
    "news-03": (
        "Call for the first experts of the Joint Conference's expert pool",
        "Member units may recommend experienced experts in vocational education, with their prior consent; "
        "experts may also apply themselves.",
    ),
    "news-08": (
        "Joint Conference delegation attends an international vocational education congress",
        "The delegation presented the experience of Chinese secondary vocational schools and their work on "
        "curriculum standards, and signed letters of intent with schools from several countries.",
    ),
}

COURSES_EN = {
    "数控车削编程与加工": "CNC Turning: Programming and Machining",
    "数控铣削编程与加工": "CNC Milling: Programming and Machining",
    "汽车发动机构造与维修": "Car Engine Construction and Repair",
    "新能源汽车动力电池及管理系统检修": "New Energy Vehicle Traction Batteries and Battery Management Systems",
    "网店运营与推广": "Online Shop Operation and Promotion",
    "直播电商实务": "Live-Stream E-commerce in Practice",
    "Python 程序设计基础": "Python Programming Basics",
    "工业机器人编程与操作": "Industrial Robot Programming and Operation",
    "PLC 控制技术": "PLC Control Technology",
    "BIM 建模与应用": "BIM Modelling and Application",
    "幼儿卫生与保育": "Early Childhood Health and Care",
    "基础护理技术": "Basic Nursing Skills",
    "中式烹调技艺": "Chinese Cooking Techniques",
    "企业财务会计": "Financial Accounting for Enterprises",
}
RESOURCE_TITLE_EN = {
    "course_standard": "{course}: Curriculum Standard",
    "lesson_plan": "{course}: Project-Based Teaching Design",
    "courseware": "{course}: Courseware",
    "video": "{course}: Micro-Lecture Videos",
    "training_guide": "{course}: Practical Training Guide",
    "question_bank": "{course}: Question Bank",
    "case": "{course}: Teaching Case",
}
TEXTBOOKS_EN = {
    "数控车削编程与加工（第 2 版）": "CNC Turning: Programming and Machining (2nd edition)",
    "汽车发动机构造与维修": "Car Engine Construction and Repair",
    "网店运营与推广实务": "Online Shop Operation and Promotion in Practice",
    "幼儿卫生与保育": "Early Childhood Health and Care",
    "PLC 控制技术项目教程": "PLC Control Technology: A Project Course",
    "基础护理技术": "Basic Nursing Skills",
}


# English names for the demo member `member` logs in for, and for one appointed expert.
UNIT_NAMES_EN = {"上海市工业技术学校": "Shanghai Industrial Technology School"}
EXPERTS_EN = {"expert01": "Wang Jianguo"}


def _paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _heading(text: str) -> tuple[str, dict]:
    return ("heading", {"text": text, "size": "h2"})


def charter_blocks() -> list[tuple[str, object]]:
    """The English charter (charter_en.md) as StreamField blocks, as core.demo.charter does the Chinese."""
    blocks: list[tuple[str, object]] = []
    for raw in CHARTER_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = "h2" if line.startswith("# ") else "h3"
            blocks.append(("heading", {"text": _BOLD.sub(r"\1", line.lstrip("#").strip()), "size": level}))
        else:
            html = _ITALIC.sub(r"<i>\1</i>", _BOLD.sub(r"<b>\1</b>", escape(line)))
            blocks.append(("paragraph", f"<p>{html}</p>"))
    return blocks


def translate(page: Page, locale: Locale, **fields) -> tuple[Page, bool]:
    """The live translation of `page` into `locale`: made with Wagtail's translation action when
    missing, given `fields`, and published."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    translation = page.specific.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation, True


def _fill(queryset, field: str, english: dict[str, str], key=lambda page: page.title) -> int:
    """Give pages an English title where `english` has one and the field is still empty."""
    filled = 0
    for page in queryset.filter(**{field: ""}):
        value = english.get(key(page))
        if value:
            setattr(page, field, value)
            page.save_revision().publish()
            filled += 1
    return filled


def _resource_title(page: CourseResourcePage) -> str | None:
    for course, course_en in COURSES_EN.items():
        for kind, pattern in content.RESOURCE_TITLE.items():
            if page.title == pattern.format(course=course):
                return RESOURCE_TITLE_EN[kind].format(course=course_en)
    return None


@transaction.atomic
def load(out, **options) -> None:
    english, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        return
    made = 0
    home_en, is_new = translate(home, english, slug="home-en", **HOME)
    made += is_new
    about = StandardPage.objects.child_of(home).filter(slug="about").first()
    if about is not None:
        made += translate(
            about,
            english,
            slug="about",
            title="About the Joint Conference",
            introduction="Who we are, how we are organised, and how to reach the secretariat.",
            body=[
                *_paragraphs(*ABOUT_PARAGRAPHS),
                _heading("Organisation"),
                *_paragraphs(*ORGANISATION_PARAGRAPHS),
                _heading("Contact the secretariat"),
                *_paragraphs(*CONTACT_PARAGRAPHS),
            ],
        )[1]
    charter = StandardPage.objects.child_of(home).filter(slug="charter").first()
    if charter is not None:
        made += translate(
            charter,
            english,
            slug="charter",
            title="Charter of the Joint Conference",
            introduction="The full text of the Charter of the National Secondary Vocational Education Cooperation "
            "and Development Joint Conference (an English translation; the Chinese text is authoritative).",
            body=charter_blocks(),
        )[1]
    for model, slug, title, introduction in SECTIONS:
        section = model.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            continue
        section_en, is_new = translate(section, english, slug=slug, title=title, introduction=introduction)
        made += is_new
        if model is NewsIndexPage:
            for article in NewsArticlePage.objects.child_of(section).filter(slug__in=NEWS):
                title_en, summary_en = NEWS[article.slug]
                made += translate(
                    article,
                    english,
                    slug=article.slug,
                    title=title_en,
                    summary=summary_en,
                    body=_paragraphs(
                        summary_en,
                        "The secretariat will keep following this work; member units are welcome to take part "
                        "and make suggestions.",
                    ),
                )[1]
    titled = 0
    for page in CourseResourcePage.objects.filter(locale=home.locale, title_en=""):
        value = _resource_title(page)
        if value:
            page.title_en = value
            page.save_revision().publish()
            titled += 1
    titled += _fill(TextbookPage.objects.filter(locale=home.locale), "title_en", TEXTBOOKS_EN)
    named = _english_names(options.get("password"))
    out.write(
        f"English site: {made} pages translated, {titled} English titles and {named} English names added "
        "(existing ones unchanged)"
    )


def _english_names(password: str | None) -> int:
    """English names for a demo unit and expert, their certificate and letter drawn again with them.
    With `--password` (scripted browser tests only) that expert can log in, to fetch the letter."""
    from expertpool.actions import letter_lines
    from expertpool.models import ExpertCandidate
    from membership.actions import certificate_lines
    from membership.models import Membership, MemberUnit
    from workflows import certificates

    named = 0
    for unit in MemberUnit.objects.filter(name__in=UNIT_NAMES_EN, name_en=""):
        unit.name_en = UNIT_NAMES_EN[unit.name]
        unit.save(update_fields=["name_en"])
        named += 1
        for membership in Membership.objects.filter(unit=unit, certificate__isnull=False):
            certificates.redraw(membership.certificate, lines=certificate_lines(unit))
    for candidate in ExpertCandidate.objects.filter(user__username__in=EXPERTS_EN, letter__isnull=False):
        if not candidate.name_en:
            candidate.name_en = EXPERTS_EN[candidate.user.username]
            candidate.save(update_fields=["name_en"])
            certificates.redraw(candidate.letter, lines=letter_lines(candidate))
            named += 1
        if password:
            candidate.user.set_password(password)
            candidate.user.save(update_fields=["password"])
    return named
