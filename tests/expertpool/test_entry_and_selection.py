import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from expertpool import services
from expertpool.actions import SELECTION
from expertpool.models import CandidateState, ExpertCandidate
from membership.models import ApplicationState
from tests.expertpool.conftest import ALL_PASS, profile
from tests.factories import user_with_role
from workflows.actions import TransitionRefused, run

pytestmark = pytest.mark.django_db
S = CandidateState


def test_personal_application_to_appointment(client, submitted_candidate, appoint, expert_user):
    assert submitted_candidate.state == S.SUBMITTED
    appointed = appoint(submitted_candidate)
    assert appointed.state == S.APPOINTED
    assert appointed.term_start == timezone.localdate()
    assert appointed.term_end == appointed.term_start.replace(year=appointed.term_start.year + 3) - datetime.timedelta(
        days=1
    )
    letter = appointed.letter
    assert re.fullmatch(rf"ZJ-{timezone.localdate().year}-\d{{6}}", letter.number)
    assert letter.valid_until == appointed.term_end
    html = client.get(f"/certificates/verify/{letter.number}/").content.decode()
    assert "专家聘书" in html and "✔ 有效" in html and "测试专家" in html and "13800000000" not in html
    client.force_login(expert_user)
    response = client.get(f"/experts/candidates/{appointed.public_id}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_only_the_secretariat_reviews_and_closes(submitted_candidate, committee, chair, expert_user, secretariat):
    for user in (committee[0], chair, expert_user):
        with pytest.raises(PermissionDenied):
            services.review_qualification(candidate=submitted_candidate, by=user, results=ALL_PASS)
    in_selection = services.review_qualification(candidate=submitted_candidate, by=secretariat, results=ALL_PASS)
    with pytest.raises(PermissionDenied):
        SELECTION.cast(in_selection, voter=secretariat, choice="support")
    SELECTION.cast(in_selection, voter=committee[0], choice="support")
    with pytest.raises(PermissionDenied):
        SELECTION.close(in_selection, by=committee[0])


def test_failed_checklist_item_needs_a_reason_and_rejects(submitted_candidate, secretariat):
    results = {**ALL_PASS, services.QUALIFICATION_ITEMS[1]: (False, "")}
    with pytest.raises(ValidationError):
        services.review_qualification(candidate=submitted_candidate, by=secretariat, results=results)
    results[services.QUALIFICATION_ITEMS[1]] = (False, "职称不符合")
    rejected = services.review_qualification(candidate=submitted_candidate, by=secretariat, results=results)
    assert rejected.state == S.REJECTED
    assert {
        "item": services.QUALIFICATION_ITEMS[1],
        "passed": False,
        "reason": "职称不符合",
    } in rejected.qualification_checklist


def test_selection_uses_the_decision_rule(submitted_candidate, secretariat, committee):
    in_selection = services.review_qualification(candidate=submitted_candidate, by=secretariat, results=ALL_PASS)
    SELECTION.cast(in_selection, voter=committee[0], choice="support")
    SELECTION.cast(in_selection, voter=committee[1], choice="oppose")
    result = SELECTION.close(in_selection, by=secretariat)
    assert result.state == S.REJECTED and result.letter is None
    assert not result.tally.passed


def test_recommendation_needs_consent_before_anything_moves(client, member_with_unit, cnc, secretariat):
    member, unit = member_with_unit
    candidate, token = services.recommend(
        by=member, unit=unit, data=profile(email="nominee@example.org"), majors=[cnc], recommendation="经验丰富"
    )
    assert candidate.state == S.NOMINATED
    with pytest.raises(TransitionRefused):
        services.review_qualification(candidate=candidate, by=secretariat, results=ALL_PASS)
    with pytest.raises((TransitionRefused, PermissionDenied)):
        run(candidate, "consent", by=secretariat)
    # The nominee opens the link (no account yet), consents and sets a password.
    page = client.get(f"/experts/consent/{token}/")
    assert page.status_code == 200 and unit.name in page.content.decode()
    response = client.post(f"/experts/consent/{token}/", {"decision": "consent", "password": "Another-str0ng-pass"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == S.SUBMITTED and candidate.user.username == "nominee@example.org"
    # The link was single-use.
    assert client.get(f"/experts/consent/{token}/").status_code == 404
    assert services.review_qualification(candidate=candidate, by=secretariat, results=ALL_PASS).state == S.IN_SELECTION


def test_consent_mail_carries_a_working_link(member_with_unit, cnc, django_capture_on_commit_callbacks, client):
    member, unit = member_with_unit
    with django_capture_on_commit_callbacks(execute=True):
        services.recommend(
            by=member, unit=unit, data=profile(email="n2@example.org"), majors=[cnc], recommendation="推荐"
        )
    message = next(m for m in mail.outbox if "n2@example.org" in m.to)
    link = re.search(r"https://lxh\.example\.org(/experts/consent/[^/\s]+/)", message.body).group(1)
    assert client.get(link).status_code == 200


def test_a_declined_recommendation_ends(client, member_with_unit, cnc, secretariat):
    member, unit = member_with_unit
    candidate, token = services.recommend(
        by=member, unit=unit, data=profile(email="n3@example.org"), majors=[cnc], recommendation="推荐"
    )
    response = client.post(f"/experts/consent/{token}/", {"decision": "decline", "comment": "没时间"})
    assert response.status_code == 200 and "推荐已结束" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.state == S.DECLINED and candidate.user is None
    for transition in ("consent", "submit", "withdraw"):
        with pytest.raises((TransitionRefused, PermissionDenied)):
            run(candidate, transition, by=secretariat)


def test_an_expired_consent_link_is_refused(client, member_with_unit, cnc):
    member, unit = member_with_unit
    candidate, token = services.recommend(
        by=member, unit=unit, data=profile(email="n4@example.org"), majors=[cnc], recommendation="推荐"
    )
    ExpertCandidate.objects.filter(pk=candidate.pk).update(
        consent_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(f"/experts/consent/{token}/").status_code == 404
    assert (
        client.post(
            f"/experts/consent/{token}/", {"decision": "consent", "password": "Another-str0ng-pass"}
        ).status_code
        == 404
    )
    candidate.refresh_from_db()
    assert candidate.state == S.NOMINATED


def test_only_current_member_units_recommend(outsider, cnc, member_with_unit):
    _, unit = member_with_unit
    with pytest.raises(PermissionDenied):
        services.recommend(by=outsider, unit=unit, data=profile(), majors=[cnc], recommendation="x")


def test_a_guessed_token_finds_nothing(client):
    assert client.get("/experts/consent/not-a-real-token/").status_code == 404


def test_other_people_cannot_open_a_candidacy(client, submitted_candidate, outsider):
    client.force_login(outsider)
    assert client.get(f"/experts/candidates/{submitted_candidate.public_id}/").status_code == 404
    assert client.get(f"/experts/candidates/{submitted_candidate.public_id}/letter.pdf").status_code == 404


def test_withdrawing_an_appointed_expert_revokes_the_letter(submitted_candidate, appoint, expert_user):
    appointed = appoint(submitted_candidate)
    withdrawn = run(appointed, "withdraw", by=expert_user, comment="退休", confirmed=True)
    assert withdrawn.state == S.WITHDRAWN
    withdrawn.letter.refresh_from_db()
    assert withdrawn.letter.revoked_at is not None


@pytest.fixture
def member_with_unit(draft, walk, applicant):
    certified = walk(draft, ApplicationState.CERTIFIED)
    return applicant, certified.unit


def test_one_open_candidacy_per_person(submitted_candidate, expert_user, cnc):
    with pytest.raises(ValidationError):
        services.apply(user=expert_user, data=profile(), majors=[cnc])


def test_apply_page_works_for_a_logged_in_user(client, cnc):
    user = user_with_role("web_applicant")
    client.force_login(user)
    response = client.post(
        "/experts/apply/",
        {**profile(email="web@example.org"), "majors": [cnc.pk], "submit": "1", "homepage": ""},
    )
    assert response.status_code == 302
    assert ExpertCandidate.objects.get(user=user).state == S.SUBMITTED


def test_admin_screens_for_the_expert_pool(client, submitted_candidate, secretariat, committee, editor):
    client.force_login(secretariat)
    html = client.get(f"/admin/experts/candidates/inspect/{submitted_candidate.pk}/").content.decode()
    assert "资格审核" in html and "提交审核结果" in html
    data = {f"pass_{i}": "on" for i in range(len(services.QUALIFICATION_ITEMS))}
    client.post(f"/admin/experts/candidates/{submitted_candidate.pk}/qualification/", data)
    submitted_candidate.refresh_from_db()
    assert submitted_candidate.state == S.IN_SELECTION
    client.force_login(committee[0])
    html = client.get(f"/admin/experts/candidates/inspect/{submitted_candidate.pk}/").content.decode()
    assert "我的遴选意见" in html and "提交审核结果" not in html
    client.post(f"/admin/experts/candidates/{submitted_candidate.pk}/vote/", {"choice": "support"})
    client.force_login(editor)
    assert client.get("/admin/experts/candidates/").status_code in (302, 403)


def test_a_photo_given_as_cv_is_refused_on_its_field(client, cnc):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PDF_BYTES

    client.force_login(user_with_role("web_applicant_2"))
    response = client.post(
        "/experts/apply/",
        {
            **profile(email="w2@example.org"),
            "majors": [cnc.pk],
            "submit": "1",
            "homepage": "",
            "photo": SimpleUploadedFile("me.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 200
    assert "不支持该文件类型，请上传 JPG 图片、PNG 图片 文件" in response.context["form"].errors["photo"][0]
    assert not ExpertCandidate.objects.filter(email="w2@example.org").exists()
