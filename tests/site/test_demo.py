"""The demo smoke test: `load_demo` runs on a fresh database (as `make run` and the browser tests do),
loads what it promises, a second run changes nothing, and the site's main pages answer with the demo
content; nothing in it points at a placeholder address.

This is the only module that loads the demo (besides the browser journeys, which load it into their
own database); every other test builds its own data with tests/factories/.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management import call_command
from wagtail.models import Page, Site

from core import roles
from core.models import Major
from events.models import EventPage
from home.models import HomePage
from news.models import NewsArticlePage
from publications.models import TextbookPage
from resources.models import CourseResourcePage, Visibility
from tests.conftest import module_data

pytestmark = pytest.mark.django_db


def _load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


#: The demo, loaded once on this module's fresh database (rolled back after the module).
demo = module_data(_load_demo)


def counts():
    return {
        "pages": Page.objects.count(),
        "users": User.objects.count(),
        "majors": Major.objects.count(),
        "documents": CourseResourcePage.documents.rel.related_model.objects.count(),
    }


def test_demo_has_the_promised_content(demo):
    assert "演示内容已就绪" in demo
    assert NewsArticlePage.objects.live().count() >= 10
    assert EventPage.objects.live().count() >= 3
    resources = CourseResourcePage.objects.live()
    assert resources.count() >= 30
    assert resources.values("major").distinct().count() >= 5
    assert resources.values("resource_type").distinct().count() == 7
    assert resources.filter(visibility=Visibility.MEMBERS).exists()
    assert TextbookPage.objects.live().count() >= 5
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    for group in roles.ALL_GROUPS:
        assert roles.holders(group).exists(), group
    assert User.objects.filter(username="admin", is_superuser=True).exists()


def test_demo_has_applications_in_every_state_and_a_council(demo):
    from membership.models import ApplicationState, CouncilPosition, Membership, MembershipApplication, Standing

    states = set(MembershipApplication.objects.values_list("state", flat=True))
    assert states == set(ApplicationState.values)
    assert set(Membership.objects.values_list("state", flat=True)) == set(Standing.values)
    assert CouncilPosition.objects.filter(position="chair").count() == 1
    member = User.objects.get(username="member")
    assert Membership.objects.filter(unit__account=member, state=Standing.ACTIVE, certificate__isnull=False).exists()


def test_loading_twice_creates_nothing_keeps_passwords_and_prints_the_site_address(demo, settings):
    settings.SITE_BASE_URL = "http://127.0.0.1:8300"
    before = counts()
    password_hash = User.objects.get(username="editor").password
    out = _load_demo()
    assert "密码未改变" in out
    assert "http://127.0.0.1:8300/" in out and "127.0.0.1:8000" not in out
    assert counts() == before
    assert User.objects.get(username="editor").password == password_hash


def test_passwords_are_printed_once_for_new_users(demo):
    User.objects.filter(username="moderator").delete()
    out = _load_demo()
    lines = [line for line in out.splitlines() if line.strip().startswith("moderator")]
    assert len(lines) == 1
    password = lines[0].split()[1]
    assert User.objects.get(username="moderator").check_password(password)
    assert "editor " not in out  # existing users are not listed again


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        ("/", ["全国中等职业教育合作发展联席会", "全国中等职业教育合作发展联席会成立大会在京召开", "联席会条例"]),
        ("/news/", ["关于征集 2026 年度共享课程资源的通知"]),
        ("/events/", ["年度论坛", "往期活动"]),
        ("/resources/", ["教学资源库", "课程标准"]),
        ("/publications/", ["联合出版教材"]),
        ("/members/", ["上海市工业技术学校"]),
        ("/search/?q=数控", ["《数控车削编程与加工》课程标准"]),
    ],
)
def test_main_pages_answer_with_the_demo_content(client, demo, url, texts):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        assert text in html, text


def test_charter_page_shows_the_charter_text(client, demo):
    html = client.get("/charter/").content.decode()
    assert "第十九条" in html
    assert "专家聘用采取个人申请和单位推荐两种方式" in html
    assert "理事会不收取会员费" in html
    # The seed's duplicated Art. 17 and stray English word are not on the site.
    assert html.count("第十七条") == 1
    assert " and " not in html.split("<main", 1)[1]


def test_the_about_page_has_the_organisation_and_secretariat_contact_it_promises(client, demo):
    html = client.get("/about/").content.decode()
    assert "组织机构与秘书处联系方式" in html  # the promise
    for section in ("组织机构", "秘书处联系方式"):
        assert f">{section}</h2>" in html, section
    for fact in (
        "理事长 1 人",
        "秘书长 1 人",
        "每届任期 3 年",
        "理事委员会下设秘书处",
        "联系电话",
        "电子邮箱",
        "通信地址",
    ):
        assert fact in html, fact
    assert "演示数据" in html  # the contact details say they are the demo's


# --- no placeholder anywhere ------------------------------------------------------------------------
PLACEHOLDER = re.compile(
    r"(?i)(?:[\w-]+\.)*(?:example|test|invalid|localhost)\.(?:org|com|net|cn|edu)\b|\bexample\.(?:org|com|net|cn)\b"
    r"|\blorem ipsum\b"
)
# Non-Wagtail pages the demo data shows up on (the directories list member units and experts).
OTHER_PAGES = ["/members/", "/experts/", "/certificates/verify/", "/membership/", "/experts/mine/"]
DEMO_APPS = ["core", "home", "news", "events", "resources", "publications", "membership", "expertpool"]


class _Addresses(HTMLParser):
    def __init__(self):
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action", "srcset", "content") and value:
                self.addresses.append(value)


def placeholders_in(html: str) -> list[str]:
    html = html.replace(settings.SITE_BASE_URL, "")  # the site's own address (the test settings' is example.org)
    parser = _Addresses()
    parser.feed(html)
    return sorted({match.group(0) for text in [html, *parser.addresses] for match in PLACEHOLDER.finditer(text)})


def test_no_demo_page_shows_or_links_a_placeholder(client, demo):
    client.force_login(User.objects.get(username="member"))  # a member unit sees the members-only part too
    urls = [page.url for page in Page.objects.live().specific() if page.url] + OTHER_PAGES
    assert len(urls) > 50
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if hits := placeholders_in(response.content.decode()):
            found[url] = hits
    assert found == {}


def test_no_demo_record_holds_a_placeholder_address(demo):
    """Pages, snippets, settings, documents, units, experts: every stored value the demo loaded."""
    found = {}
    for app in DEMO_APPS + ["auth", "wagtailcore", "wagtaildocs", "wagtailimages"]:
        for model in apps.get_app_config(app).get_models():
            if model._meta.proxy or model.__name__ in ("Revision", "ReferenceIndex", "ModelLogEntry", "PageLogEntry"):
                continue
            data = serializers.serialize("json", model.objects.all())
            if hits := sorted({match.group(0) for match in PLACEHOLDER.finditer(data)}):
                found[model._meta.label] = hits
    assert found == {}
