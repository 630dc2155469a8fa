"""Members-only resources and their documents: hidden from anonymous visitors and non-members,
open to member units and staff."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from resources.models import CourseResourcePage, ResourceDocument, Visibility
from tests.factories.pages import CourseResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_only(site):
    return CourseResourcePageFactory(parent=site.resources, title="《数控车削编程与加工》试题库", members_only=True)


@pytest.fixture
def public(site):
    return CourseResourcePageFactory(parent=site.resources, title="《数控车削编程与加工》课程标准")


def document_url(page):
    return page.documents.first().document.url


def test_anonymous_visitor_is_told_why_and_where_to_log_in(client, members_only):
    response = client.get(members_only.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "此资源仅向会员单位开放" in html
    assert f"/accounts/login/?next={members_only.url}" in html
    assert "/accounts/register/" in html and "/membership/apply/" in html


def test_logged_in_non_member_is_refused(client, outsider, members_only):
    client.force_login(outsider)
    response = client.get(members_only.url)
    assert response.status_code == 403
    assert "仅向联席会会员单位开放" in response.content.decode()


@pytest.mark.parametrize("who", ["member", "editor"])
def test_members_and_staff_can_read(client, request, who, members_only):
    client.force_login(request.getfixturevalue(who))
    response = client.get(members_only.url)
    assert response.status_code == 200
    assert members_only.title in response.content.decode()


def test_public_resource_is_open_to_everyone(client, public):
    assert client.get(public.url).status_code == 200


def listing_html(client) -> str:
    """Every page of the resource listing, followed the way a visitor would."""
    pages, number = [], 1
    while True:
        html = client.get(f"/resources/?page={number}").content.decode()
        pages.append(html)
        if "下一页" not in html:
            return "".join(pages)
        number += 1


def test_listing_hides_members_only_items_from_anonymous(client, members_only, public):
    html = listing_html(client)
    assert members_only.title not in html
    assert public.title in html
    assert "登录</a>后可查看全部资源" in html


def test_listing_shows_members_only_items_to_members(client, member, members_only, public):
    CourseResourcePageFactory.create_batch(3, parent=members_only.get_parent(), members_only=True)
    client.force_login(member)
    titles = set(
        CourseResourcePage.objects.live().filter(visibility=Visibility.MEMBERS).values_list("title", flat=True)
    )
    html = listing_html(client)
    assert titles and all(title in html for title in titles)
    assert "会员专享" in html


def test_home_page_hides_members_only_from_anonymous(client, member, members_only, public):
    html = client.get("/").content.decode()
    assert public.title in html  # the home page does list the latest resources
    assert members_only.title not in html
    client.force_login(member)
    assert members_only.title in client.get("/").content.decode()


def test_members_only_document_refused_to_anonymous(client, members_only):
    response = client.get(document_url(members_only))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_members_only_document_refused_to_non_member(client, outsider, members_only):
    client.force_login(outsider)
    assert client.get(document_url(members_only)).status_code == 403


def test_members_only_document_served_to_member(client, member, members_only):
    client.force_login(member)
    response = client.get(document_url(members_only))
    assert response.status_code == 200
    assert members_only.title in b"".join(response.streaming_content).decode()


def test_public_document_served_to_anonymous(client, public):
    response = client.get(document_url(public))
    assert response.status_code == 200


def test_document_linked_from_a_members_only_body_is_protected(client, members_only):
    document = get_document_model()(title="会员专享：实训评分细则")
    document.file.save("rubric.txt", ContentFile("评分细则".encode()), save=True)
    members_only.body = [("document", {"document": document, "title": ""})]
    members_only.save_revision().publish()
    response = client.get(document.url)
    assert response.status_code == 302


def test_making_a_resource_members_only_protects_its_existing_documents(client, public):
    url = document_url(public)
    assert client.get(url).status_code == 200
    public.visibility = Visibility.MEMBERS
    public.save_revision().publish()
    assert client.get(url).status_code == 302


def test_document_not_attached_anywhere_stays_public(client, site):
    document = get_document_model()(title="公开通知")
    document.file.save("notice.txt", ContentFile(b"notice"), save=True)
    assert not ResourceDocument.objects.filter(document=document).exists()
    assert client.get(document.url).status_code == 200


def test_documents_are_never_linked_through_media(client, member, members_only):
    client.force_login(member)
    html = client.get(members_only.url).content.decode()
    assert "/documents/" in html
    assert "/media/documents/" not in html
    assert client.get("/media/" + members_only.documents.first().document.file.name).status_code == 404
