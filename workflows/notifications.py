"""Mail to the people a transition concerns, through a transactional outbox.

`notify()` renders the mail now and writes it as an `OutboxMail` row in the transition's own
transaction, so a rolled-back step leaves no mail and a committed one always leaves its row. After
the commit the row's id goes to the task queue (inline by default, RQ on Redis); the task sends the
row under a row lock and marks it sent in the same transaction:

- a row marked sent is never sent again (a second job, a retry or the sweep finds it sent and stops);
- two senders never send one row at once (`SELECT … FOR UPDATE SKIP LOCKED`: the second skips it);
- a worker killed while sending (SIGKILL, the job's timeout, the machine) loses its database
  connection, PostgreSQL releases the lock and rolls back, and the row stays pending. RQ files such a
  job as abandoned and failed, and does not retry it (django-tasks-rq gives its jobs no `Retry`), so
  `manage.py send_pending_mail` (every few minutes, docs/operations.md) sends every row still pending
  after a grace period.
- Redis down: the row is sent inline by the web worker, as before; if that fails too (the mail server
  is down as well) the row stays pending for the sweep and the request that made the step still
  succeeds.

The one case that can still send twice is the SMTP server accepting the message and the sender dying
before its commit, a window of milliseconds that no sender can close (the server's "250 OK" and our
commit are two systems); the drill kills the worker before that answer (tests/scale/test_mail_drill.py).
"""

import base64
import datetime
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

logger = logging.getLogger(__name__)

_suppressed: ContextVar[bool] = ContextVar("notifications_suppressed", default=False)

#: A row still pending this long after it was written is the sweep's (its job is lost or stuck).
SWEEP_GRACE = datetime.timedelta(minutes=5)
#: After this many failed sends the sweep leaves a row alone and logs it as an error every run.
MAX_ATTEMPTS = 8
#: Seconds an SMTP conversation may stall before the send fails (Django's default is to wait forever,
#: which would hold the row's lock and the worker as long as the mail server hangs).
SMTP_TIMEOUT = 60


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
    """The queue's job before the outbox; kept so that jobs queued by the previous release still run."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@task()
def send_outbox_mail(*, mail_id: int) -> bool:
    """Send outbox row `mail_id` unless it is sent already or being sent; whether this call sent it."""
    return send_row(mail_id)


def send_row(mail_id: int) -> bool:
    """Send one pending row and mark it sent, under its row lock (see the module's docstring).
    A failed send counts the attempt, keeps the error on the row and raises it (RQ records the job
    as failed); the row stays pending for the sweep."""
    from .models import OutboxMail

    failure = None
    with transaction.atomic():
        mail = OutboxMail.objects.select_for_update(skip_locked=True).filter(pk=mail_id, sent_at__isnull=True).first()
        if mail is None:
            return False
        mail.attempts += 1
        try:
            connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT)
            _message_of(mail, connection).send()
        except Exception as error:  # any failure of the mail server leaves the row pending
            failure = error
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        else:
            mail.sent_at = timezone.now()
        mail.save(update_fields=["attempts", "last_error", "sent_at"])
    if failure is not None:
        logger.warning("mail %s not sent (attempt %s), left pending: %s", mail_id, mail.attempts, mail.last_error)
        raise failure
    return True


def _message_of(mail, connection) -> EmailMessage:
    message = EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients, connection=connection)
    for attachment in mail.attachments:
        message.attach(attachment["name"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return message


def _queue_row(mail_id: int) -> None:
    """After the commit: hand the row to the queue (or, Redis down, send it now). Nothing here may
    fail the request whose step has already committed: a row that could not be sent waits for the sweep."""
    try:
        enqueue_or_run(send_outbox_mail, mail_id=mail_id)
    except Exception:
        logger.exception("mail %s left pending for `manage.py send_pending_mail`", mail_id)


@dataclass(frozen=True)
class SweepResult:
    sent: int
    failed: int
    given_up: int


def send_pending(*, grace: datetime.timedelta = SWEEP_GRACE) -> SweepResult:
    """Send every row pending for longer than `grace` (a worker killed while sending, Redis down,
    the mail server refusing), each at most once; rows that failed MAX_ATTEMPTS times are logged."""
    from .models import OutboxMail

    pending = OutboxMail.objects.filter(sent_at__isnull=True)
    due = pending.filter(created_at__lte=timezone.now() - grace, attempts__lt=MAX_ATTEMPTS)
    sent = failed = 0
    for mail_id in due.values_list("pk", flat=True):
        try:
            sent += send_row(mail_id)
        except Exception:  # logged by send_row; the next row may well go through
            failed += 1
    given_up = pending.filter(attempts__gte=MAX_ATTEMPTS).count()
    if given_up:
        logger.error("%s outbox mail(s) failed %s times and are no longer retried", given_up, MAX_ATTEMPTS)
    return SweepResult(sent=sent, failed=failed, given_up=given_up)


def notify(*, recipients: Iterable[str], subject: str, template: str, context: dict) -> None:
    """Mail `recipients` once the current transaction commits (now, outside one)."""
    addresses = sorted({address for address in recipients if address})
    if not addresses or _suppressed.get():
        return
    body = render_to_string(template, {**context, "site_url": settings.SITE_BASE_URL})
    send_through_outbox(subject=gettext("【联席会】{subject}").format(subject=subject), body=body, recipients=addresses)


def send_through_outbox(
    *, subject: str, body: str, recipients: list[str], attachments: Iterable[tuple[str, bytes, str]] = ()
) -> None:
    """Write one outbox row (in the current transaction) and queue it after the commit: every mail
    the site sends goes this way (a step's notification, a registrant's ticket, a staff digest), so
    each is sent once. `attachments`: (file name, content, MIME type)."""
    from .models import OutboxMail

    if not recipients or _suppressed.get():
        return
    files = [
        {"name": name, "content": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}
        for name, content, mimetype in attachments
    ]
    mail = OutboxMail.objects.create(subject=subject, body=body, recipients=list(recipients), attachments=files)
    transaction.on_commit(lambda: _queue_row(mail.pk))
