"""An applicant sees only their own application, letter, attachments and certificate; changing an
id gives a 404 (never a hint that the thing exists). Admin screens refuse roles that must not see them."""

import pytest

from core import roles
from membership import services
from membership.models import ApplicationState, Membership
from tests.factories import pdf_upload, unit_data, user_with_role
from workflows.actions import run
from workflows.models import TransitionAttachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(draft, walk):
    return walk(draft, ApplicationState.CERTIFIED)


def urls_of(application):
    membership = Membership.objects.filter(application=application).first()
    letter = application.letter
    urls = [
        f"/membership/applications/{application.public_id}/",
        f"/membership/applications/{application.public_id}/edit/",
        f"/membership/applications/{application.public_id}/files/{letter.pk}/",
    ]
    if membership:
        urls += [
            f"/membership/memberships/{membership.pk}/certificate.pdf",
            f"/membership/memberships/{membership.pk}/withdraw/",
        ]
    return urls


def test_another_applicant_gets_404_everywhere(client, certified, other_applicant):
    client.force_login(other_applicant)
    for url in urls_of(certified):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/membership/applications/{certified.public_id}/withdraw/")
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, certified):
    for url in urls_of(certified):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_owner_reads_own_files(client, certified, applicant):
    client.force_login(applicant)
    response = client.get(f"/membership/applications/{certified.public_id}/files/{certified.letter.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_unknown_uuid_or_file_id_is_404(client, certified, applicant):
    client.force_login(applicant)
    assert client.get("/membership/applications/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get(f"/membership/applications/{certified.public_id}/files/999999/").status_code == 404


def test_workflow_attachments_follow_their_object(client, applicant, other_applicant, secretariat, certified):
    membership = Membership.objects.get(application=certified)
    run(membership, "notify_withdrawal", by=applicant, files=[pdf_upload("退会通知.pdf")], confirmed=True)
    item = TransitionAttachment.objects.get(log__object_id=membership.pk, log__transition="notify_withdrawal")
    url = f"/workflow-files/{item.token}/"
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 200
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_private_files_are_not_under_media(certified, settings):
    path = certified.letter.file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/admin/membership/applications/", {roles.SECRETARIAT, roles.COUNCIL, roles.CHAIR}),
        ("/admin/membership/memberships/", {roles.SECRETARIAT, roles.CHAIR}),
        ("/admin/membership/positions/", {roles.SECRETARIAT, roles.CHAIR}),
        ("/admin/certificates/", {roles.SECRETARIAT, roles.CHAIR}),
    ],
)
def test_admin_lists_only_for_their_roles(client, url, allowed):
    for role in roles.STAFF_GROUPS:
        client.force_login(user_with_role(f"u_{abs(hash((url, role)))}", role))
        status = client.get(url).status_code
        assert (status == 200) == (role in allowed), (url, role, status)


def test_no_one_can_create_or_edit_applications_in_the_admin(admin_client, draft):
    assert admin_client.get("/admin/membership/applications/new/").status_code in (302, 403)
    assert admin_client.get(f"/admin/membership/applications/edit/{draft.pk}/").status_code in (302, 403)
    assert admin_client.get(f"/admin/membership/applications/delete/{draft.pk}/").status_code in (302, 403)


def test_admin_list_filters_by_state_type_and_region(client, secretariat, draft, walk, other_applicant):
    walk(draft, ApplicationState.SUBMITTED)
    services.application_create(
        user=other_applicant, unit_data=unit_data(name="某企业", unit_type="enterprise", region="广东省")
    )
    client.force_login(secretariat)
    html = client.get("/admin/membership/applications/?state=submitted").content.decode()
    assert "江苏省测试中等专业学校" in html and "某企业" not in html
    html = client.get("/admin/membership/applications/?unit__region=广东省").content.decode()
    assert "某企业" in html and "江苏省测试中等专业学校" not in html


def test_admin_inspect_offers_only_this_users_transitions(client, draft, walk, secretariat, chair):
    in_review = walk(draft, ApplicationState.IN_REVIEW)
    client.force_login(secretariat)
    html = client.get(f"/admin/membership/applications/inspect/{in_review.pk}/").content.decode()
    assert "批准入会" not in html
    client.force_login(chair)
    html = client.get(f"/admin/membership/applications/inspect/{in_review.pk}/").content.decode()
    assert "批准入会" in html and "不予批准" in html


def test_a_forged_admin_transition_post_is_refused(client, draft, walk, secretariat):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    client.force_login(secretariat)
    client.post(f"/admin/membership/applications/{submitted.pk}/transition/approve/", {"comment": ""})
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.SUBMITTED
