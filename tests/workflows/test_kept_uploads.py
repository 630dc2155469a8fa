"""Uploads survive a validation error elsewhere on the same form: every form that takes files is
walked (membership application and its edit, expert application, written notice of withdrawal,
staff transition attachments): a POST with a file plus an error, then a corrected POST without
re-uploading, ends with the file attached. Also: 保存草稿 needs only the unit's name, and the
qualification checklist keeps its ticks after an error."""

import io

import pytest
from PIL import Image

from expertpool import services as expert_services
from expertpool.models import CandidateState, ExpertCandidate
from membership import services
from membership.models import ApplicationFile, ApplicationState, Membership, MembershipApplication, Standing
from tests.expertpool import conftest as expert_fixtures
from tests.expertpool.conftest import profile
from tests.factories import pdf_upload, unit_data, user_with_role
from workflows.actions import TransitionRefused, run
from workflows.models import TransitionAttachment

pytestmark = pytest.mark.django_db

# The expert pool's fixtures, for the walks that include a candidacy.
cnc = expert_fixtures.cnc
committee = expert_fixtures.committee
expert_user = expert_fixtures.expert_user
submitted_candidate = expert_fixtures.submitted_candidate


def png_upload(name="照片.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_membership_application_keeps_its_files(client, applicant):
    client.force_login(applicant)
    data = {**unit_data(), "homepage": "", "submit": "1"}
    response = client.post(
        "/membership/apply/",
        {
            **data,
            "contact_email": "不是邮箱",
            "letter": pdf_upload("申请书.pdf"),
            "supporting": [pdf_upload("执照.pdf")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "申请书.pdf" in html and "执照.pdf" in html and "已暂存" in html
    assert not MembershipApplication.objects.filter(applicant=applicant).exists()
    response = client.post("/membership/apply/", data)
    assert response.status_code == 302
    application = MembershipApplication.objects.get(applicant=applicant)
    assert application.state == ApplicationState.SUBMITTED
    assert sorted(application.files.values_list("original_name", flat=True)) == ["执照.pdf", "申请书.pdf"]


def test_application_edit_keeps_its_files(client, applicant, draft):
    client.force_login(applicant)
    url = f"/membership/applications/{draft.public_id}/edit/"
    data = {**unit_data(), "homepage": "", "save": "1"}
    assert client.post(url, {**data, "website": "不是网址", "supporting": [pdf_upload("执照.pdf")]}).status_code == 200
    assert client.post(url, data).status_code == 302
    assert draft.files.filter(original_name="执照.pdf", kind=ApplicationFile.Kind.SUPPORTING).exists()


def test_a_fresh_form_does_not_carry_old_files(client, applicant):
    client.force_login(applicant)
    data = {**unit_data(), "homepage": "", "save": "1"}
    client.post("/membership/apply/", {**data, "contact_email": "x", "letter": pdf_upload("旧.pdf")})
    assert "旧.pdf" not in client.get("/membership/apply/").content.decode()
    client.post("/membership/apply/", data)
    assert not ApplicationFile.objects.filter(application__applicant=applicant).exists()


def test_expert_application_keeps_its_files(client, cnc):
    user = user_with_role("kept_expert", email="kept@example.org")
    client.force_login(user)
    data = {**profile(email="kept@example.org"), "majors": [cnc.pk], "submit": "1", "homepage": ""}
    response = client.post(
        "/experts/apply/", {**data, "years_experience": 99, "cv": pdf_upload("简历.pdf"), "photo": png_upload()}
    )
    assert response.status_code == 200 and "简历.pdf" in response.content.decode()
    assert client.post("/experts/apply/", data).status_code == 302
    candidate = ExpertCandidate.objects.get(user=user)
    assert candidate.state == CandidateState.SUBMITTED
    assert candidate.cv and candidate.cv_extension == "pdf" and candidate.photo and candidate.photo_extension == "png"


def test_withdrawal_notice_is_kept(client, applicant, draft, walk):
    membership = Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED))
    client.force_login(applicant)
    url = f"/membership/memberships/{membership.pk}/withdraw/"
    response = client.post(url, {"notice": pdf_upload("退会通知.pdf"), "comment": "x"})
    assert response.status_code == 200 and "退会通知.pdf" in response.content.decode()
    client.post(url, {"comment": "x", "confirm": "on"})
    assert Membership.objects.get(pk=membership.pk).state == Standing.LEAVING
    assert TransitionAttachment.objects.filter(
        log__object_id=membership.pk, log__transition="notify_withdrawal", original_name="退会通知.pdf"
    ).exists()


def test_staff_transition_attachments_are_kept(client, draft, walk, secretariat):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    client.force_login(secretariat)
    url = f"/admin/membership/applications/{submitted.pk}/transition/return_for_revision/"
    client.post(url, {"comment": "", "files": [pdf_upload("补充清单.pdf")]})  # refused: needs a comment
    assert MembershipApplication.objects.get(pk=submitted.pk).state == ApplicationState.SUBMITTED
    html = client.get(f"/admin/membership/applications/inspect/{submitted.pk}/").content.decode()
    assert "补充清单.pdf" in html
    client.post(url, {"comment": "请补充营业执照"})
    assert MembershipApplication.objects.get(pk=submitted.pk).state == ApplicationState.NEEDS_REVISION
    assert TransitionAttachment.objects.filter(
        log__object_id=submitted.pk, log__transition="return_for_revision", original_name="补充清单.pdf"
    ).exists()


def test_a_draft_needs_only_the_unit_name(client, applicant):
    client.force_login(applicant)
    response = client.post("/membership/apply/", {"name": "某某职业学校", "homepage": "", "save": "1"})
    assert response.status_code == 302
    application = MembershipApplication.objects.get(applicant=applicant)
    assert application.state == ApplicationState.DRAFT and application.unit.name == "某某职业学校"
    # submitting it is a full check: the form names every missing field, the transition refuses
    response = client.post(
        f"/membership/applications/{application.public_id}/edit/",
        {"name": "某某职业学校", "homepage": "", "submit": "1"},
    )
    assert response.status_code == 200 and response.context["form"].errors.keys() >= {"address", "contact_email"}
    services.application_update(
        application=application, by=applicant, unit_data={"name": "某某职业学校"}, letter=pdf_upload()
    )
    with pytest.raises(TransitionRefused) as refusal:
        run(application, "submit", by=applicant)
    assert "填写完整单位信息" in refusal.value.message


def test_the_qualification_checklist_keeps_its_ticks_after_an_error(client, submitted_candidate, secretariat):
    client.force_login(secretariat)
    url = f"/admin/experts/candidates/{submitted_candidate.pk}/qualification/"
    client.post(url, {"pass_0": "on", "pass_2": "on", "reason_3": "论文待核实", "comment": "部分通过"})
    assert ExpertCandidate.objects.get(pk=submitted_candidate.pk).state == CandidateState.SUBMITTED
    html = client.get(f"/admin/experts/candidates/inspect/{submitted_candidate.pk}/").content.decode()
    assert 'name="pass_0" id="id_pass_0" checked' in html and 'name="pass_2" id="id_pass_2" checked' in html
    assert 'name="pass_1" id="id_pass_1" checked' not in html
    assert "论文待核实" in html and "部分通过" in html
    # shown once: a later visit starts afresh
    html = client.get(f"/admin/experts/candidates/inspect/{submitted_candidate.pk}/").content.decode()
    assert "论文待核实" not in html
    assert expert_services.QUALIFICATION_ITEMS
