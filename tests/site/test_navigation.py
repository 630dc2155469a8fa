"""The top navigation shows where the visitor is: exactly one item is marked current, the section
the page belongs to, for Wagtail pages and for the membership, expert and certificate sections."""

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_pages")]

CURRENT = re.compile(r'<a href="([^"]*)" aria-current="page" class="active">([^<]*)</a>')


def current_items(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    nav = response.content.decode().split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    return CURRENT.findall(nav)


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("/", "首页"),
        ("/news/", "新闻动态"),
        ("/news/news-01/", "新闻动态"),
        ("/resources/", "教学资源库"),
        ("/members/", "会员单位"),
        ("/certificates/verify/", "证书查验"),
    ],
)
def test_the_section_a_page_belongs_to_is_marked_current(client, url, section):
    assert [title for _, title in current_items(client, url)] == [section]


def test_an_unknown_certificate_number_stays_in_the_verification_section(client):
    assert [title for _, title in current_items(client, "/certificates/verify/LXH-2026-000000/", 404)] == ["证书查验"]


def test_a_member_in_the_expert_directory_sees_it_marked(client, member):
    client.force_login(member)
    assert [title for _, title in current_items(client, "/experts/")] == ["专家库"]


def test_an_applicant_inside_their_application_still_sees_membership_marked(client, applicant):
    client.force_login(applicant)
    assert [title for _, title in current_items(client, "/membership/apply/")] == ["入会申请"]


def test_search_results_belong_to_no_section(client):
    assert current_items(client, "/search/?q=数控") == []
