"""The demo is what a visitor of a real site would see: no link, address or text anywhere in it
points at a placeholder domain (example.org and its kind), and a page that promises content has it
(the about page's organisation and secretariat contact)."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core import serializers
from wagtail.models import Page

pytestmark = pytest.mark.django_db

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


def test_no_demo_page_shows_or_links_a_placeholder(client):
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


def test_no_demo_record_holds_a_placeholder_address():
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


def test_the_about_page_has_the_organisation_and_secretariat_contact_it_promises(client):
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
