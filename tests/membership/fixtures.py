import pytest

from core import roles
from membership import services
from membership.actions import DISCUSSION
from membership.models import ApplicationState
from tests.factories import COUNCIL_SIZE, pdf_upload, unit_data, user_with_role
from workflows.actions import run


@pytest.fixture
def applicant(db):
    return user_with_role("applicant", email="applicant@school.example.org")


@pytest.fixture
def other_applicant(db):
    return user_with_role("other_applicant")


@pytest.fixture
def secretariat(db):
    return user_with_role("sec_staff", roles.SECRETARIAT)


@pytest.fixture
def chair(db):
    return user_with_role("chair_staff", roles.CHAIR)


@pytest.fixture
def council(db):
    """The council group as the tests want it: exactly these members (the demo's council user leaves)."""
    group = roles.group(roles.COUNCIL)
    group.user_set.clear()
    return [user_with_role(f"council_{n}", roles.COUNCIL) for n in range(COUNCIL_SIZE)]


@pytest.fixture
def draft(applicant):
    return services.application_create(user=applicant, unit_data=unit_data(), letter=pdf_upload())


def advance(application, target: str, *, applicant, secretariat, chair, council):
    """Walk an application, as the real roles, until it reaches `target`."""

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


def issue_certificate(application, *, by):
    """The secretariat issues the certificate; the unit's new membership."""
    from membership.models import Membership

    run(application, "issue_certificate", by=by)
    return Membership.objects.get(application=application)


def vote_and_close_discussion(application, *, secretariat, council, comment: str = ""):
    """Every council member supports; the secretariat closes the discussion (→ in review)."""
    for member in council:
        DISCUSSION.cast(application, voter=member, choice="support", comment=comment)
    return DISCUSSION.close(application, by=secretariat)


def through_discussion(submitted, *, secretariat, council, comment: str = ""):
    """From submitted to in review: accepted for discussion, supported by all, closed."""
    application = run(submitted, "accept_for_discussion", by=secretariat)
    return vote_and_close_discussion(application, secretariat=secretariat, council=council, comment=comment)


@pytest.fixture
def walk(applicant, secretariat, chair, council):
    def _walk(application, target):
        return advance(application, target, applicant=applicant, secretariat=secretariat, chair=chair, council=council)

    return _walk
