"""A real task queue on the Redis server of this machine (database 15), for the tests that need
one; they are skipped with the reason when no Redis answers."""

import pytest
import redis

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_available(), reason=f"no Redis server at {REDIS_TEST_URL}")


def tasks_on_redis(settings, url: str):
    """Point django-tasks at RQ on `url` for one test, its database emptied before and after.
    Changing TASKS through the settings fixture resets django-tasks' backends (its own
    setting_changed receiver); django-rq reads RQ_QUEUES on every call."""
    settings.RQ_QUEUES = {name: {"URL": url, "DEFAULT_TIMEOUT": 60} for name in settings.TASK_QUEUES}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    redis.Redis.from_url(url).flushdb()
    yield
    redis.Redis.from_url(url).flushdb()


@pytest.fixture
def rq_backend(settings):
    yield from tasks_on_redis(settings, REDIS_TEST_URL)


def run_worker_until_empty(queue_name: str = "default") -> int:
    """Run one worker for this queue, in this process, until the queue is empty; the number of jobs
    it found."""
    import django_rq

    found = django_rq.get_queue(queue_name).count
    worker = django_rq.get_worker(queue_name, worker_class="rq.SimpleWorker", job_class="django_tasks_rq.Job")
    worker.work(burst=True)
    return found
