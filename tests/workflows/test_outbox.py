"""Notification mail through the outbox (workflows/notifications.py): a committed step leaves one row
that is mailed once; a rolled-back step leaves neither; a mail server that refuses costs the step
nothing and the sweep (`manage.py send_pending_mail`) sends the row later, once."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core import roles
from tests.factories import user_with_role
from workflows import notifications
from workflows.actions import run
from workflows.models import OutboxMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_desk(db):
    return user_with_role("outbox_desk", roles.SECRETARIAT, email="desk@alliance.example.org")


def submit(draft, applicant, capture):
    with capture(execute=True):
        with transaction.atomic():
            run(draft, "submit", by=applicant)


def test_a_committed_step_mails_each_notice_once_and_marks_its_rows_sent(
    draft, applicant, staff_desk, django_capture_on_commit_callbacks
):
    submit(draft, applicant, django_capture_on_commit_callbacks)
    rows = list(OutboxMail.objects.all())
    assert len(rows) == len(mail.outbox) == 2  # the applicant's notice and the secretariat's
    assert all(row.sent_at and row.attempts == 1 for row in rows)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(row.recipients[0] for row in rows)

    # A job delivered twice (a retry, a duplicate) or the sweep finds the rows sent: nothing more goes out.
    assert [notifications.send_row(row.pk) for row in rows] == [False, False]
    assert notifications.send_pending(grace=datetime.timedelta(0)).sent == 0
    assert len(mail.outbox) == 2


def test_a_rolled_back_step_leaves_no_mail_and_no_row(draft, applicant, staff_desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            run(draft, "submit", by=applicant)
            raise RuntimeError("the step fails after the transition")
    assert OutboxMail.objects.count() == 0 and mail.outbox == []


def test_a_refusing_mail_server_keeps_the_row_for_the_sweep_which_sends_it_once(
    draft, applicant, staff_desk, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        submit(draft, applicant, django_capture_on_commit_callbacks)  # the step itself does not fail

    draft.refresh_from_db()
    assert draft.state == "submitted" and mail.outbox == []
    rows = OutboxMail.objects.all()
    assert [(row.sent_at, row.attempts) for row in rows] == [(None, 1), (None, 1)]
    assert "SMTPServerDisconnected" in rows[0].last_error
    assert "left pending" in caplog.text

    out = StringIO()
    call_command("send_pending_mail", "--older-than", "600", stdout=out)  # too recent: its job may still run
    assert out.getvalue().strip() == "sent=0 failed=0 given_up=0" and mail.outbox == []

    OutboxMail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    call_command("send_pending_mail", stdout=out)
    call_command("send_pending_mail", stdout=out)  # a second run sends nothing again
    assert len(mail.outbox) == 2
    assert "sent=2 failed=0 given_up=0" in out.getvalue()
    assert out.getvalue().strip().endswith("sent=0 failed=0 given_up=0")


def test_the_sweep_stops_retrying_a_row_that_always_fails_and_says_so(monkeypatch, caplog):
    row = OutboxMail.objects.create(
        subject="【联席会】测试", body="正文", recipients=["nobody@example.org"], created_at=timezone.now()
    )
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(smtplib.SMTPRecipientsRefused({})),
    )
    for _ in range(notifications.MAX_ATTEMPTS + 2):
        result = notifications.send_pending(grace=datetime.timedelta(0))
    row.refresh_from_db()
    assert row.attempts == notifications.MAX_ATTEMPTS and row.sent_at is None
    assert result == notifications.SweepResult(sent=0, failed=0, given_up=1)
    assert "no longer retried" in caplog.text


def test_suppressed_mail_writes_no_row(django_capture_on_commit_callbacks):
    with notifications.suppressed(), django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            recipients=["a@example.org"],
            subject="测试",
            template="governance/mail/ballot_reminder.txt",
            context={"ballot": {"title": "测试表决", "closes_at": None, "public_id": "x"}},
        )
    assert OutboxMail.objects.count() == 0 and mail.outbox == []


def test_every_mail_the_site_sends_goes_through_the_outbox():
    """Only workflows/notifications.py talks to the mail backend; everything else writes an outbox
    row (notify / send_through_outbox), so every mail is sent once and a lost one is swept."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sender = re.compile(r"\b(send_mail|send_mass_mail|mail_admins|EmailMessage|EmailMultiAlternatives)\(|\.send\(\)")
    allowed = {"workflows/notifications.py", "site/core/accounts.py"}  # accounts: overrides Django's send_mail hook
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not {".venv", "tests", "bench", "scripts", "migrations"} & set(path.parts)
        and str(path.relative_to(root)) not in allowed
        and sender.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_registrants_ticket_arrives_with_its_files_through_the_outbox(mailoutbox, django_capture_on_commit_callbacks):
    from events.models import RegistrationState
    from events.services import register
    from tests.events.factories import EventPageFactory, UserFactory, answers
    from workflows.models import OutboxMail

    person = UserFactory(email="teacher@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=EventPageFactory(), user=person, answers=answers(name="王老师"))
    assert registration.state == RegistrationState.REGISTERED
    row = OutboxMail.objects.get(recipients=["teacher@example.cn"])
    assert row.sent_at is not None and len(row.attachments) == 2
    (mail,) = mailoutbox
    names = sorted(name for name, _content, _type in mail.attachments)
    assert names[0].endswith(".ics") and names[1].endswith(".png")
    assert mail.attachments[0][1]  # not empty
