"""`manage.py purge_pending_uploads` (daily) removes the uploads abandoned forms left behind and keeps
those of forms still being filled in."""

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory, pdf_upload, unit_data
from workflows.pending_uploads import FOLDER
from workflows.storage import private_storage

pytestmark = pytest.mark.django_db


def kept_after_a_failed_submit(client, name: str) -> str:
    """An applicant's membership form fails on the e-mail field with a letter attached: the letter
    is kept. Returns its path in private storage."""
    before = set(private_storage().listdir(FOLDER)[1]) if private_storage().exists(FOLDER) else set()
    client.force_login(UserFactory())
    data = {**unit_data(), "homepage": "", "submit": "1", "contact_email": "不是邮箱"}
    response = client.post("/membership/apply/", {**data, "letter": pdf_upload(name)})
    assert response.status_code == 200 and name in response.content.decode()
    (added,) = set(private_storage().listdir(FOLDER)[1]) - before
    return f"{FOLDER}/{added}"


def age(path: str, hours: int) -> None:
    then = time.time() - hours * 3600
    os.utime(private_storage().path(path), (then, then))


def test_stale_kept_uploads_are_removed_and_fresh_ones_kept(client_factory):
    stale_client, fresh_client = client_factory(), client_factory()
    stale = kept_after_a_failed_submit(stale_client, "三天前的申请书.pdf")
    fresh = kept_after_a_failed_submit(fresh_client, "刚才的申请书.pdf")
    age(stale, hours=72)
    age(fresh, hours=1)
    out = io.StringIO()
    call_command("purge_pending_uploads", stdout=out)
    assert "removed 1 kept upload(s) older than 48 hours" in out.getvalue()
    assert not private_storage().exists(stale) and private_storage().exists(fresh)
    # the abandoned session, coming back, no longer lists the removed file; the other still has its own
    data = {**unit_data(), "homepage": "", "submit": "1", "contact_email": "不是邮箱"}
    assert "三天前的申请书.pdf" not in stale_client.post("/membership/apply/", data).content.decode()
    assert "刚才的申请书.pdf" in fresh_client.post("/membership/apply/", data).content.decode()


def test_the_age_is_a_setting_and_an_option(client, settings):
    path = kept_after_a_failed_submit(client, "申请书.pdf")
    age(path, hours=5)
    settings.WORKFLOW_PENDING_UPLOADS_MAX_AGE_HOURS = 6
    call_command("purge_pending_uploads", stdout=io.StringIO())
    assert private_storage().exists(path)
    call_command("purge_pending_uploads", "--older-than-hours", "4", stdout=io.StringIO())
    assert not private_storage().exists(path)


def test_an_age_below_an_hour_is_refused(client):
    path = kept_after_a_failed_submit(client, "申请书.pdf")
    with pytest.raises(CommandError, match="至少为 1"):
        call_command("purge_pending_uploads", "--older-than-hours", "0")
    assert private_storage().exists(path)


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
