"""Per-client limits a visitor meets on public pages: certificate lookups (numbers cannot be walked
to list every member unit and expert) and page or collection passwords (guessing is not unlimited;
new password restrictions cannot be made at all). Each answers 429 with a page that says why."""

import pytest
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from membership.models import ApplicationState, Certificate
from tests.factories import SuperuserFactory
from tests.factories.pages import site_skeleton

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture
def certificate(draft, walk):
    walk(draft, ApplicationState.CERTIFIED)
    return Certificate.objects.latest("pk")


def test_a_single_lookup_works_and_walking_the_numbers_is_stopped(client, settings, certificate):
    settings.CERTIFICATE_LOOKUPS_PER_CLIENT_PER_HOUR = LIMIT
    found = client.get(f"/certificates/verify/{certificate.number}/")
    assert found.status_code == 200 and certificate.holder_name in found.content.decode()
    year = certificate.number.split("-")[1]
    codes = [client.get(f"/certificates/verify/LXH-{year}-{n:06d}/").status_code for n in range(LIMIT)]
    assert codes[:-1] == [404] * (LIMIT - 1) and codes[-1] == 429
    refused = client.get(f"/certificates/verify/{certificate.number}/")
    html = refused.content.decode()
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "查验次数过多" in html and certificate.holder_name not in html
    assert 'name="number"' in html  # still the site's page, with the form
    assert Client(REMOTE_ADDR="198.51.100.30").get(f"/certificates/verify/{certificate.number}/").status_code == 200


def test_the_admin_no_longer_offers_shared_password_privacy(client, site):
    client.force_login(SuperuserFactory())
    page = site.about
    collection = Collection.get_first_root_node()
    for url in (f"/admin/pages/{page.pk}/privacy/", f"/admin/collections/{collection.pk}/privacy/"):
        html = client.get(url).json()["html"]
        assert 'value="login"' in html, url
        assert 'value="password"' not in html, url


def _page_restriction():
    page = site_skeleton().about
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="password", password="s3cret-pw")
    return f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/", "/about/"


def _collection_restriction():
    collection = Collection.get_first_root_node().add_child(name="密码测试")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="s3cret-pw"
    )
    return f"/documents/authenticate_with_password/{restriction.pk}/", "/"


@pytest.mark.parametrize("make", [_page_restriction, _collection_restriction], ids=["page", "collection"])
def test_password_guessing_is_limited_per_client(client, settings, make):
    settings.PAGE_PASSWORD_ATTEMPTS_PER_CLIENT_PER_HOUR = LIMIT
    url, back = make()
    legit = Client(REMOTE_ADDR="198.51.100.30")
    assert legit.post(url, {"password": "s3cret-pw", "return_url": back}).status_code == 302  # the right one works
    guesses = [client.post(url, {"password": f"guess-{n}", "return_url": back}).status_code for n in range(LIMIT)]
    assert guesses == [200] * LIMIT  # the form again, "wrong password"
    refused = client.post(url, {"password": "s3cret-pw", "return_url": back})
    assert refused.status_code == 429  # even the right password, once the guesses are spent
    assert "密码尝试次数过多" in refused.content.decode()
