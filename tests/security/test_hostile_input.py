"""Hostile input, as an attacker would send it through the real forms and views: markup and
`javascript:` in every free-text field, shown escaped on the site and in the admin; forged,
replayed and cross-site requests; spam; hostile upload names and sizes; private files by URL.

(More of the same lives beside the code it tests: upload content checks in tests/workflows,
transition rules and IDOR in tests/membership and tests/expertpool, query abuse in tests/search,
login throttling and the page cache here.)"""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core import roles
from core.models import Major
from expertpool import services as expert_services
from expertpool.actions import SELECTION
from expertpool.models import ExpertCandidate
from membership.models import ApplicationFile, ApplicationState, MembershipApplication
from tests.expertpool.conftest import ALL_PASS, profile
from tests.factories import docx_bytes, pdf_upload, unit_data, user_with_role
from tests.membership.fixtures import issue_certificate, through_discussion
from workflows.actions import run
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script>'
IMAGE = '<img src=x onerror="alert(1)">'
HOSTILE = f"{SCRIPT}{IMAGE}"
ESCAPED_SCRIPT = "&lt;script&gt;"


def assert_escaped(html: str, where: str):
    assert SCRIPT not in html, f"raw <script> on {where}"
    assert IMAGE not in html, f"raw <img onerror> on {where}"
    assert ESCAPED_SCRIPT in html or "\\u003Cscript" in html, f"the hostile text is not shown at all on {where}"


def hostile_unit(**overrides) -> dict:
    short_fields = ("name", "representative", "representative_title", "contact_name")  # at most 50 characters
    data = unit_data(**dict.fromkeys(("address", "introduction"), HOSTILE))
    data.update({field: f"{field}{SCRIPT}" for field in short_fields})
    data.update(overrides)
    return data


def apply_as(client, user, data, **extra):
    client.force_login(user)
    return client.post("/membership/apply/", {**data, "homepage": "", **extra})


def test_javascript_website_is_refused_and_nothing_typed_is_lost(client, applicant):
    response = apply_as(client, applicant, hostile_unit(website="javascript:alert(1)"), letter=pdf_upload(), submit="1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "输入一个有效的 URL" in html
    assert 'href="javascript:' not in html
    assert_escaped(html, "the re-shown application form")
    assert not MembershipApplication.objects.filter(unit__contact_email=unit_data()["contact_email"]).exists()


def certify(application, *, secretariat, chair, council):
    """From submitted to certified, as the real roles."""
    application = through_discussion(application, secretariat=secretariat, council=council, comment=HOSTILE)
    application = run(application, "approve", by=chair, comment=HOSTILE)
    return issue_certificate(application, by=secretariat)


def test_markup_in_every_field_is_escaped_on_the_site_and_in_the_admin(client, applicant, secretariat, chair, council):
    data = hostile_unit(website="https://school.example.org/")
    response = apply_as(client, applicant, data, letter=pdf_upload(), statement=HOSTILE, submit="1")
    assert response.status_code == 302, response.context["form"].errors
    application = MembershipApplication.objects.get(unit__name=data["name"])
    status_url = f"/membership/applications/{application.public_id}/"
    staff = Client()
    staff.force_login(secretariat)
    staff.post(f"/admin/membership/applications/{application.pk}/transition/return_for_revision/", {"comment": HOSTILE})
    assert_escaped(client.get(status_url).content.decode(), "the applicant's status page")
    assert_escaped(staff.get(f"/admin/membership/applications/inspect/{application.pk}/").content.decode(), "inspect")
    assert_escaped(staff.get("/admin/membership/applications/").content.decode(), "the admin list")
    assert_escaped(staff.get("/admin/membership/units/").content.decode(), "the admin list of units")

    client.post(f"{status_url}resubmit/")
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    number = certify(application, secretariat=secretariat, chair=chair, council=council).certificate.number
    assert_escaped(client.get(status_url).content.decode(), "the applicant's status page, certified")
    assert_escaped(Client().get("/members/").content.decode(), "the public member directory")
    assert_escaped(Client().get(f"/certificates/verify/{number}/").content.decode(), "the verification page")
    assert_escaped(staff.get("/admin/certificates/").content.decode(), "the admin list of certificates")


def test_markup_in_an_expert_profile_is_escaped_everywhere(client, secretariat, member):
    cnc = Major.objects.get(name="数控技术应用")
    person = user_with_role("hostile_expert", email="hostile@example.org")
    fields = dict.fromkeys(("employer", "position", "keywords", "bio"), HOSTILE)
    candidate = expert_services.apply(user=person, data=profile(name=f"专家{SCRIPT}", **fields), majors=[cnc])
    committee = roles.group(roles.EXPERT_COMMITTEE)
    committee.user_set.clear()
    voter = user_with_role("hostile_committee", roles.EXPERT_COMMITTEE)
    candidate = expert_services.review_qualification(candidate=candidate, by=secretariat, results=ALL_PASS)
    SELECTION.cast(candidate, voter=voter, choice="support", comment=HOSTILE)
    candidate = SELECTION.close(candidate, by=secretariat)

    client.force_login(person)
    assert_escaped(client.get(f"/experts/candidates/{candidate.public_id}/").content.decode(), "the expert's own page")
    client.force_login(secretariat)
    assert_escaped(client.get(f"/admin/experts/candidates/inspect/{candidate.pk}/").content.decode(), "expert inspect")
    assert_escaped(client.get("/admin/experts/candidates/").content.decode(), "the admin list of experts")
    client.force_login(member)
    assert_escaped(client.get("/experts/").content.decode(), "the members' expert directory")


def test_markup_in_a_search_query_is_escaped(client):
    assert_escaped(client.get("/search/", {"q": f"数控{SCRIPT}"}).content.decode(), "the search page")
    api = client.get("/api/search/", {"q": f"数控{SCRIPT}"})
    assert api["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/accounts/login/", {"username": "member", "password": "x"}),
        ("/accounts/register/", {"username": "csrf_victim", "password1": "Aa-123456789", "password2": "Aa-123456789"}),
        ("/membership/apply/", unit_data()),
        ("/experts/apply/", profile()),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(url, data, applicant):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    assert browser.post(url, data).status_code == 403


def test_a_cross_site_admin_transition_is_refused(draft, walk, secretariat):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(secretariat)
    url = f"/admin/membership/applications/{submitted.pk}/transition/accept_for_discussion/"
    assert browser.post(url, {"comment": ""}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.SUBMITTED


def test_a_replayed_transition_happens_once(client, draft, walk, secretariat):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    client.force_login(secretariat)
    url = f"/admin/membership/applications/{submitted.pk}/transition/accept_for_discussion/"
    client.post(url, {"comment": "第一次"})
    replay = client.post(url, {"comment": "重放"}, follow=True)
    assert "不能执行" in replay.content.decode()
    logged = TransitionLog.objects.filter(object_id=submitted.pk, transition="accept_for_discussion")
    assert logged.count() == 1


def test_an_applicant_cannot_fire_a_staff_transition_from_the_site(client, draft, walk, applicant):
    submitted = walk(draft, ApplicationState.SUBMITTED)
    client.force_login(applicant)
    for transition in ("accept_for_discussion", "approve", "issue_certificate", "state"):
        client.post(f"/membership/applications/{submitted.public_id}/{transition}/", {"comment": ""})
    submitted.refresh_from_db()
    assert submitted.state == ApplicationState.SUBMITTED


@pytest.mark.parametrize(
    "url", ["/accounts/register/", "/membership/apply/", "/experts/apply/"], ids=["register", "apply", "expert"]
)
def test_a_bot_filling_the_hidden_field_is_refused(client, applicant, url):
    before = (User.objects.count(), MembershipApplication.objects.count(), ExpertCandidate.objects.count())
    if url != "/accounts/register/":
        client.force_login(applicant)
    data = {
        "/accounts/register/": {
            "username": "spam_bot",
            "first_name": "机器人",
            "email": "bot@spam.example",
            "password1": "Spam-pass-2026",
            "password2": "Spam-pass-2026",
        },
        "/membership/apply/": {**unit_data(name="垃圾单位"), "letter": pdf_upload(), "submit": "1"},
        "/experts/apply/": {**profile(email="bot@spam.example"), "submit": "1"},
    }[url]
    response = client.post(url, {**data, "homepage": "http://spam.example/"})
    assert response.status_code == 200  # the form again, nothing saved
    assert (User.objects.count(), MembershipApplication.objects.count(), ExpertCandidate.objects.count()) == before


def test_one_address_registering_account_after_account_is_stopped_and_nothing_typed_is_lost(client, settings):
    settings.REGISTRATIONS_PER_CLIENT_PER_HOUR = 3

    def register(n, address="203.0.113.7"):
        data = {
            "username": f"batch_{n}",
            "first_name": "批量",
            "email": f"batch{n}@spam.example",
            "password1": "Batch-pass-2026",
            "password2": "Batch-pass-2026",
        }
        client.logout()
        return client.post("/accounts/register/", data, REMOTE_ADDR=address)

    assert [register(n).status_code for n in range(3)] == [302, 302, 302]
    refused = register(3)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "提交注册的次数过多" in html and 'value="batch_3"' in html and 'value="batch3@spam.example"' in html
    assert not User.objects.filter(username="batch_3").exists()
    assert register(4, address="198.51.100.20").status_code == 302  # another school's network is not affected


HOSTILE_NAMES = [
    ("../../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
    ("申请\x00书.pdf", "申请书.pdf"),
    ("申请书\u202efdp.exe.pdf", "申请书fdp.exe.pdf"),
    ("职" * 300 + ".pdf", None),
]


@pytest.mark.parametrize(("raw", "expected"), HOSTILE_NAMES, ids=["dotdot", "backslash", "nul", "rtl", "300-chinese"])
def test_hostile_file_names_are_stored_safely(client, applicant, settings, raw, expected):
    response = apply_as(client, applicant, unit_data(), letter=pdf_upload(name=raw), submit="1")
    assert response.status_code == 302
    stored = ApplicationFile.objects.get(application__unit__name=unit_data()["name"])
    assert "/" not in stored.original_name and "\\" not in stored.original_name
    assert "\x00" not in stored.original_name and "\u202e" not in stored.original_name
    assert stored.original_name.endswith(".pdf")
    if expected:
        assert stored.original_name == expected
    else:
        assert len(stored.original_name) <= 120
    path = stored.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT)) and ".." not in path


def test_a_too_big_letter_is_refused_with_the_limit_and_the_form_keeps_its_values(client, applicant, settings):
    settings.WORKFLOW_UPLOAD_MAX_BYTES = 1024
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * 4096)
    response = apply_as(client, applicant, unit_data(), letter=big, submit="1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "文件过大" in html and "上限为 1.0" in html
    assert unit_data()["address"] in html  # what was typed is still there
    assert not MembershipApplication.objects.filter(unit__name=unit_data()["name"]).exists()


DISGUISED_LETTERS = [
    ("入会申请书.pdf", b"<html><script>alert(1)</script></html>", "文件内容与扩展名"),
    ("入会申请书.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "文件内容与扩展名"),
    ("入会申请书.docx", docx_bytes(b"0" * (20 * 1024 * 1024)), "压缩炸弹"),  # 20 MB of zeros, ~20 KB zipped
]


@pytest.mark.parametrize(
    ("name", "content", "message"), DISGUISED_LETTERS, ids=["html-as-pdf", "svg-as-pdf", "zip-bomb"]
)
def test_a_disguised_letter_is_refused_on_the_form_and_nothing_typed_is_lost(client, applicant, name, content, message):
    letter = SimpleUploadedFile(name, content)
    response = apply_as(client, applicant, unit_data(), letter=letter, submit="1")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert unit_data()["address"] in html
    assert not MembershipApplication.objects.filter(unit__name=unit_data()["name"]).exists()


def test_private_files_and_documents_are_not_served_from_media(client, draft, admin_user):
    client.force_login(admin_user)
    letter = draft.files.get()
    for url in (
        f"/media/{letter.file.name}",
        f"/private-media/{letter.file.name}",
        "/media/documents/",
        f"/media/../private-media/{letter.file.name}",
    ):
        assert client.get(url).status_code == 404, url
