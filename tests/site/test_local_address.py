"""`make run PORT=8300`: the settings, and so every mail link, the reset link and the certificate
QR code, point at the port the site is served on; `load_demo` prints that address; mail printed to
the console is readable (decoded subject, plain body)."""

import io
import os
import pathlib
import subprocess
import sys

import pytest
from django.core import mail

from core.console_mail import ReadableConsoleBackend
from workflows.certificates import verification_url
from workflows.notifications import notify

ROOT = pathlib.Path(__file__).resolve().parents[2]


def dev_settings(**env) -> dict[str, str]:
    """SITE_BASE_URL and WAGTAILADMIN_BASE_URL as the dev settings compute them from this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_BASE_URL", "WAGTAILADMIN_BASE_URL", "HOST", "PORT")}
    code = (
        "import sys; sys.path.insert(0, 'site'); from alliance.settings import dev; "
        "print(dev.SITE_BASE_URL); print(dev.WAGTAILADMIN_BASE_URL)"
    )
    out = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=True
    ).stdout.split()
    return {"SITE_BASE_URL": out[0], "WAGTAILADMIN_BASE_URL": out[1]}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8300"}, "http://127.0.0.1:8300"),
        ({"HOST": "0.0.0.0", "PORT": "8300"}, "http://127.0.0.1:8300"),  # noqa: S104
        ({"HOST": "::1", "PORT": "8300"}, "http://[::1]:8300"),
        ({"PORT": "8300", "SITE_BASE_URL": "https://lxh.example.cn"}, "https://lxh.example.cn"),
    ],
)
def test_the_site_address_follows_host_and_port_unless_set(env, expected):
    assert dev_settings(**env) == {"SITE_BASE_URL": expected, "WAGTAILADMIN_BASE_URL": expected}


def test_make_run_hands_host_and_port_to_every_step():
    command = ["make", "-n", "run", "PORT=8300"]
    plan = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    steps = [line for line in plan.splitlines() if "manage.py" in line]
    assert [step.split("manage.py ")[1].split()[0] for step in steps] == ["migrate", "load_demo", "runserver"]
    assert all("PORT=8300" in step for step in steps), steps
    assert steps[-1].endswith("runserver 127.0.0.1:8300")


@pytest.mark.django_db
def test_mail_links_reset_link_and_qr_use_the_site_address(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_BASE_URL = "http://127.0.0.1:8300"
    from tests.factories import user_with_role

    user_with_role("port_person", email="port.person@hzjt.example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": "port.person@hzjt.example.cn"})
        notify(recipients=["a@hzjt.example.cn"], subject="测试", template="expertpool/mail/staff.txt", context={})
    assert "http://127.0.0.1:8300/accounts/reset/" in mailoutbox[0].body
    assert "http://127.0.0.1:8300/admin/" in mailoutbox[1].body
    assert verification_url("LXH-2026-000001") == "http://127.0.0.1:8300/certificates/verify/LXH-2026-000001/"
    # load_demo prints the same address: tests/site/test_demo.py (the one test that loads the demo).


def test_console_mail_shows_a_readable_subject_and_body():
    stream = io.StringIO()
    message = mail.EmailMultiAlternatives(
        subject="【联席会】重设密码",
        body="请打开下面的链接重设密码：\nhttp://127.0.0.1:8300/accounts/reset/x/y/",
        from_email="全国中等职业教育合作发展联席会 <noreply@localhost>",
        to=["周老师 <zhou@hzjt.example.cn>"],
    )
    message.attach_alternative("<p>重设密码</p>", "text/html")
    message.attach("入会申请书.pdf", b"%PDF-1.4", "application/pdf")
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: 【联席会】重设密码" in printed
    assert "From: 全国中等职业教育合作发展联席会 <noreply@localhost>" in printed
    assert "To: 周老师 <zhou@hzjt.example.cn>" in printed
    assert "请打开下面的链接重设密码：\nhttp://127.0.0.1:8300/accounts/reset/x/y/" in printed
    assert "入会申请书.pdf" in printed and "text/html" in printed
    assert "=?utf-8?" not in printed.lower()


def test_without_a_mail_server_development_mail_goes_to_the_readable_console():
    code = "import sys; sys.path.insert(0, 'site'); from alliance.settings import dev; print(dev.EMAIL_BACKEND)"
    env = {k: v for k, v in os.environ.items() if k != "EMAIL_HOST"}
    backend = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert backend.stdout.strip() == "core.console_mail.ReadableConsoleBackend"
