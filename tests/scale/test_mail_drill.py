"""Fault drill: the RQ worker is killed (SIGKILL, worker and work horse) while it is sending a
notification, stuck on a mail server that has the message but has not yet answered. The mail is not
lost and not sent twice: the row stays pending, `manage.py send_pending_mail` sends it once, and the
same job run again later sends nothing.

Real processes as deployed: `manage.py rqworker` with the production settings on the test database,
Redis (database 7 of this machine's server, this drill's own), and a local SMTP server
(scripts/smtp_sink.py)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import django_rq
import pytest
import redis

from scripts.smtp_sink import SmtpSink
from tests.queue_fixtures import tasks_on_redis
from tests.scale.drill_servers import database_url, needs_postgres, pid_with_local_port, wait_for
from workflows.models import OutboxMail
from workflows.notifications import notify, send_outbox_mail

ROOT = Path(__file__).resolve().parents[2]
DRILL_REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/7")


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(DRILL_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


pytestmark = [
    pytest.mark.drill,
    needs_postgres,
    pytest.mark.skipif(not redis_answers(), reason=f"no Redis server at {DRILL_REDIS_URL}"),
]


@pytest.fixture
def queue_on_redis(settings):
    yield from tasks_on_redis(settings, DRILL_REDIS_URL)


def production_env(sink: SmtpSink) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="alliance.settings.production",
        SECRET_KEY="drill-not-secret-5b2c9e1f7a3d8c4b6e0f2a9d1c7b3e5f",
        DATABASE_URL=database_url(),
        REDIS_URL=DRILL_REDIS_URL,
        EMAIL_HOST=sink.host,
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="false",
        PAGE_CACHE_STAMP_FILE="",
    )
    return env


def _gone(pid: int) -> bool:
    """The process has ended (a zombie's sockets are closed already)."""
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return True


def manage(env: dict, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, **popen)  # noqa: S603


def test_a_worker_killed_while_sending_neither_loses_nor_repeats_the_mail(transactional_db, queue_on_redis):
    with SmtpSink() as sink:
        sink.stall()  # the mail server takes the message and does not answer
        env = production_env(sink)
        notify(
            recipients=["unit@example.cn", "desk@alliance.example.org"],
            subject="演练：入会申请已提交",
            template="governance/mail/ballot_reminder.txt",
            context={"ballot": {"title": "演练表决", "closes_at": None, "public_id": "x"}},
        )  # outside a transaction: the row is committed and its job queued at once
        row = OutboxMail.objects.get()
        assert django_rq.get_queue("default").count == 1

        worker = manage(
            env, "rqworker", "default", "--job-class", "django_tasks_rq.Job", start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(sink.held.is_set, timeout=60, what="the worker to reach the mail server")
            # RQ runs each job in a work horse in a session of its own: the process on the mail connection.
            horse = pid_with_local_port(sink.held_sender_port)
            os.kill(horse, signal.SIGKILL)
        finally:
            os.killpg(worker.pid, signal.SIGKILL)  # and the worker itself, as when its machine goes
            worker.wait(timeout=10)
        # SIGKILL returns before the process is torn down: until it is, its end of the mail connection
        # is open, and a mail server answering meanwhile would reach it. (On a loaded machine the sink
        # was released first once, and delivered the message the dead sender never heard back about.)
        wait_for(lambda: _gone(horse), timeout=20, what="the killed work horse to be gone")
        row.refresh_from_db()
        assert row.sent_at is None and row.attempts == 0  # the killed send's transaction was rolled back
        assert sink.count() == 0
        sink.release()

        # The sweep sends it (its lock is gone with the dead worker's connection) — once.
        def sweep() -> str:
            return subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "send_pending_mail", "--older-than", "0"],
                cwd=ROOT, env=env, capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip

        assert wait_for(lambda: sweep() == "sent=1 failed=0 given_up=0", timeout=20, what="the sweep to send it")
        assert sweep() == "sent=0 failed=0 given_up=0"

        # The same job delivered again (an RQ retry, a duplicate): it finds the row sent.
        send_outbox_mail.enqueue(mail_id=row.pk)
        manage(env, "rqworker", "default", "--job-class", "django_tasks_rq.Job", "--burst").wait(timeout=60)
        time.sleep(0.5)  # let the sink finish any conversation still open
        assert sink.subjects() == ["【联席会】演练：入会申请已提交"]
        row.refresh_from_db()
        assert row.sent_at is not None and row.attempts == 1
