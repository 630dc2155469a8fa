"""Every public section answers in Chinese, and bad query strings never break a page."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_pages")]

SECTION_URLS = ["/", "/news/", "/events/", "/resources/", "/publications/", "/about/", "/charter/"]


@pytest.mark.parametrize("url", SECTION_URLS)
def test_sections_answer_in_chinese(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "全国中等职业教育合作发展联席会" in html


def test_admin_login_is_in_chinese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_home_lists_latest_content_and_navigation(client):
    html = client.get("/").content.decode()
    for label in ["新闻动态", "活动", "教学资源库", "联合出版教材", "联席会条例"]:
        assert label in html
    assert "全国中等职业教育合作发展联席会成立大会在京召开" in html


@pytest.mark.parametrize(
    "url",
    [
        "/news/?category=nonsense&tag=%3Cscript%3E&page=999",
        "/events/?type=%27%22&page=-1",
        "/resources/?major=abc&type=x&year=99999999999999999999&page=abc",
        "/publications/?page=0",
    ],
)
def test_malformed_filters_fall_back_instead_of_failing(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_news_category_filter(client):
    html = client.get("/news/?category=notice").content.decode()
    assert "关于征集 2026 年度共享课程资源的通知" in html
    assert "上海市工业技术学校与智能制造企业共建实训基地" not in html


def test_resource_filters_by_major_and_type(client):
    from core.models import Major

    major = Major.objects.get(name="数控技术应用")
    html = client.get(f"/resources/?major={major.pk}&type=course_standard").content.decode()
    assert "《数控车削编程与加工》课程标准" in html
    assert "汽车发动机构造与维修" not in html


def test_unknown_page_is_a_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
