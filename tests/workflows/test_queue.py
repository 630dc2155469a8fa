"""At scale, mail goes through a real task queue on Redis (REDIS_URL): the transition only enqueues;
a worker sends. Runs against the Redis server on this machine; skipped with the reason if none answers."""

from django.core import mail

from tests.queue_fixtures import needs_redis, run_worker_until_empty
from workflows.notifications import send_notification_mail

pytestmark = needs_redis


def test_mail_is_queued_then_sent_by_a_worker(rq_backend):
    import django_rq

    result = send_notification_mail.enqueue(subject="【联席会】测试", body="正文", recipients=["a@example.org"])
    assert django_rq.get_queue("default").count == 1 and mail.outbox == []  # queued in Redis, not sent yet
    assert run_worker_until_empty() == 1
    assert django_rq.get_queue("default").count == 0
    assert [m.subject for m in mail.outbox] == ["【联席会】测试"]
    assert result.id
