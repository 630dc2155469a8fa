"""The workflow engine itself: every transition is declared once and reaches every surface; a voting
stage takes a member unit as the voter; refusals read the same everywhere; roles survive renaming."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import FSMFieldMixin
from wagtail.log_actions import registry as log_registry

from core import roles
from core.models import GroupRole
from membership.models import ApplicationState, Membership, MembershipApplication, MemberUnit
from tests.factories import user_with_role
from workflows.actions import TransitionRefused, fsm_field, registry, run
from workflows.models import TransitionLog, Vote
from workflows.refusals import refusal_message
from workflows.voting import VotingStage, voter_key

pytestmark = pytest.mark.django_db


def workflow_models():
    return [m for m in apps.get_models() if any(isinstance(f, FSMFieldMixin) for f in m._meta.fields)]


def test_every_transition_of_every_workflow_model_is_declared_once():
    assert {MembershipApplication, Membership} <= set(workflow_models())
    for model in workflow_models():
        names = {t.name for t in fsm_field(model).get_all_transitions(model)}
        assert set(registry.for_model(model)) == names, model


def test_every_declared_transition_is_a_wagtail_log_action_with_its_label():
    for key, action in registry.actions.items():
        assert log_registry.get_action_label(key) == action.label()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (TransitionRefused("当前状态不允许。"), "当前状态不允许。"),
        (PermissionDenied("您没有执行“批准入会”的权限。"), "您没有执行“批准入会”的权限。"),
        (PermissionDenied(), "您没有执行该操作的权限。"),
        (ValidationError(["文件为空。", "文件过大。"]), "文件为空。；文件过大。"),
    ],
)
def test_one_message_for_each_kind_of_refusal(error, message):
    assert refusal_message(error) == message


def test_roles_are_found_by_code_after_every_group_is_renamed(secretariat):
    for role in GroupRole.objects.select_related("group"):
        role.group.name = f"改名-{role.code}"
        role.group.save()
    secretariat = type(secretariat).objects.get(pk=secretariat.pk)  # a fresh request's user
    assert roles.has_role(secretariat, roles.SECRETARIAT)
    assert not roles.has_role(secretariat, roles.CHAIR)
    assert secretariat.email in roles.emails_of_role(roles.SECRETARIAT)
    assert roles.group(roles.SECRETARIAT).name == f"改名-{roles.SECRETARIAT}"


def test_a_member_unit_can_be_the_voter(draft, walk, applicant):
    """Governance ballots give each member unit one vote, cast by its account: a stage whose voter is
    the unit stores one vote per unit, whoever casts it, and counts units, not people."""
    discussing = walk(draft, ApplicationState.IN_DISCUSSION)
    unit = MemberUnit.objects.get(account=applicant)
    other_unit = MemberUnit.objects.create(
        account=user_with_role("other_unit_account"),
        name="另一所测试学校",
        unit_type="school",
        region="江苏省",
        address="x",
        representative="x",
        contact_name="x",
        contact_phone="x",
        contact_email="x@example.org",
    )
    stage = VotingStage(
        key="test_unit_ballot",
        model=MembershipApplication,
        open_state=ApplicationState.IN_DISCUSSION,
        electorate=lambda subject: [voter_key(unit), voter_key(other_unit)],
        voter_for=lambda user, subject: voter_key(user.member_units.first()) if user.member_units.exists() else None,
        if_passed="close_discussion",
        if_failed="close_discussion",
        tally_field="discussion_tally",
    )
    stage.cast(discussing, voter=applicant, choice="oppose")
    stage.cast(discussing, voter=applicant, choice="support")
    assert Vote.objects.get(stage="test_unit_ballot").voter_key == f"membership.memberunit:{unit.pk}"
    with pytest.raises(PermissionDenied):
        stage.cast(discussing, voter=user_with_role("no_unit"), choice="support")
    tally = stage.tally(discussing)
    assert (tally.entitled, tally.support, tally.cast) == (2, 1, 1)


def test_the_secretariat_reissues_a_certificate_from_the_admin_with_an_audit_row(client, draft, walk, secretariat):
    membership = Membership.objects.get(application=walk(draft, ApplicationState.CERTIFIED))
    client.force_login(secretariat)
    inspect = client.get(f"/admin/membership/memberships/inspect/{membership.pk}/").content.decode()
    assert "补发会员证书" in inspect
    client.post(f"/admin/membership/memberships/{membership.pk}/transition/reissue_certificate/", {"comment": "遗失"})
    membership.certificate.refresh_from_db()
    assert membership.certificate.reissued_at is not None
    entry = TransitionLog.objects.get(object_id=membership.pk, transition="reissue_certificate")
    assert (entry.actor, entry.comment, entry.from_state, entry.to_state) == (secretariat, "遗失", "active", "active")


def test_an_action_not_offered_in_the_admin_cannot_be_posted_there(client, draft, walk, secretariat):
    """The applicant's own steps are fired on the site; the admin's transition URL refuses them."""
    submitted = walk(draft, ApplicationState.SUBMITTED)
    client.force_login(secretariat)
    client.post(f"/admin/membership/applications/{submitted.pk}/transition/withdraw/", {"comment": "x"})
    assert MembershipApplication.objects.get(pk=submitted.pk).state == ApplicationState.SUBMITTED


def test_run_refuses_an_undeclared_transition(draft, applicant):
    with pytest.raises(TransitionRefused):
        run(draft, "no_such_step", by=applicant)
