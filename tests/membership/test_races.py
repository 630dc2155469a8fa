"""Two people firing conflicting transitions at the same moment leave exactly one result.

Real threads, real connections, on PostgreSQL (the row lock in TransitionAction.execute is what makes
the second one wait and then find the new state). SQLite has no row locks and serialises writers;
there `test_a_stale_copy_cannot_fire_twice` covers the same guarantee.
"""

import pytest

from core import roles
from membership import services
from membership.models import ApplicationState, MembershipApplication
from tests.factories import pdf_upload, role_group, unit_data, user_with_role
from tests.membership.fixtures import issue_certificate, through_discussion
from tests.races import at_once, on_postgres
from workflows.actions import TransitionRefused, history, run

pytestmark = [
    pytest.mark.postgres,
    on_postgres,
    pytest.mark.django_db(transaction=True),
]


def fire_together(calls):
    """Start every call at the same instant, each in its own thread and database connection:
    "done" for each that went through, "refused" for each the workflow refused."""
    outcomes, errors = at_once(calls)
    unexpected = [error for error in errors if not isinstance(error, TransitionRefused)]
    assert not unexpected, unexpected
    return sorted(["done"] * len(outcomes) + ["refused"] * len(errors))


@pytest.fixture
def submitted():
    for code in roles.ALL_GROUPS:
        role_group(code)
    applicant = user_with_role("race_applicant")
    application = services.application_create(user=applicant, unit_data=unit_data(), letter=pdf_upload())
    return run(application, "submit", by=applicant)


def test_accept_and_return_at_once(submitted):
    first, second = user_with_role("sec_a", roles.SECRETARIAT), user_with_role("sec_b", roles.SECRETARIAT)
    outcomes = fire_together(
        [
            lambda: run(submitted, "accept_for_discussion", by=first),
            lambda: run(submitted, "return_for_revision", by=second, comment="请补充"),
        ]
    )
    assert outcomes == ["done", "refused"]
    state = MembershipApplication.objects.get(pk=submitted.pk).state
    assert state in (ApplicationState.IN_DISCUSSION, ApplicationState.NEEDS_REVISION)
    assert history(submitted).exclude(transition="submit").count() == 1


def test_double_certificate_issue_at_once(submitted):
    """The double-approval race at its most costly step: two certificates must never be issued."""
    secretariat = user_with_role("sec_c", roles.SECRETARIAT)
    chair = user_with_role("chair_c", roles.CHAIR)
    council = [user_with_role(f"council_c{n}", roles.COUNCIL) for n in range(3)]
    application = through_discussion(submitted, secretariat=secretariat, council=council)
    application = run(application, "approve", by=chair)
    other = user_with_role("sec_d", roles.SECRETARIAT)
    outcomes = fire_together(
        [
            lambda: issue_certificate(application, by=secretariat),
            lambda: issue_certificate(application, by=other),
        ]
    )
    assert outcomes == ["done", "refused"]
    from workflows.models import Certificate

    assert Certificate.objects.count() == 1


def test_two_approvals_at_once_leave_one(submitted):
    """The chair and the secretary-general both press 批准入会 at the same moment."""
    secretariat = user_with_role("sec_e", roles.SECRETARIAT)
    council = [user_with_role(f"council_e{n}", roles.COUNCIL) for n in range(3)]
    application = through_discussion(submitted, secretariat=secretariat, council=council)
    chair, secretary_general = user_with_role("chair_e", roles.CHAIR), user_with_role("sg_e", roles.CHAIR)
    outcomes = fire_together(
        [
            lambda: run(application, "approve", by=chair),
            lambda: run(application, "reject", by=secretary_general, comment="不予批准"),
        ]
    )
    assert outcomes == ["done", "refused"]
    assert history(application).filter(transition__in=("approve", "reject")).count() == 1
