"""Every transition, from every state, as every role: only the role the charter names, from the
state DESIGN.md allows, succeeds; everything else is refused and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from core import roles
from core.models import GroupRole
from membership import services
from membership.models import ApplicationState, MembershipApplication
from tests.factories import user_with_role
from workflows.actions import TransitionRefused, registry, run
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db

S = ApplicationState
OPEN = [S.DRAFT, S.SUBMITTED, S.NEEDS_REVISION, S.IN_DISCUSSION, S.IN_REVIEW]

#: transition -> (role allowed, states it may start from)
ALLOWED = {
    "submit": ("applicant", [S.DRAFT]),
    "resubmit": ("applicant", [S.NEEDS_REVISION]),
    "withdraw": ("applicant", OPEN),
    "accept_for_discussion": ("secretariat", [S.SUBMITTED]),
    "return_for_revision": ("secretariat", [S.SUBMITTED]),
    "close_discussion": ("secretariat", [S.IN_DISCUSSION]),
    "approve": ("chair", [S.IN_REVIEW]),
    "reject": ("chair", [S.IN_REVIEW]),
    "issue_certificate": ("secretariat", [S.APPROVED]),
}
ROLES = ["applicant", "other_applicant", "secretariat", "council_member", "chair", "editor", "member"]


def fire(application, transition, user):
    comment = "理由" if transition in ("return_for_revision", "reject") else ""
    return run(application, transition, by=user, comment=comment, confirmed=True)


def test_the_matrix_covers_every_declared_transition():
    assert set(registry.for_model(MembershipApplication)) == set(ALLOWED)


@pytest.fixture(params=["as_created", "renamed"])
def group_names(request, db):
    """The matrix holds whatever the role groups are called: renamed in the admin, nothing changes."""
    if request.param == "renamed":
        for role in GroupRole.objects.select_related("group"):
            role.group.name = f"{role.group.name}（已改名）"
            role.group.save(update_fields=["name"])
    return request.param


@pytest.fixture
def people(applicant, other_applicant, secretariat, chair, council):
    return {
        "applicant": applicant,
        "other_applicant": other_applicant,
        "secretariat": secretariat,
        "council_member": council[0],
        "chair": chair,
        "editor": user_with_role("t_editor2", roles.EDITORS),
        "member": user_with_role("t_member2", roles.MEMBERS),
    }


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("transition", list(registry.for_model(MembershipApplication)))
def test_only_the_named_role_from_the_allowed_state(group_names, draft, walk, people, state, transition):
    application = walk(draft, state)
    allowed_role, sources = ALLOWED[transition]
    logs_before = TransitionLog.objects.count()
    for role in ROLES:
        if role == allowed_role and state in sources:
            continue
        with pytest.raises((TransitionRefused, PermissionDenied)):
            fire(application, transition, people[role])
        assert MembershipApplication.objects.get(pk=application.pk).state == state
    assert TransitionLog.objects.count() == logs_before
    if state in sources:
        fire(application, transition, people[allowed_role])
        assert MembershipApplication.objects.get(pk=application.pk).state != state
        assert TransitionLog.objects.count() == logs_before + 1


def test_a_skipped_step_is_refused_with_a_message(draft, walk, chair, secretariat):
    submitted = walk(draft, S.SUBMITTED)
    with pytest.raises(TransitionRefused) as refusal:
        fire(submitted, "approve", chair)
    assert "当前状态为“已提交，待秘书处审核”，不能执行“批准入会”" in refusal.value.message
    with pytest.raises(TransitionRefused):
        fire(submitted, "issue_certificate", secretariat)


def test_state_cannot_be_assigned_directly(draft):
    with pytest.raises(AttributeError):
        draft.state = S.CERTIFIED


def test_submit_needs_a_letter(applicant):
    from tests.factories import unit_data

    application = services.application_create(user=applicant, unit_data=unit_data())
    with pytest.raises(TransitionRefused) as refusal:
        fire(application, "submit", applicant)
    assert "请先上传入会申请书" in refusal.value.message


def test_return_for_revision_needs_a_comment(draft, walk, secretariat):
    submitted = walk(draft, S.SUBMITTED)
    with pytest.raises(TransitionRefused) as refusal:
        run(submitted, "return_for_revision", by=secretariat)
    assert "需要填写意见" in refusal.value.message


def test_a_stale_copy_cannot_fire_twice(draft, walk, secretariat):
    """Two staff open the same application; the second click finds it already handled."""
    submitted = walk(draft, S.SUBMITTED)
    first = MembershipApplication.objects.get(pk=submitted.pk)
    second = MembershipApplication.objects.get(pk=submitted.pk)
    run(first, "accept_for_discussion", by=secretariat)
    with pytest.raises(TransitionRefused):
        run(second, "return_for_revision", by=secretariat, comment="x")
    assert MembershipApplication.objects.get(pk=submitted.pk).state == S.IN_DISCUSSION
    assert TransitionLog.objects.filter(object_id=submitted.pk, transition="return_for_revision").count() == 0
