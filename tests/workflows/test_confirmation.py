"""Every irreversible step (withdraw an application, give up a candidacy, leave the alliance) asks
for explicit confirmation, enforced on the server; a POST without it does nothing and says why. No
action reads 退出, which is what the logout button used to say."""

import pytest

from expertpool.models import CandidateState, ExpertCandidate
from membercentre.models import Contribution
from membership.models import ApplicationState, Membership, MembershipApplication, Standing
from tests.expertpool import conftest as expert_fixtures
from tests.factories import pdf_upload
from workflows.actions import TransitionRefused, registry, run
from workflows.confirmation import confirmation_text
from workflows.diagrams import all_diagrams

pytestmark = pytest.mark.django_db

# The expert pool's fixtures, for the walks that include a candidacy.
cnc = expert_fixtures.cnc
committee = expert_fixtures.committee
expert_user = expert_fixtures.expert_user
submitted_candidate = expert_fixtures.submitted_candidate

IRREVERSIBLE = {
    (MembershipApplication, "withdraw"),
    (Membership, "notify_withdrawal"),
    (ExpertCandidate, "withdraw"),
    (Contribution, "withdraw"),
}


def test_exactly_the_irreversible_steps_ask_for_confirmation():
    marked = set()
    for action in registry.actions.values():
        if confirmation_text(action.model(), action.transition):
            marked.add((action.model, action.transition))
    assert marked == IRREVERSIBLE


def test_no_action_is_labelled_like_logout(client, applicant):
    for source in all_diagrams().values():
        assert ": 退出（" not in source
    client.force_login(applicant)
    assert "退出登录" in client.get("/membership/").content.decode()


@pytest.fixture
def irreversible_actions(draft, walk, applicant, submitted_candidate, expert_user):
    """(user, GET/POST url, extra POST data, has it happened?, label) for every irreversible action."""
    submitted = walk(draft, ApplicationState.SUBMITTED)
    return [
        (
            applicant,
            f"/membership/applications/{submitted.public_id}/withdraw/",
            {},
            lambda: MembershipApplication.objects.get(pk=submitted.pk).state == ApplicationState.WITHDRAWN,
            "撤回申请",
        ),
        (
            expert_user,
            f"/experts/candidates/{submitted_candidate.public_id}/withdraw/",
            {},
            lambda: ExpertCandidate.objects.get(pk=submitted_candidate.pk).state == CandidateState.WITHDRAWN,
            "放弃候选",
        ),
    ]


def test_every_irreversible_action_needs_its_confirmation(client, irreversible_actions):
    for user, url, extra, happened, label in irreversible_actions:
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200 and label in page.content.decode() and 'name="confirm"' in page.content.decode()
        refused = client.post(url, {**extra, "comment": "不想办了"})
        assert refused.status_code == 400 and "请勾选确认" in refused.content.decode(), url
        assert not happened(), url
        done = client.post(url, {**extra, "confirm": "on", "comment": "不想办了"})
        assert done.status_code == 302 and happened(), url


def test_leaving_needs_its_confirmation(client, applicant, draft, walk):
    membership = Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED))
    client.force_login(applicant)
    url = f"/membership/memberships/{membership.pk}/withdraw/"
    response = client.post(url, {"notice": pdf_upload("退会通知.pdf"), "comment": "x"})
    assert response.status_code == 200 and "请勾选确认" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).state == Standing.ACTIVE
    response = client.post(url, {"notice": pdf_upload("退会通知.pdf"), "comment": "x", "confirm": "on"})
    assert Membership.objects.get(pk=membership.pk).state == Standing.LEAVING


def test_the_services_refuse_without_confirmation(draft, walk, applicant, submitted_candidate, expert_user):
    certified = walk(draft, ApplicationState.CERTIFIED)
    membership = Membership.objects.get(application=certified)
    refusals = [
        lambda: run(submitted_candidate, "withdraw", by=expert_user),
        lambda: run(membership, "notify_withdrawal", by=applicant, files=[pdf_upload()]),
    ]
    for refuse in refusals:
        with pytest.raises(TransitionRefused) as refusal:
            refuse()
        assert "不可撤销，尚未确认" in refusal.value.message
    assert ExpertCandidate.objects.get(pk=submitted_candidate.pk).state == CandidateState.SUBMITTED
    assert Membership.objects.get(pk=membership.pk).state == Standing.ACTIVE


def test_withdrawing_an_application_in_the_service_needs_confirmation(draft, applicant):
    with pytest.raises(TransitionRefused):
        run(draft, "withdraw", by=applicant)
    assert MembershipApplication.objects.get(pk=draft.pk).state == ApplicationState.DRAFT
