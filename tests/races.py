"""Firing calls at the same instant, for the race tests (tests/*/test_races.py): real threads, each
with its own database connection, released together by a barrier. Only PostgreSQL has the row locks
these tests are about; SQLite serialises writers, so they run in the PostgreSQL pass."""

import threading

import pytest
from django.db import connection

#: Skip outside the PostgreSQL pass.
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks; runs in the PostgreSQL pass"
)


def at_once(calls, timeout: float = 60) -> tuple[list, list[Exception]]:
    """Start every call at the same instant; (what the calls returned, what they raised), each in the
    order they finished."""
    barrier = threading.Barrier(len(calls))
    outcomes, errors = [], []

    def go(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except Exception as error:  # noqa: BLE001 - handed back to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes, errors
