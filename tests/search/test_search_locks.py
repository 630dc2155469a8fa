"""A search reads; it must not take the database's write lock. On SQLite the site opens every
transaction with BEGIN IMMEDIATE (settings/base.py), so a search inside one would queue behind
every writer and every other process's search."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.services import site_search
from tests.factories.pages import CourseResourcePageFactory, MajorFactory


@pytest.mark.django_db(transaction=True)
def test_a_search_opens_no_transaction(site):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's BEGIN takes no lock; the search sets a transaction-local option there")
    # No seeded rows (catalogue, root collection): a transactional test may follow one that flushed them.
    CourseResourcePageFactory(parent=site.resources, title="数控车削课程标准", major=MajorFactory(), attachments=0)
    with CaptureQueriesContext(connection) as queries:
        outcome = site_search(query="数控", user=AnonymousUser())
    assert outcome.count == 1
    opened = [q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith(("BEGIN", "SAVEPOINT"))]
    assert opened == []


@pytest.mark.django_db
def test_each_sqlite_connection_keeps_a_32_mib_page_cache():
    """The search index's hot pages stay in the process between searches (SQLite's default 2 MiB
    made every search read them again from the OS)."""
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite connection setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -32768  # negative: KiB
