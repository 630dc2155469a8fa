import pytest

from core import roles
from tests.factories import user_with_role
from tests.governance.factories import setup_roles


@pytest.fixture
def gov_secretariat(db):
    setup_roles()
    return user_with_role("gov_secretariat", roles.SECRETARIAT)


@pytest.fixture(autouse=True)
def no_other_members(db):
    """Whatever the database holds before the test (the session's demo content, while conftest still
    loads it) has no vote here: each test builds its own electorate."""
    import datetime

    from governance.models import CharterVersion, Meeting, MeetingState
    from membership.models import CouncilPosition, Membership, Standing

    Meeting.objects.update(state=MeetingState.CANCELLED)
    CharterVersion.objects.all().delete()

    Membership.objects.update(state=Standing.LEFT)
    CouncilPosition.objects.update(term_start=datetime.date(2000, 1, 1), term_end=datetime.date(2000, 12, 31))
