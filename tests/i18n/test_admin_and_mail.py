"""The admin stays in Chinese unless a user picks English; mail follows the visitor's language."""

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    from core import roles

    user = user_with_role("t_i18n_secretariat", roles.SECRETARIAT)
    user.is_superuser = True
    user.save()
    return user


def test_the_admin_is_chinese_by_default_and_english_by_choice(client, staff):
    client.force_login(staff)
    chinese = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # the project's own menu item, in Chinese (the sidebar's items travel as JSON, non-ASCII escaped)
    assert 'lang="zh-hans"' in chinese and ("证书" in chinese or "\\u8bc1\\u4e66" in chinese)
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    english = client.get("/admin/").content.decode()
    assert 'lang="en"' in english and "Certificates" in english


def test_the_english_site_sends_english_mail(client, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password_reset/", {"email": staff.email})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password_reset/done/"
    assert mail.outbox[-1].subject.endswith("Reset your password")
    body = mail.outbox[-1].body
    assert "Someone (hopefully you) asked to reset the password" in body
    assert "/en/accounts/reset/" in body
