import pytest

# The expert pool's builders (committee, a major, an appointment), for the appointment letter tests.
from tests.expertpool.conftest import appoint, cnc, committee, expert_user, submitted_candidate  # noqa: F401

from .factories import bilingual_site


@pytest.fixture
def pages(db):
    return bilingual_site()
