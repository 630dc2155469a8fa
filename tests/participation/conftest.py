import pytest

from core import roles
from tests.participation.factories import UserFactory, library, member_unit


@pytest.fixture
def site_pages(db):
    return library()


@pytest.fixture
def unit(db):
    return member_unit()


@pytest.fixture
def other_unit(db):
    return member_unit()


@pytest.fixture
def secretary(db):
    return UserFactory(roles=[roles.SECRETARIAT])


@pytest.fixture
def visitor_outsider(db):
    return UserFactory()
