"""Member units, applications in every state and memberships, reached through the real workflow.

`ApplicationFactory(state=...)` creates a draft with `membership.services.application_create` and
walks it, as the real roles, through the registered actions (`workflows.actions.run`) and the
council vote (`DISCUSSION`) until it is in `state`: no state field is ever written by hand, so the
history, votes, certificate and the member group are what the real path leaves behind.
`MembershipFactory(state="leaving" | "left")` continues from a certified application the same way.
"""

from dataclasses import dataclass, field

import factory
from django.contrib.auth.models import User

from core import roles
from membership import services
from membership.actions import DISCUSSION
from membership.models import ApplicationState, Membership, MembershipApplication, MemberUnit, Standing
from workflows.actions import run

from .files import pdf_upload
from .users import UserFactory, user_with_role

COUNCIL_SIZE = 3

UNIT_DATA = {
    "name": "江苏省测试中等专业学校",
    "unit_type": "school",
    "region": "江苏省",
    "address": "南京市鼓楼区测试路 1 号",
    "representative": "陈校长",
    "representative_title": "校长",
    "contact_name": "刘老师",
    "contact_phone": "025-12345678",
    "contact_email": "contact@school.example.org",
    "website": "",
    "introduction": "",
}


def unit_data(**overrides) -> dict:
    return {**UNIT_DATA, **overrides}


@dataclass
class WorkflowStaff:
    """The people who move an application: the secretariat, the chair and the whole council."""

    secretariat: User
    chair: User
    council: list[User] = field(default_factory=list)


def workflow_staff() -> WorkflowStaff:
    """The current holders of each role (the first one), or new ones when nobody holds it; the council
    is everyone in it (a test that wants exactly its own council clears the group first)."""

    def holder(code: str) -> User:
        return roles.holders(code).order_by("pk").first() or UserFactory(roles=[code])

    council = list(roles.holders(roles.COUNCIL).order_by("pk")) or [
        UserFactory(roles=[roles.COUNCIL]) for _ in range(COUNCIL_SIZE)
    ]
    return WorkflowStaff(secretariat=holder(roles.SECRETARIAT), chair=holder(roles.CHAIR), council=council)


def vote_and_close_discussion(application, *, secretariat, council, comment: str = ""):
    """Every council member supports; the secretariat closes the discussion (→ in review)."""
    for member in council:
        DISCUSSION.cast(application, voter=member, choice="support", comment=comment)
    return DISCUSSION.close(application, by=secretariat)


def through_discussion(submitted, *, secretariat, council, comment: str = ""):
    """From submitted to in review: accepted for discussion, supported by all, closed."""
    application = run(submitted, "accept_for_discussion", by=secretariat)
    return vote_and_close_discussion(application, secretariat=secretariat, council=council, comment=comment)


def issue_certificate(application, *, by):
    """The secretariat issues the certificate; the unit's new membership."""
    run(application, "issue_certificate", by=by)
    return Membership.objects.get(application=application)


def advance(application, target: str, *, applicant, secretariat, chair, council):
    """Walk an application, as the real roles, until it reaches `target` (one left in discussion has
    no vote yet; every later state went through a unanimous vote)."""

    def fire(name, by, **kwargs):
        return lambda a: run(a, name, by=by, **kwargs)

    submit = fire("submit", applicant)
    accept = fire("accept_for_discussion", secretariat)
    vote_and_close = lambda a: vote_and_close_discussion(a, secretariat=secretariat, council=council)  # noqa: E731
    approve = fire("approve", chair)
    issue = lambda a: issue_certificate(a, by=secretariat).application  # noqa: E731
    routes = {
        ApplicationState.DRAFT: [],
        ApplicationState.SUBMITTED: [submit],
        ApplicationState.NEEDS_REVISION: [submit, fire("return_for_revision", secretariat, comment="请补充营业执照")],
        ApplicationState.IN_DISCUSSION: [submit, accept],
        ApplicationState.IN_REVIEW: [submit, accept, vote_and_close],
        ApplicationState.APPROVED: [submit, accept, vote_and_close, approve],
        ApplicationState.CERTIFIED: [submit, accept, vote_and_close, approve, issue],
        ApplicationState.REJECTED: [submit, accept, vote_and_close, fire("reject", chair, comment="材料不符合要求")],
        ApplicationState.WITHDRAWN: [fire("withdraw", applicant, confirmed=True)],
    }
    for step in routes[target]:
        application = step(application)
    application.refresh_from_db()
    assert application.state == target
    return application


class ApplicationFactory(factory.Factory):
    """`ApplicationFactory(state=ApplicationState.IN_REVIEW)`; `applicant=`, `unit_data__name=`,
    `staff=WorkflowStaff(...)` (default: `workflow_staff()`), `letter=None` for no letter."""

    class Meta:
        model = MembershipApplication

    applicant = factory.SubFactory(UserFactory)
    unit_data = factory.Dict({**UNIT_DATA, "name": factory.Sequence(lambda n: f"测试中等专业学校第{n}校区")})
    statement = ""
    letter = factory.LazyFunction(pdf_upload)
    state = ApplicationState.DRAFT
    staff = None

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("an application only exists through membership.services: use create()")

    @classmethod
    def _create(cls, model_class, *, applicant, unit_data, statement, letter, state, staff):
        application = services.application_create(
            user=applicant, unit_data=unit_data, statement=statement, letter=letter
        )
        staff = staff or workflow_staff()
        return advance(
            application,
            state,
            applicant=applicant,
            secretariat=staff.secretariat,
            chair=staff.chair,
            council=staff.council,
        )


class MembershipFactory(factory.Factory):
    """A member unit's membership: `state="active"` (certified), `"leaving"` (the unit sent its
    withdrawal notice) or `"left"` (the certificate came back). Its application is the
    `application` (default: a new certified one)."""

    class Meta:
        model = Membership

    application = factory.SubFactory(ApplicationFactory, state=ApplicationState.CERTIFIED)
    state = "active"

    @classmethod
    def _create(cls, model_class, *, application, state):
        membership = Membership.objects.get(application=application)
        contact = application.unit.account
        if state in ("leaving", "left"):
            notice = pdf_upload("退会通知.pdf")
            membership = run(
                membership, "notify_withdrawal", by=contact, files=[notice], comment="因工作调整退会", confirmed=True
            )
        if state == "left":
            membership = run(membership, "confirm_certificate_returned", by=workflow_staff().secretariat)
        membership.refresh_from_db()
        assert membership.state == state
        return membership


def member_user(username: str = "t_member") -> User:
    """An account that holds the member role without a unit (enough for members-only content)."""
    return user_with_role(username, roles.MEMBERS)


class MemberUnitFactory(factory.django.DjangoModelFactory):
    """A member unit with an active membership, whose contact account is `account` (a new user).

    A shortcut for tests about what a member unit may do, not about how it became one: the certified
    application and the membership are written as they stand at the end of the workflow (use
    `ApplicationFactory(state=CERTIFIED)` for the real path with its history and certificate).
    `active=False` for a unit without a membership; `standing="leaving"` (any `Standing`) for one
    whose membership is in that state; `member_role=True` gives the account the members role, as
    certification does (without it, the account is a unit's account that holds no role)."""

    class Meta:
        model = MemberUnit
        skip_postgeneration_save = True

    account = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"测试中等职业学校{n}号")
    unit_type = "school"
    region = "江苏省"
    address = UNIT_DATA["address"]
    representative = "陈校长"
    contact_name = "刘老师"
    contact_phone = "025-12345678"
    contact_email = factory.LazyAttribute(lambda unit: unit.account.email)

    @factory.post_generation
    def active(unit, create, extracted, **kwargs):
        if extracted is False:
            return
        application = MembershipApplication.objects.create(
            unit=unit, applicant=unit.account, state=ApplicationState.CERTIFIED
        )
        Membership.objects.create(unit=unit, application=application, state=unit._standing)

    @factory.post_generation
    def member_role(unit, create, extracted, **kwargs):
        if extracted:
            from .users import role_group

            unit.account.groups.add(role_group(roles.MEMBERS))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        standing = kwargs.pop("standing", Standing.ACTIVE)
        unit = super()._create(model_class, *args, **kwargs)
        unit._standing = standing
        return unit
