"""Forgotten and changed passwords, as a member unit's contact would go through them: the login
page leads to the reset form; the mail links to the public address; the link sets a new password
once; nobody learns whether an address has an account; the form cannot flood an inbox."""

import re

import pytest
from django.test import Client

from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Huzhou-Jiaotong-2026"
LINK = re.compile(r"https://lxh\.example\.org(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def contact(db):
    return user_with_role("reset_contact", email="lianluo@hzjt.example.cn")


@pytest.fixture
def request_reset(client, django_capture_on_commit_callbacks):
    def _request(address):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/password_reset/", {"email": address}, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    return _request


def test_the_login_page_leads_to_the_reset_form_and_to_registration(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password_reset/"' in html
    assert 'href="/accounts/register/"' in html
    reset_form = client.get("/accounts/password_reset/")
    assert reset_form.status_code == 200
    assert "找回密码" in reset_form.content.decode()


def test_a_forgotten_password_is_reset_through_the_mailed_link_once(client, contact, request_reset, mailoutbox):
    page = request_reset("LianLuo@HZJT.example.cn")  # as typed, in another case
    assert "请查收邮件" in page and "24 小时" in page
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["lianluo@hzjt.example.cn"]
    assert mail.subject == "【联席会】重设密码"
    assert "reset_contact" in mail.body and "24 小时" in mail.body
    link = LINK.search(mail.body)
    assert link, "the mail does not link to SITE_BASE_URL"

    form = client.get(link.group(1), follow=True)
    assert "设置新密码" in form.content.decode() and "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "密码已重设" in done.content.decode()
    assert logs_in(NEW_PASSWORD)
    assert not logs_in("pw-not-used")

    again = client.get(link.group(1), follow=True).content.decode()
    assert "这个重设链接无效" in again
    assert "new_password1" not in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(request_reset, contact, mailoutbox):
    known = request_reset(contact.email)
    unknown = request_reset("nobody@example.cn")
    assert _main(unknown) == _main(known)
    assert [mail.to for mail in mailoutbox] == [[contact.email]]


def test_an_address_gets_three_reset_mails_an_hour_at_most(request_reset, contact, mailoutbox):
    pages = [request_reset(contact.email) for _ in range(5)]
    assert len(mailoutbox) == 3
    assert all("请查收邮件" in page for page in pages)  # the fourth and fifth look the same


def test_one_client_cannot_spray_reset_mails_across_many_addresses(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_MAILS_PER_CLIENT_PER_HOUR = 2
    for n in range(4):
        user_with_role(f"sprayed_{n}", email=f"sprayed{n}@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            client.post("/accounts/password_reset/", {"email": f"sprayed{n}@example.cn"}, REMOTE_ADDR="203.0.113.9")
        client.post("/accounts/password_reset/", {"email": "sprayed3@example.cn"}, REMOTE_ADDR="198.51.100.4")
    assert [mail.to for mail in mailoutbox] == [
        ["sprayed0@example.cn"],
        ["sprayed1@example.cn"],
        ["sprayed3@example.cn"],
    ]


def test_a_weak_new_password_is_refused_with_the_reason(client, contact, request_reset, mailoutbox):
    request_reset(contact.email)
    form = client.get(LINK.search(mailoutbox[0].body).group(1), follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "这个密码太常见了" in response.content.decode()
    assert not logs_in("12345678")


def test_a_logged_in_user_changes_their_password(client, contact):
    assert client.get("/accounts/password_change/").status_code == 302  # anonymous: to the login page
    client.force_login(contact)
    assert 'href="/accounts/password_change/"' in client.get("/membership/").content.decode()
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "pw-not-used", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    assert logs_in(NEW_PASSWORD)


def logs_in(password: str) -> bool:
    """Whether the contact gets in through the login page with this password (a fresh browser)."""
    browser = Client()
    browser.post("/accounts/login/", {"username": "reset_contact", "password": password})
    return "_auth_user_id" in browser.session


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]
