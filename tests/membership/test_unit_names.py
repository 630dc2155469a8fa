"""A unit's name is not squatted: another account's draft or rejected application neither blocks the
real school nor is revealed to it; the secretariat sees possible duplicates (same normalised name,
containment, similar) at review; certification refuses a name an active member already holds."""

import pytest
from django.core.exceptions import ValidationError

from membership import services
from membership.models import ApplicationState, Membership, MemberUnit
from tests.factories import pdf_upload, unit_data
from tests.membership.fixtures import advance, issue_certificate
from workflows.actions import TransitionRefused

pytestmark = pytest.mark.django_db

NAME = "江苏省测试中等专业学校"


@pytest.fixture
def squatter_walk(other_applicant, secretariat, chair, council):
    def _walk(application, target):
        return advance(
            application, target, applicant=other_applicant, secretariat=secretariat, chair=chair, council=council
        )

    return _walk


@pytest.fixture
def squatter_draft(other_applicant):
    return services.application_create(user=other_applicant, unit_data=unit_data(name=NAME), letter=pdf_upload())


@pytest.mark.parametrize("their_state", [ApplicationState.DRAFT, ApplicationState.REJECTED])
def test_another_accounts_application_neither_blocks_nor_shows(
    client, applicant, squatter_draft, squatter_walk, their_state
):
    squatter_walk(squatter_draft, their_state)
    client.force_login(applicant)
    response = client.post(
        "/membership/apply/", {**unit_data(name=f"{NAME}（本部）"), "homepage": "", "save": "1"}, follow=True
    )
    html = response.content.decode()
    assert "申请已保存为草稿" in html
    assert "其他账号" not in html and "同名" not in html and "已有" not in html
    assert MemberUnit.objects.filter(account=applicant, name=f"{NAME}（本部）").exists()
    assert MemberUnit.objects.filter(name_key=MemberUnit.objects.get(account=applicant).name_key).count() == 2


def test_the_secretariat_sees_possible_duplicates_at_review(client, draft, walk, squatter_draft, secretariat):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    MemberUnit.objects.create(account=secretariat, **unit_data(name=f"{NAME}汽修分校"))
    MemberUnit.objects.create(account=secretariat, **unit_data(name="江苏省测试中等职业学校"))
    client.force_login(secretariat)
    html = client.get(f"/admin/membership/applications/inspect/{submitted.pk}/").content.decode()
    assert "可能重复的单位" in html
    assert "名称相同" in html and "名称包含" in html and "名称相近" in html
    assert squatter_draft.unit.account.username in html


def test_certification_refuses_a_name_an_active_member_holds(draft, walk, squatter_draft, squatter_walk, secretariat):
    squatter_walk(squatter_draft, ApplicationState.CERTIFIED)
    MemberUnit.objects.filter(pk=draft.unit_id).update(name=f" {NAME} (本部)", name_key=squatter_draft.unit.name_key)
    approved = walk(draft, ApplicationState.APPROVED)
    with pytest.raises(TransitionRefused) as refusal:
        issue_certificate(approved, by=secretariat)
    assert "单位名称与在册会员单位" in refusal.value.message and NAME in refusal.value.message
    approved.refresh_from_db()
    assert approved.state == ApplicationState.APPROVED
    assert not Membership.objects.filter(application=approved).exists()


def test_a_current_members_name_cannot_be_applied_for_by_another_account(
    applicant, squatter_draft, squatter_walk, secretariat
):
    squatter_walk(squatter_draft, ApplicationState.CERTIFIED)
    with pytest.raises(ValidationError) as refusal:
        services.application_create(user=applicant, unit_data=unit_data(name=f"{NAME}(本部)"))
    assert "已是联席会在册会员单位" in str(refusal.value)
    assert not MemberUnit.objects.filter(account=applicant).exists()
