import pytest
from django.utils import translation

# The expert pool's builders (committee, a major, an appointment), for the appointment letter tests.
from tests.expertpool.conftest import appoint, cnc, committee, expert_user, submitted_candidate  # noqa: F401

from .factories import bilingual_site


@pytest.fixture
def pages(db):
    return bilingual_site()


@pytest.fixture(autouse=True)
def chinese_after_each_test():
    """A request to /en/ leaves English active in this thread; the next test (of any suite) starts
    in Chinese, as a request without a prefix would."""
    yield
    translation.activate("zh-hans")
