import pytest
from django.core.exceptions import PermissionDenied

from membership.actions import DISCUSSION
from membership.models import ApplicationState
from workflows.actions import TransitionRefused, run
from workflows.models import DecisionSettings, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussing(draft, walk):
    return walk(draft, ApplicationState.IN_DISCUSSION)


def test_one_vote_per_member_changeable_until_close(discussing, council, secretariat):
    DISCUSSION.cast(discussing, voter=council[0], choice="oppose")
    DISCUSSION.cast(discussing, voter=council[0], choice="support", comment="再议后赞成")
    assert Vote.objects.filter(voter=council[0]).count() == 1
    assert Vote.objects.get(voter=council[0]).choice == "support"
    DISCUSSION.close(discussing, by=secretariat)
    with pytest.raises(TransitionRefused):
        DISCUSSION.cast(discussing, voter=council[1], choice="support")


def test_only_council_members_vote(discussing, secretariat, chair, applicant):
    for user in (secretariat, chair, applicant):
        with pytest.raises(PermissionDenied):
            DISCUSSION.cast(discussing, voter=user, choice="support")


def test_no_voting_before_discussion(draft, walk, council):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    with pytest.raises(TransitionRefused):
        DISCUSSION.cast(submitted, voter=council[0], choice="support")


def test_bad_choice_is_refused(discussing, council):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        DISCUSSION.cast(discussing, voter=council[0], choice="maybe")


def test_more_than_half_of_those_entitled_is_needed(discussing, council, secretariat, chair):
    """3 council members: 1 support + 2 abstain is quorate but not a majority of those entitled."""
    DISCUSSION.cast(discussing, voter=council[0], choice="support")
    DISCUSSION.cast(discussing, voter=council[1], choice="abstain")
    DISCUSSION.cast(discussing, voter=council[2], choice="abstain")
    in_review = DISCUSSION.close(discussing, by=secretariat)
    assert in_review.tally.quorate and not in_review.tally.passed
    with pytest.raises(TransitionRefused) as refusal:
        run(in_review, "approve", by=chair)
    assert "表决未通过" in refusal.value.message
    rejected = run(in_review, "reject", by=chair, comment="表决未通过")
    assert rejected.state == ApplicationState.REJECTED


def test_threshold_is_a_setting(discussing, council, secretariat, chair):
    settings = DecisionSettings.load()
    settings.pass_percent = 30
    settings.save()
    DISCUSSION.cast(discussing, voter=council[0], choice="support")
    DISCUSSION.cast(discussing, voter=council[1], choice="oppose")
    in_review = DISCUSSION.close(discussing, by=secretariat)
    assert in_review.tally.passed  # 1/3 > 30 %
    assert run(in_review, "approve", by=chair).state == "approved"


def test_the_recorded_tally_does_not_move_when_people_change_later(discussing, council, secretariat):
    for member in council:
        DISCUSSION.cast(discussing, voter=member, choice="support")
    in_review = DISCUSSION.close(discussing, by=secretariat)
    council[0].groups.clear()
    in_review.refresh_from_db()
    assert in_review.tally.entitled == 3 and in_review.tally.support == 3
