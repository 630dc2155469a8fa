"""The candidate's own buttons on the site go through the declared actions, as the admin's do."""

import pytest
from django.core import mail

from expertpool import services
from tests.expertpool.conftest import profile

pytestmark = pytest.mark.django_db


def test_submitting_from_the_expert_detail_page_tells_the_secretariat(
    client, expert_user, cnc, secretariat, django_capture_on_commit_callbacks
):
    """It used to fire the bare transition: the same step through the service notified, this did not."""
    draft = services.apply(user=expert_user, data=profile(), majors=[cnc], submit=False)
    client.force_login(expert_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/experts/candidates/{draft.public_id}/submit/")
    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert secretariat.email in {address for message in mail.outbox for address in message.to}
