import pytest

from core import roles
from core.models import Major
from expertpool import services
from expertpool.actions import SELECTION
from tests.factories import user_with_role
from tests.factories.expertpool import ALL_PASS, profile  # noqa: F401 (imported from here by other suites)


@pytest.fixture
def committee(db):
    """Exactly these committee members (anyone else leaves the group for the test)."""
    roles.group(roles.EXPERT_COMMITTEE).user_set.clear()
    return [user_with_role(f"committee_{n}", roles.EXPERT_COMMITTEE) for n in range(3)]


@pytest.fixture
def cnc(db):
    return Major.objects.get(name="数控技术应用")


@pytest.fixture
def expert_user(db):
    return user_with_role("t_expert_person", email="t_expert@example.org")


@pytest.fixture
def submitted_candidate(expert_user, cnc):
    return services.apply(user=expert_user, data=profile(), majors=[cnc])


@pytest.fixture
def appoint(secretariat, committee):
    def _appoint(candidate):
        candidate = services.review_qualification(candidate=candidate, by=secretariat, results=ALL_PASS)
        for member in committee:
            SELECTION.cast(candidate, voter=member, choice="support")
        return SELECTION.close(candidate, by=secretariat)

    return _appoint
