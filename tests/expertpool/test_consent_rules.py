"""The consent path follows the personal path's rule (one open candidacy per person), and a member
unit's contact cannot recommend their own address."""

import pytest
from django.core.exceptions import ValidationError

from expertpool import services
from expertpool.models import CandidateState, ExpertCandidate
from membership.models import ApplicationState
from tests.expertpool.conftest import profile
from tests.factories.expertpool import CandidateFactory
from workflows.actions import TransitionRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_unit(draft, walk, applicant):
    return applicant, walk(draft, ApplicationState.CERTIFIED).unit


def test_consent_is_refused_to_someone_with_an_open_candidacy(client, member_unit, submitted_candidate, cnc):
    member, unit = member_unit
    nominee = submitted_candidate.user
    candidate, token = services.recommend(
        by=member, unit=unit, data=profile(email="other@example.org"), majors=[cnc], recommendation="推荐"
    )
    with pytest.raises(TransitionRefused) as refusal:
        services.consent(token=token, user=nominee)
    assert "正在办理或有效的专家入库记录" in refusal.value.message
    assert ExpertCandidate.objects.get(pk=candidate.pk).state == CandidateState.NOMINATED
    assert ExpertCandidate.objects.filter(user=nominee, state__in=services.OPEN_STATES).count() == 1
    # the same through the consent page: a clear message, nothing changes
    client.force_login(nominee)
    response = client.post(f"/experts/consent/{token}/", {"decision": "consent"})
    assert response.status_code == 200 and "正在办理或有效的专家入库记录" in response.content.decode()
    assert ExpertCandidate.objects.get(pk=candidate.pk).user is None


def test_a_member_contact_cannot_recommend_their_own_address(client, member_unit, cnc):
    member, unit = member_unit
    for address in (member.email, member.email.upper(), unit.account.email):
        with pytest.raises(ValidationError) as refusal:
            services.recommend(by=member, unit=unit, data=profile(email=address), majors=[cnc], recommendation="我")
        assert "不能推荐本单位联系人自己的邮箱" in str(refusal.value)
    assert not ExpertCandidate.objects.filter(recommending_unit=unit).exists()
    client.force_login(member)
    response = client.post(
        "/experts/recommend/",
        {**profile(email=member.email), "majors": [cnc.pk], "unit": unit.pk, "recommendation": "我", "homepage": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "不能推荐本单位联系人自己的邮箱" in html and "{&#x27;email" not in html


def test_an_appointed_experts_address_cannot_become_a_second_candidacy(client, member_unit, cnc):
    """Recommended under another name with the address of an appointed expert (whose account has a
    different username): consenting signed out creates no second account, and signed in the
    one-open-candidacy rule refuses it."""
    from django.contrib.auth.models import User

    member, unit = member_unit
    expert = CandidateFactory(state=CandidateState.APPOINTED).user
    assert expert.username.casefold() != expert.email.casefold()
    candidate, token = services.recommend(
        by=member,
        unit=unit,
        data=profile(name="王测试", email=expert.email.upper()),
        majors=[cnc],
        recommendation="推荐",
    )
    accounts = User.objects.count()
    response = client.post(f"/experts/consent/{token}/", {"decision": "consent", "password": "Xk3!pq9-long-pass"})
    assert "该邮箱已有账号，请先登录" in response.content.decode()
    assert User.objects.count() == accounts
    with pytest.raises(TransitionRefused) as refusal:
        services.consent(token=token, user=expert)
    assert "正在办理或有效的专家入库记录" in refusal.value.message
    assert ExpertCandidate.objects.get(pk=candidate.pk).state == CandidateState.NOMINATED
