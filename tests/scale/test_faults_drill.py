"""Fault drills on gunicorn with the production settings (alliance.settings.e2e: production over
plain HTTP), as deployed:

- a worker killed (SIGKILL) in the middle of a transition, after it has updated the record's state
  and while it writes the audit row: the record keeps its old state, there is no audit row, no
  history entry and no mail; gunicorn replaces the worker and the same step then succeeds. No hook
  in the code: a second connection holds a lock on the audit table, so the worker waits right there.
- PostgreSQL restarted (a server of the drill's own) while gunicorn serves: kept connections are
  checked and replaced, so requests right after a restart succeed; while it is down every request
  gets the site's own 503 page (no traceback) and a log line; when it is back, pages are served
  again, all without restarting gunicorn.
"""

import os
import re
import shutil
import signal
import threading
import time

import psycopg
import pytest
import requests
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from wagtail.models import ModelLogEntry

from core import roles
from membership.models import ApplicationState
from scripts import live_server
from tests.factories import user_with_role
from tests.factories.membership import ApplicationFactory
from tests.factories.pages import site_skeleton
from tests.scale.drill_servers import (
    PG_BIN,
    OwnPostgres,
    collected_static,
    database_url,
    gunicorn_env,
    needs_postgres,
    pid_with_local_port,
    wait_for,
)
from workflows.models import OutboxMail, TransitionLog

pytestmark = [pytest.mark.drill, needs_postgres]

CSRF = "drillcsrftoken0123456789abcdefgh"  # any 32 characters: Django compares cookie and header


@pytest.fixture(scope="module")
def static_root():
    with collected_static() as folder:
        yield folder


def staff_session(base_url: str, user) -> requests.Session:
    """A browser session of `user` (created in the database by this process) with a CSRF token."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"
    session.headers.update({"Cookie": cookies, "X-CSRFToken": CSRF, "Referer": base_url + "/admin/"})
    return session


def audit_trail(application) -> tuple[int, int, int]:
    content_type = ContentType.objects.get_for_model(application)
    return (
        TransitionLog.objects.filter(content_type=content_type, object_id=application.pk).count(),
        ModelLogEntry.objects.filter(content_type=content_type, object_id=str(application.pk)).count(),
        OutboxMail.objects.count(),
    )


def backend_waiting_on_audit_table() -> tuple[int, int] | None:
    """(backend pid, client port) of a connection waiting for a lock to insert an audit row. From a
    connection of its own: inside a transaction pg_stat_activity would not change."""
    with psycopg.connect(database_url(), autocommit=True) as watcher:
        return watcher.execute(
            "SELECT pid, client_port FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE 'INSERT INTO \"workflows_transitionlog\"%%'"
        ).fetchone()


def activity():
    with psycopg.connect(database_url(), autocommit=True) as watcher:
        return watcher.execute(
            "SELECT pid, datname, state, wait_event_type, wait_event, left(query, 80) FROM pg_stat_activity"
        ).fetchall()


def test_a_worker_killed_mid_transition_leaves_the_old_state_and_no_audit_row(transactional_db, static_root, tmp_path):
    application = ApplicationFactory(state=ApplicationState.SUBMITTED)
    desk = user_with_role("drill_desk", roles.SECRETARIAT)
    # A flushed database (transactional tests) has the permission but not the groups' grants of it.
    desk.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    before = audit_trail(application)
    env = gunicorn_env(tmp_path, static_root, database_url())
    with live_server.gunicorn(env, tmp_path, workers=2) as base_url:
        session = staff_session(base_url, desk)
        inspect = f"{base_url}/admin/membership/applications/inspect/{application.pk}/"
        warm = [session.get(inspect, timeout=60, allow_redirects=False).status_code for _ in range(4)]
        assert warm == [200] * 4, warm  # both workers answer, and the session is the secretariat's
        step = f"{base_url}/admin/membership/applications/{application.pk}/transition/accept_for_discussion/"
        outcome = {}

        def press():
            try:
                outcome["response"] = session.post(
                    step, data={"comment": "材料齐全"}, timeout=60, allow_redirects=False
                )
            except requests.ConnectionError as error:
                outcome["error"] = error

        with psycopg.connect(database_url()) as blocker:
            blocker.execute("LOCK TABLE workflows_transitionlog IN SHARE MODE")  # held until rollback
            pressing = threading.Thread(target=press)
            pressing.start()
            _, client_port = wait_for(
                backend_waiting_on_audit_table,
                timeout=30,
                what=f"the worker to block on the audit row {outcome} {activity()}",
            )
            worker = pid_with_local_port(client_port)
            signal_sent = time.monotonic()
            os.kill(worker, signal.SIGKILL)
            blocker.rollback()  # the lock goes; the dead worker's transaction never commits
        pressing.join(timeout=30)
        assert "error" in outcome, outcome  # the person's browser (through the proxy) sees the connection drop

        wait_for(lambda: not backend_waiting_on_audit_table(), timeout=10, what="the killed worker's session to end")
        application.refresh_from_db()
        assert application.state == ApplicationState.SUBMITTED
        assert audit_trail(application) == before  # no audit row, no history entry, no mail

        # gunicorn has replaced the worker; the step pressed again succeeds, once.
        response = session.post(step, data={"comment": "材料齐全"}, timeout=60, allow_redirects=False)
        assert response.status_code == 302, response.text[:500]
        application.refresh_from_db()
        assert application.state == ApplicationState.IN_DISCUSSION
        assert audit_trail(application)[:2] == (before[0] + 1, before[1] + 1)
        assert time.monotonic() - signal_sent < 120
    log = (tmp_path / "gunicorn.log").read_text()
    assert re.search(rf"Worker \(pid:{worker}\) was sent SIGKILL", log), log[-2000:]


def get(url: str) -> requests.Response:
    return requests.get(url, timeout=30, allow_redirects=False)


@pytest.mark.skipif(not (PG_BIN / "initdb").exists() or not shutil.which("runuser"), reason="needs PostgreSQL 15")
def test_postgres_restarted_under_gunicorn_fails_cleanly_and_recovers(transactional_db, static_root, tmp_path):
    site_skeleton()  # committed: the copy below has the news section to serve
    server = OwnPostgres()
    try:
        server.start()
        # Pages rendered every time: from the page cache they would be served through the outage.
        database = server.copy_database(database_url(), "alliance_drill")
        env = gunicorn_env(tmp_path, static_root, database, PAGE_CACHE_SECONDS="0")
        with live_server.gunicorn(env, tmp_path, workers=2) as base_url:
            page = base_url + "/news/"
            assert [get(page).status_code for _ in range(6)] == [200] * 6  # each worker keeps a connection

            server.restart()  # every kept connection is now dead
            assert [get(page).status_code for _ in range(6)] == [200] * 6  # checked, replaced, not failed

            server.stop()
            during = [get(page) for _ in range(4)]
            assert [r.status_code for r in during] == [503] * 4
            body = during[0].text
            assert "网站暂时无法访问" in body and "Traceback" not in body and "psycopg" not in body
            assert during[0].headers["Retry-After"]

            server.start()
            assert [get(page).status_code for _ in range(6)] == [200] * 6  # no gunicorn restart
        log = (tmp_path / "gunicorn.log").read_text()
        assert "database unreachable, answered 503: GET /news/" in log
    finally:
        server.close()
