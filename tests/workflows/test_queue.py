"""At scale, mail goes through a real task queue on Redis (REDIS_URL): the transition only enqueues;
a worker sends. Runs against the Redis server on this machine; skipped with the reason if none answers."""

import pytest
import redis
from django.core import mail

from workflows.notifications import send_notification_mail

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_available(), reason=f"no Redis server at {REDIS_TEST_URL}")


@pytest.fixture
def rq_backend(settings):
    # Changing TASKS through the settings fixture resets django-tasks' backends (its own
    # setting_changed receiver); django-rq reads RQ_QUEUES on every call.
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    yield
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()


def test_mail_is_queued_then_sent_by_a_worker(rq_backend):
    import django_rq

    result = send_notification_mail.enqueue(subject="【联席会】测试", body="正文", recipients=["a@example.org"])
    queue = django_rq.get_queue("default")
    assert queue.count == 1 and mail.outbox == []  # queued in Redis, not sent yet
    worker = django_rq.get_worker("default", worker_class="rq.SimpleWorker", job_class="django_tasks_rq.Job")
    worker.work(burst=True)
    assert queue.count == 0
    assert [m.subject for m in mail.outbox] == ["【联席会】测试"]
    assert result.id
