"""Mail to the people a transition concerns: rendered now, sent after the transaction commits (so a
rolled-back transition sends nothing), through the task queue (inline by default, RQ on Redis)."""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django_tasks import task

logger = logging.getLogger(__name__)

_suppressed: ContextVar[bool] = ContextVar("notifications_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """No mail for what happens inside (demo data, bulk imports): nobody is waiting for it."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    """Whether mail is switched off here (inside `suppressed()`), for senders of their own mail."""
    return _suppressed.get()


def enqueue_or_run(task, **kwargs) -> None:
    """Queue a mail task; if the queue (Redis) cannot be reached, send it now instead, with a log
    line: a committed step's mail is never lost because Redis is down, and the request that made the
    step does not fail after the fact."""
    from redis.exceptions import RedisError

    try:
        task.enqueue(**kwargs)
    except RedisError:
        logger.warning("task queue unreachable: %s sent inline", task.name, exc_info=True)
        task.call(**kwargs)


@task()
def send_notification_mail(*, subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def notify(*, recipients: Iterable[str], subject: str, template: str, context: dict) -> None:
    addresses = sorted({address for address in recipients if address})
    if not addresses or _suppressed.get():
        return
    body = render_to_string(template, {**context, "site_url": settings.SITE_BASE_URL})
    subject = gettext("【联席会】{subject}").format(subject=subject)
    transaction.on_commit(
        lambda: enqueue_or_run(send_notification_mail, subject=subject, body=body, recipients=addresses)
    )
