import pytest

from core import roles
from membership import services
from tests.factories import COUNCIL_SIZE, pdf_upload, unit_data, user_with_role
from tests.factories.membership import (  # noqa: F401 (re-exported for the suites that import them from here)
    advance,
    issue_certificate,
    through_discussion,
    vote_and_close_discussion,
)


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
    """The council group as the tests want it: exactly these members (anyone else in it leaves)."""
    group = roles.group(roles.COUNCIL)
    group.user_set.clear()
    return [user_with_role(f"council_{n}", roles.COUNCIL) for n in range(COUNCIL_SIZE)]


@pytest.fixture
def draft(applicant):
    return services.application_create(user=applicant, unit_data=unit_data(), letter=pdf_upload())


@pytest.fixture
def walk(applicant, secretariat, chair, council):
    def _walk(application, target):
        return advance(application, target, applicant=applicant, secretariat=secretariat, chair=chair, council=council)

    return _walk
