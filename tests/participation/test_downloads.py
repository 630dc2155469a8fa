"""Downloads are counted in Wagtail's document serve path, after the members-only check: a refused
download never counts, and members-only documents are still refused to outsiders."""

import pytest
from django.urls import reverse

from membercentre.models import ContributionState
from resources.downloads import downloads_by_unit
from resources.models import ResourceDownload
from tests.participation.factories import UserFactory, contribution_with_file, member_unit
from workflows.actions import run

pytestmark = pytest.mark.django_db


def published(secretary, **kwargs):
    contribution = contribution_with_file(**kwargs)
    run(contribution, "submit", by=contribution.unit.account)
    contribution = run(contribution, "publish", by=secretary)
    assert contribution.state == ContributionState.PUBLISHED
    return contribution.resource_page


def document_url(page):
    return page.documents.first().document.url


def test_each_download_counts_for_the_resource_and_its_unit(client, site_pages, secretary):
    page = published(secretary)
    for _ in range(3):
        response = client.get(document_url(page))
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    assert page.download_count == 3
    assert downloads_by_unit()[page.contributor_unit_id] == 3
    html = client.get(page.url).content.decode()
    assert "下载次数" in html


def test_members_only_download_refused_to_outsiders_and_not_counted(client, site_pages, secretary):
    page = published(secretary, visibility="members")
    anonymous = client.get(document_url(page))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(UserFactory())
    assert client.get(document_url(page)).status_code == 403
    assert ResourceDownload.objects.filter(page=page).count() == 0
    client.force_login(member_unit().account)
    assert client.get(document_url(page)).status_code == 200
    assert ResourceDownload.objects.filter(page=page).count() == 1


def test_head_request_is_not_a_download(client, site_pages, secretary):
    page = published(secretary)
    client.head(document_url(page))
    assert page.download_count == 0


def test_member_centre_shows_the_units_download_count(client, site_pages, secretary):
    page = published(secretary)
    client.get(document_url(page))
    client.get(document_url(page))
    client.force_login(page.contributor_unit.account)
    html = client.get(reverse("membercentre:centre")).content.decode()
    assert "下载 2 次" in html


def test_members_only_page_explains_to_anonymous_visitors(client, site_pages, secretary):
    page = published(secretary, visibility="members")
    response = client.get(page.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "仅向会员单位开放" in html
    for name in ("login", "membership:register", "membership:apply"):
        assert reverse(name) in html
    assert page.title not in html.split("<main", 1)[1]
