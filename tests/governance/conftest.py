import pytest

from core import roles
from tests.factories import user_with_role
from tests.governance.factories import setup_roles


@pytest.fixture
def gov_secretariat(db):
    setup_roles()
    return user_with_role("gov_secretariat", roles.SECRETARIAT)
