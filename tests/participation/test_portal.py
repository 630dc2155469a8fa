"""Portal basics: contact settings and filing numbers in the footer, friendly links, the site maps
(only what a visitor may see), the 更多 links, the table of contents, alt text on images."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from core.image_forms import ImageForm
from core.models import ContactSettings, FriendlyLink
from home.models import StandardPage
from resources.models import CourseResourcePage
from tests.participation.factories import MajorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(site_pages):
    settings = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    settings.address = "北京市测试区联席路 8 号"
    settings.phone = "010-66668888"
    settings.email = "office@lxh.test"
    settings.icp_number = ""
    settings.police_number = ""
    settings.save()
    return settings


def test_contact_details_show_on_the_contact_page_and_in_the_footer(client, contact):
    page = client.get(reverse("contact")).content.decode()
    assert "北京市测试区联席路 8 号" in page and "010-66668888" in page and "mailto:office@lxh.test" in page
    footer = client.get("/").content.decode().split("site-footer", 1)[1]
    assert "010-66668888" in footer
    assert reverse("contact") in footer and reverse("sitemap_page") in footer


def test_filing_numbers_show_only_when_set(client, contact):
    footer = client.get(reverse("contact")).content.decode().split("site-footer", 1)[1]
    assert "beian.miit.gov.cn" not in footer
    contact.icp_number = "京ICP备00000000号-1"
    contact.police_number = "京公网安备 11010200000000号"
    contact.police_record_code = "11010200000000"
    contact.save()
    footer = client.get(reverse("contact")).content.decode().split("site-footer", 1)[1]
    assert "京ICP备00000000号-1" in footer and "https://beian.miit.gov.cn/" in footer
    assert "京公网安备 11010200000000号" in footer and "code=11010200000000" in footer


def test_friendly_links_in_order_and_hidden_ones_left_out(client, site_pages):
    FriendlyLink.objects.create(name="乙链接", url="https://b.example.org/", sort_order=2)
    FriendlyLink.objects.create(name="甲链接", url="https://a.example.org/", sort_order=1)
    FriendlyLink.objects.create(name="停用链接", url="https://c.example.org/", sort_order=0, is_active=False)
    footer = client.get(reverse("contact")).content.decode().split("site-footer", 1)[1]
    assert footer.index("甲链接") < footer.index("乙链接")
    assert "停用链接" not in footer


@pytest.fixture
def hidden_and_shown(site_pages):
    home, library = site_pages
    shown = home.add_child(instance=StandardPage(title="公开的测试页", slug="open-test", body=[]))
    private = home.add_child(instance=StandardPage(title="内部测试页", slug="private-test", body=[]))
    restriction = PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="测试内部组"))
    login_only = home.add_child(instance=StandardPage(title="登录可见测试页", slug="login-test", body=[]))
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    members = library.add_child(
        instance=CourseResourcePage(
            title="会员专享测试资源",
            slug="members-test",
            summary="仅会员",
            major=MajorFactory(),
            resource_type="case",
            school="某校",
            visibility="members",
        )
    )
    public = library.add_child(
        instance=CourseResourcePage(
            title="公开测试资源",
            slug="public-test",
            summary="公开",
            major=MajorFactory(),
            resource_type="case",
            school="某校",
        )
    )
    return {"shown": [shown, public], "hidden": [private, login_only, members]}


def test_sitemap_xml_lists_only_what_a_visitor_may_see(client, hidden_and_shown):
    xml = client.get("/sitemap.xml").content.decode()
    for page in hidden_and_shown["shown"]:
        assert page.slug in xml
    for page in hidden_and_shown["hidden"]:
        assert page.slug not in xml


def test_human_sitemap_lists_only_what_this_visitor_may_see(client, hidden_and_shown):
    html = client.get(reverse("sitemap_page")).content.decode()
    assert "公开的测试页" in html
    for title in ("内部测试页", "登录可见测试页", "会员专享测试资源"):
        assert title not in html
    client.force_login(UserFactory())
    assert "登录可见测试页" in client.get(reverse("sitemap_page")).content.decode()


def test_long_page_has_a_table_of_contents(client, site_pages):
    home, _ = site_pages
    headings = ["第一章 总则", "第二章 会员", "第三章 组织机构", "第四章 附则"]
    body = []
    for text in headings:
        body += [("heading", {"text": text, "size": "h2"}), ("paragraph", "<p>条文。</p>")]
    page = home.add_child(instance=StandardPage(title="测试条例", slug="charter-test", body=body))
    html = client.get(page.url).content.decode()
    toc = html.split('class="toc"', 1)[1].split("</nav>", 1)[0]
    for text in headings:
        assert text in toc
    anchors = [part.split('"', 1)[0] for part in toc.split('href="#')[1:]]
    assert len(anchors) == 4
    for anchor in anchors:
        assert f'id="{anchor}"' in html


def test_short_page_has_no_table_of_contents(client, site_pages):
    home, _ = site_pages
    page = home.add_child(
        instance=StandardPage(title="短页", slug="short-test", body=[("heading", {"text": "唯一小标题", "size": "h2"})])
    )
    assert 'class="toc"' not in client.get(page.url).content.decode()


def test_home_page_sections_link_to_more(client, site_pages):
    home, library = site_pages
    html = client.get(home.url).content.decode()
    assert f'class="more" href="{library.url}"' in html


def test_an_image_needs_its_alt_text():
    from wagtail.images.forms import get_image_form
    from wagtail.images.models import Image

    form_class = get_image_form(Image)
    assert issubclass(form_class, ImageForm)
    form = form_class(data={"title": "封面", "description": ""}, user=UserFactory(is_superuser=True))
    assert not form.is_valid()
    assert "description" in form.errors


def test_news_list_shows_the_cover_thumbnail_with_its_alt_text(client, site_pages):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from news.models import NewsArticlePage, NewsIndexPage

    home, _ = site_pages
    news = NewsIndexPage.objects.child_of(home).first() or home.add_child(
        instance=NewsIndexPage(title="新闻动态", slug="news-test")
    )
    cover = get_image_model().objects.create(
        title="封面", file=get_test_image_file(), description="实训基地揭牌仪式现场"
    )
    news.add_child(instance=NewsArticlePage(title="带封面的测试新闻", slug="cover-test", cover_image=cover, body=[]))
    html = client.get(news.url).content.decode()
    item = html.split("带封面的测试新闻", 1)[0].rsplit("<li", 1)[1]
    assert 'class="thumb"' in item and 'alt="实训基地揭牌仪式现场"' in item
