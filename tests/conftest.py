"""Shared fixtures.

The whole suite runs against the demo site: `load_demo` fills the test database once per session
(as a visitor on a fresh install would see it), and each test's changes are rolled back after it.
"""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from core import roles

# Application fixtures (applicant, staff roles, draft, walk) for every suite that needs a workflow.
pytest_plugins = ["tests.membership.fixtures", "tests.queue_fixtures"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page cached by one test (whose database changes were
    rolled back) must not be served to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_user(username: str, *group_names: str) -> User:
    from tests.factories import user_with_role

    return user_with_role(username, *group_names)


@pytest.fixture
def member(db):
    return make_user("t_member", roles.MEMBERS)


@pytest.fixture
def outsider(db):
    """Logged in, but neither a member unit nor staff."""
    return make_user("t_outsider")


@pytest.fixture
def editor(db):
    return make_user("t_editor", roles.EDITORS)


@pytest.fixture
def moderator(db):
    return make_user("t_moderator", roles.MODERATORS)


@pytest.fixture
def home(db):
    from home.models import HomePage

    return HomePage.objects.get()


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}"
