import pytest

from core import roles
from tests.events.factories import EventPageFactory, MemberUnitFactory, UserFactory


@pytest.fixture
def event(db):
    return EventPageFactory()


@pytest.fixture
def person(db):
    """Logged in, not a member."""
    return UserFactory()


@pytest.fixture
def member_user(db):
    """The contact account of a unit with an active membership, holding the members role."""
    unit = MemberUnitFactory(account=UserFactory(roles=[roles.MEMBERS]))
    return unit.account


@pytest.fixture
def door_staff(db):
    return UserFactory(roles=[roles.SECRETARIAT])
