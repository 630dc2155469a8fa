"""Shared fixtures.

The test database holds only what migrations create (the root page and Wagtail's placeholder, the
role groups, the catalogue of majors). Each test builds the data it asserts on with the factories in
tests/factories/ (`site` and `home` below give the usual skeleton) and is rolled back after it; only
tests/site/test_demo.py runs `load_demo`.
"""

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from core import roles

# Application fixtures (applicant, staff roles, draft, walk) for every suite that needs a workflow.
pytest_plugins = ["tests.membership.fixtures", "tests.queue_fixtures"]


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
    """The home page the default site serves at `/` (no sections under it)."""
    from tests.factories.pages import site_home

    return site_home()


@pytest.fixture
def site(db):
    """The home page and every section index at its usual address, all empty (a SiteSkeleton:
    site.home, .about, .charter, .news, .events, .resources, .publications)."""
    from tests.factories.pages import site_skeleton

    return site_skeleton()


def module_data(builder):
    """A module-scoped fixture holding what `builder()` makes: built once for the module, inside a
    transaction that is rolled back after the module's last test (each test still runs in its own
    savepoint, rolled back after it). Only for modules whose tests use `db`, not `transactional_db`."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield builder()
            transaction.set_rollback(True)

    fixture.__doc__ = builder.__doc__
    return fixture


def _sample_pages():
    from tests.factories.sample import sample_pages

    return sample_pages()


def _sample_records():
    from tests.factories.sample import sample_records

    return sample_records()


def _sample_site():
    from tests.factories.sample import sample_pages, sample_records

    return sample_pages(), sample_records()


#: The sample site's pages (tests/factories/sample.py), built once per module.
sample_pages = module_data(_sample_pages)
#: The sample site's workflow records and the people in them, without pages.
sample_records = module_data(_sample_records)
#: The sample site's pages and workflow records: `pages, records = sample_site`.
sample_site = module_data(_sample_site)


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}"
