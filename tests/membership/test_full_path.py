"""The whole path as the real roles would walk it, through the site and the admin: apply → submit →
discussion with council votes → review → approval → certificate; then withdrawal and revocation."""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from membership.models import ApplicationState, Membership, MembershipApplication, Standing
from tests.factories import pdf_upload, unit_data
from tests.factories.pages import CourseResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_only(site):
    """A resource only member units may open."""
    return CourseResourcePageFactory(parent=site.resources, members_only=True)


def admin_transition(client, application, transition, comment=""):
    url = f"/admin/membership/applications/{application.pk}/transition/{transition}/"
    return client.post(url, {"comment": comment})


def test_register_apply_and_follow_to_certificate(
    client, secretariat, chair, council, members_only, django_capture_on_commit_callbacks
):
    # The applicant registers a contact account and is logged in.
    response = client.post(
        "/accounts/register/",
        {
            "username": "jsschool",
            "first_name": "刘老师",
            "email": "liu@school.example.org",
            "password1": "Str0ng-pass-phrase",
            "password2": "Str0ng-pass-phrase",
            "homepage": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/membership/apply/"

    # Fills in the application with the letter and submits in one go.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/membership/apply/", {**unit_data(), "letter": pdf_upload(), "submit": "1", "homepage": ""}
        )
    application = MembershipApplication.objects.get(unit__name=unit_data()["name"])
    assert response.status_code == 302
    assert application.state == ApplicationState.SUBMITTED
    status_page = client.get(f"/membership/applications/{application.public_id}/").content.decode()
    assert "已提交，待秘书处审核" in status_page and "提交申请" in status_page
    assert any("liu@school.example.org" in m.to for m in mail.outbox)
    assert any(secretariat.email in m.to for m in mail.outbox)
    applicant_client = client

    # The secretariat accepts it for discussion in the admin.
    from django.test import Client

    staff = Client()
    staff.force_login(secretariat)
    inspect = staff.get(f"/admin/membership/applications/inspect/{application.pk}/").content.decode()
    assert "提交理事会讨论" in inspect and "批准入会" not in inspect
    admin_transition(staff, application, "accept_for_discussion", "材料齐全")
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_DISCUSSION

    # Council members vote in the admin (one changes their mind); the tally is live.
    vote_url = f"/admin/membership/applications/{application.pk}/vote/"
    voters = []
    for member, choice in zip(council, ["oppose", "support", "support"], strict=True):
        voter = Client()
        voter.force_login(member)
        voter.post(vote_url, {"choice": choice, "comment": "意见"})
        voters.append(voter)
    inspect = staff.get(f"/admin/membership/applications/inspect/{application.pk}/").content.decode()
    assert "赞成 2、反对 1" in inspect
    voters[0].post(vote_url, {"choice": "support", "comment": "改为赞成"})
    inspect = staff.get(f"/admin/membership/applications/inspect/{application.pk}/").content.decode()
    assert "赞成 3、反对 0" in inspect

    # The secretariat closes the discussion: the tally is recorded with the step.
    admin_transition(staff, application, "close_discussion")
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW
    assert application.tally.passed and application.tally.support == 3

    # The chair approves; the secretariat issues the certificate.
    chair_client = Client()
    chair_client.force_login(chair)
    admin_transition(chair_client, application, "approve", "同意入会")
    admin_transition(staff, application, "issue_certificate")
    application.refresh_from_db()
    assert application.state == ApplicationState.CERTIFIED
    membership = Membership.objects.get(application=application)
    certificate = membership.certificate
    assert re.fullmatch(r"LXH-\d{4}-\d{6}", certificate.number)

    # The applicant sees every step, downloads the certificate; it names the unit and its QR's URL.
    timeline = applicant_client.get(f"/membership/applications/{application.public_id}/").content.decode()
    for label in ["提交申请", "提交理事会讨论", "结束讨论并记录表决", "批准入会", "颁发会员证书", "同意入会"]:
        assert label in timeline
    response = applicant_client.get(f"/membership/memberships/{membership.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert unit_data()["name"] in text
    assert f"https://lxh.example.org/certificates/verify/{certificate.number}/" in text.replace("\n", "")

    # The public verification page says valid; the unit is in the directory; members' content opens.
    verify = client.get(f"/certificates/verify/{certificate.number}/").content.decode()
    assert "有效" in verify and unit_data()["name"] in verify
    assert unit_data()["name"] in client.get("/members/").content.decode()
    assert applicant_client.get(members_only.url).status_code == 200


def test_withdrawal_revokes_the_certificate_and_ends_access(client, applicant, draft, walk, secretariat, members_only):
    certified = walk(draft, ApplicationState.CERTIFIED)
    membership = Membership.objects.get(application=certified)
    client.force_login(applicant)
    assert client.get(members_only.url).status_code == 200

    # Written notice, with the signed notice uploaded.
    response = client.post(
        f"/membership/memberships/{membership.pk}/withdraw/",
        {"notice": pdf_upload("退会通知.pdf"), "comment": "因业务调整退会", "confirm": "on"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.state == Standing.LEAVING

    # The secretariat confirms the certificate came back.
    from django.test import Client

    staff = Client()
    staff.force_login(secretariat)
    inspect = staff.get(f"/admin/membership/memberships/inspect/{membership.pk}/").content.decode()
    assert "退会通知.pdf" in inspect
    staff.post(
        f"/admin/membership/memberships/{membership.pk}/transition/confirm_certificate_returned/",
        {"comment": "证书已收回"},
    )
    membership.refresh_from_db()
    assert membership.state == Standing.LEFT
    assert membership.certificate.revoked_at is not None

    verify = client.get(f"/certificates/verify/{membership.certificate.number}/").content.decode()
    assert "已撤销" in verify
    applicant.refresh_from_db()
    client.force_login(applicant)
    assert client.get(members_only.url).status_code == 403
    assert unit_data()["name"] not in client.get("/members/").content.decode().split('id="member-list"')[1]
    # History is kept: the application and both standing steps are still there.
    assert MembershipApplication.objects.filter(pk=certified.pk).exists()


def test_withdrawal_without_the_signed_notice_is_refused(client, applicant, draft, walk):
    membership = Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED))
    client.force_login(applicant)
    response = client.post(f"/membership/memberships/{membership.pk}/withdraw/", {"comment": "x", "confirm": "on"})
    assert response.status_code == 200
    assert "必需字段" in response.content.decode()
    membership.refresh_from_db()
    assert membership.state == Standing.ACTIVE


def test_needs_revision_then_resubmit(client, applicant, draft, walk):
    returned = walk(draft, ApplicationState.NEEDS_REVISION)
    client.force_login(applicant)
    page = client.get(f"/membership/applications/{returned.public_id}/").content.decode()
    assert "请补充营业执照" in page and "修改并重新提交" in page
    response = client.post(
        f"/membership/applications/{returned.public_id}/edit/",
        {
            **unit_data(address="南京市新地址 8 号"),
            "letter": pdf_upload("申请书第二版.pdf"),
            "submit": "1",
            "homepage": "",
        },
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.state == ApplicationState.SUBMITTED
    assert returned.unit.address == "南京市新地址 8 号"
    assert returned.letter.original_name == "申请书第二版.pdf"
    assert returned.files.filter(kind="letter").count() == 2  # the first version is kept


def test_applicant_withdraws_an_open_application(client, applicant, draft, walk):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    client.force_login(applicant)
    client.post(f"/membership/applications/{submitted.public_id}/withdraw/", {"comment": "暂不申请", "confirm": "on"})
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.WITHDRAWN
