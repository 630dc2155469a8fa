import pytest
from django.core import mail

from membership.models import ApplicationState
from workflows.actions import run

pytestmark = pytest.mark.django_db


def test_mail_goes_out_after_commit_to_the_people_concerned(
    draft, secretariat, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(draft, "submit", by=applicant)
    recipients = {address for message in mail.outbox for address in message.to}
    assert applicant.email in recipients and "contact@school.example.org" in recipients
    assert secretariat.email in recipients
    assert all(message.subject.startswith("【联席会】") for message in mail.outbox)
    assert any(str(draft.public_id) in message.body for message in mail.outbox)


def test_a_refused_transition_sends_nothing(draft, chair, django_capture_on_commit_callbacks):
    from workflows.actions import TransitionRefused

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(TransitionRefused):
            run(draft, "approve", by=chair)
    assert callbacks == [] and mail.outbox == []


def test_council_hears_when_discussion_opens(draft, walk, council, secretariat, django_capture_on_commit_callbacks):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(submitted, "accept_for_discussion", by=secretariat)
    recipients = {address for message in mail.outbox for address in message.to}
    assert {member.email for member in council} <= recipients
