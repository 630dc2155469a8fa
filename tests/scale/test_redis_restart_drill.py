"""Fault drill: Redis stops and comes back, with nothing reconfigured or restarted in between.
While it is down the site serves every page (rendered), and a step's mail goes out inline; once it
is back the page cache stores and serves again and mail is queued again. Runs a Redis server of its
own (`redis-server`), killed and started again on the same port."""

import logging
import shutil

import django_rq
import pytest
from django.core import mail
from django.core.cache import caches
from django.test import override_settings

from alliance.settings import base as base_settings
from tests.queue_fixtures import run_worker_until_empty
from tests.scale.drill_servers import OwnRedis
from workflows.models import OutboxMail
from workflows.notifications import notify

pytestmark = [
    pytest.mark.drill,
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server (Debian's redis-server)"),
]


@pytest.fixture
def own_redis(settings):
    server = OwnRedis()
    server.start()
    settings.RQ_QUEUES = {name: {"URL": server.url, "DEFAULT_TIMEOUT": 60} for name in settings.TASK_QUEUES}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    with override_settings(CACHES={"default": base_settings.redis_cache(server.url)}, PAGE_CACHE_STAMP_FILE=""):
        caches["default"].close()
        yield server
        caches["default"].close()
    server.stop()


def a_step_mails(capture) -> None:
    with capture(execute=True):
        notify(
            recipients=["unit@example.cn"],
            subject="演练通知",
            template="governance/mail/ballot_reminder.txt",
            context={"ballot": {"title": "演练表决", "closes_at": None, "public_id": "x"}},
        )


def cache_states(client, path: str = "/") -> list[str]:
    responses = [client.get(path) for _ in range(2)]
    assert [r.status_code for r in responses] == [200, 200]
    return [r["X-Page-Cache"] for r in responses]


def test_the_site_serves_without_redis_and_recovers_when_it_is_back(
    client, site, own_redis, caplog, django_capture_on_commit_callbacks
):
    queue = django_rq.get_queue("default")
    assert cache_states(client) == ["miss", "hit"]
    a_step_mails(django_capture_on_commit_callbacks)
    assert queue.count == 1 and mail.outbox == []  # queued, as normal

    own_redis.stop()
    with caplog.at_level(logging.WARNING):
        assert cache_states(client) == ["miss", "miss"]  # every page rendered, none refused
        a_step_mails(django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == ["【联席会】演练通知"]  # sent inline, not lost
    assert "task queue unreachable" in caplog.text and "django_redis" in caplog.text

    own_redis.start()  # same address; the site is not touched
    assert cache_states(client) == ["miss", "hit"]  # the page cache works again
    a_step_mails(django_capture_on_commit_callbacks)
    assert queue.count == 1 and len(mail.outbox) == 1  # queued again, not sent inline
    run_worker_until_empty()
    assert len(mail.outbox) == 2
    # The first step's job died with Redis (nothing was saved): its row is the sweep's.
    assert OutboxMail.objects.filter(sent_at__isnull=True).count() == 1
