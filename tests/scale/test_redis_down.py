"""Fault drill: Redis down. The site keeps serving (every cache call a miss, with a log line), the
form limits let people through rather than refuse everyone, and a committed step's mail is sent
inline instead of being lost in a queue nobody can reach."""

import logging

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import override_settings

from alliance.settings import base as base_settings
from core.page_cache import purge_all
from core.rate_limits import within_limit
from workflows.notifications import notify

pytestmark = pytest.mark.django_db

#: Nothing listens on port 1: connection refused at once, as when the Redis server has stopped.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down():
    with override_settings(CACHES={"default": base_settings.redis_cache(DEAD_REDIS)}, PAGE_CACHE_STAMP_FILE=""):
        caches["default"].close()
        yield
    caches["default"].close()


def test_pages_are_served_with_the_cache_gone(client, site, redis_down, caplog):
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        first = client.get("/")
        second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert second["X-Page-Cache"] == "miss"  # nothing could be stored, so nothing is served stale
    assert any("django_redis" in record.name for record in caplog.records)  # the operator sees why
    purge_all()  # a publish while Redis is down does not fail


def test_form_limits_let_people_through_while_the_cache_is_gone(redis_down):
    assert all(within_limit("register", "203.0.113.9", limit=2) for _ in range(5))


def test_the_limits_hold_again_once_a_cache_answers():
    assert [within_limit("register", "203.0.113.9", limit=2) for _ in range(3)] == [True, True, False]


def test_mail_is_sent_inline_when_the_queue_is_unreachable(settings, caplog, django_capture_on_commit_callbacks):
    settings.RQ_QUEUES = {name: {"URL": DEAD_REDIS, "DEFAULT_TIMEOUT": 60} for name in settings.TASK_QUEUES}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    with caplog.at_level(logging.WARNING, logger="workflows.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                recipients=["unit@example.cn"],
                subject="测试通知",
                template="governance/mail/ballot_reminder.txt",
                context={"ballot": {"title": "测试表决", "closes_at": None, "public_id": "x"}},
            )
        # the step committed; its mail went out although the queue could not take it
    assert [m.subject for m in mail.outbox] == ["【联席会】测试通知"]
    assert "task queue unreachable" in caplog.text


def test_an_import_started_while_the_queue_is_down_says_so(
    client, site, editor, settings, django_capture_on_commit_callbacks
):
    from resources.models import ResourceImport
    from tests.search.test_import import GOOD, jsonl
    from tests.search.test_import_jobs import upload

    settings.RQ_QUEUES = {name: {"URL": DEAD_REDIS, "DEFAULT_TIMEOUT": 60} for name in settings.TASK_QUEUES}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    client.force_login(editor)
    response = upload(client, "resources.jsonl", jsonl([GOOD]).getvalue(), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    job = ResourceImport.objects.get()
    assert job.status == ResourceImport.Status.FAILED
    assert "任务队列暂时无法连接" in response.content.decode()
