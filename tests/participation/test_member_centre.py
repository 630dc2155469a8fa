"""The member centre (/me/): one page of registered sections, reachable from the header."""

import pytest
from django.urls import reverse

from membercentre.sections import Section, register_section, sections
from membership.models import Membership
from tests.participation.factories import MajorFactory, UserFactory, contribution_with_file, expert
from workflows import certificates
from workflows.models import CertificateKind

pytestmark = pytest.mark.django_db


def test_header_links_to_the_member_centre_when_logged_in(client, site_pages, unit):
    assert reverse("membercentre:centre") not in client.get(reverse("contact")).content.decode().split("</header>")[0]
    client.force_login(unit.account)
    header = client.get(reverse("contact")).content.decode().split("</header>")[0]
    assert reverse("membercentre:centre") in header


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("membercentre:centre"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_centre_shows_the_units_profile_certificate_applications_and_contributions(client, site_pages, unit):
    membership = Membership.objects.get(unit=unit)
    membership.certificate = certificates.issue(
        kind=CertificateKind.MEMBERSHIP, holder_name=unit.name, subject=membership, lines=["测试证书"]
    )
    membership.save(update_fields=["certificate"])
    contribution_with_file(unit=unit, title="我的投稿资源")
    client.force_login(unit.account)
    html = client.get(reverse("membercentre:centre")).content.decode()
    assert unit.name in html and unit.contact_phone in html
    assert reverse("certificate_verify", args=[membership.certificate.number]) in html
    assert reverse("membership:certificate_pdf", args=[membership.pk]) in html
    assert "我的投稿资源" in html
    assert reverse("membership:application_detail", args=[membership.application.public_id]) in html
    assert reverse("membercentre:profile_edit", args=[unit.pk]) in html


def test_the_centre_shows_expert_recommendations_and_links_to_apply_and_recommend(client, site_pages, unit):
    nominee = expert(MajorFactory(), name="被推荐的专家", recommending_unit=unit, recommended_by=unit.account)
    client.force_login(unit.account)
    html = client.get(reverse("membercentre:centre")).content.decode()
    assert nominee.name in html
    assert reverse("expertpool:apply") in html and reverse("expertpool:recommend") in html


def test_a_plain_account_sees_only_what_applies_to_it(client, site_pages):
    client.force_login(UserFactory())
    html = client.get(reverse("membercentre:centre")).content.decode()
    assert 'id="me-applications"' in html and 'id="me-experts"' in html
    assert 'id="me-profile"' not in html and 'id="me-contributions"' not in html


def test_another_app_plugs_in_its_section(client, site_pages, unit):
    from membercentre import sections as registry

    register_section(
        Section(
            "events",
            "活动报名",
            "includes/pending_files.html",  # any template: the section's own, in its app
            lambda request: {"pending_files": ["2026 年度论坛（已报名）"]},
            order=60,
        )
    )
    try:
        keys = [s.key for s in sections()]
        assert keys.index("contributions") < keys.index("events")
        client.force_login(unit.account)
        html = client.get(reverse("membercentre:centre")).content.decode()
        assert "2026 年度论坛（已报名）" in html and 'id="me-events"' in html
    finally:
        registry._sections.pop("events")
