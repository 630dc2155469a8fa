"""Behind the documented nginx (one proxy appending to X-Forwarded-For), every per-client limit —
the login lockout, registration, password reset, certificate lookups, page and document passwords —
counts the real client, never the proxy: one attacker cannot lock the chair out or use up a limit
for the whole site. Without a trusted proxy, a forged X-Forwarded-For changes nothing."""

import pathlib

import pytest
from django.test import RequestFactory
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core import roles
from core.client_address import client_address
from tests.factories import user_with_role
from tests.factories.pages import site_skeleton

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # nginx on the private network, REMOTE_ADDR of every request it forwards
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"
LIMIT = 3


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.REGISTRATIONS_PER_CLIENT_PER_HOUR = LIMIT
    settings.PASSWORD_RESET_MAILS_PER_CLIENT_PER_HOUR = LIMIT
    settings.CERTIFICATE_LOOKUPS_PER_CLIENT_PER_HOUR = LIMIT
    settings.PAGE_PASSWORD_ATTEMPTS_PER_CLIENT_PER_HOUR = LIMIT


def page_password_url():
    page = site_skeleton().about
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="password", password="s3cret-pw")
    return f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"


def document_password_url():
    collection = Collection.get_first_root_node().add_child(name="密码测试")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="s3cret-pw"
    )
    return f"/documents/authenticate_with_password/{restriction.pk}/"


# name -> (method, url or url factory, data): one attempt at each per-client limit.
LIMITED = {
    "site login": ("post", "/accounts/login/", {"username": "chair", "password": "wrong"}),
    "admin login": ("post", "/admin/login/", {"username": "chair", "password": "wrong"}),
    "registration": ("post", "/accounts/register/", {"username": "probe", "email": "chair@example.org"}),
    "password reset": ("post", "/accounts/password_reset/", {"email": "chair@example.org"}),
    "certificate lookup": ("get", "/certificates/verify/LXH-2026-000001/", None),
    "page password": ("post", page_password_url, {"password": "guess", "return_url": "/about/"}),
    "document password": ("post", document_password_url, {"password": "guess", "return_url": "/"}),
}


@pytest.fixture(params=list(LIMITED))
def attempt(request, client):
    method, url, data = LIMITED[request.param]
    url = url() if callable(url) else url

    def one(**meta):
        client.logout()
        return getattr(client, method)(url, data, **meta) if data else getattr(client, method)(url, **meta)

    return one


def via_proxy(forwarded_for: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}


def test_behind_the_proxy_one_client_using_up_a_limit_does_not_stop_another(attempt, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [attempt(**via_proxy(ATTACKER)).status_code for _ in range(LIMIT + 1)]
    assert codes[-1] == 429, codes
    # A forged left part of the header does not get the attacker a fresh address.
    assert attempt(**via_proxy(f"192.0.2.1, {ATTACKER}")).status_code == 429
    assert attempt(**via_proxy(VICTIM)).status_code != 429


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(attempt, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [attempt(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code for n in range(LIMIT + 1)]
    assert codes[-1] == 429, codes


def test_the_chair_still_logs_in_while_an_attacker_is_locked_out(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    chair = user_with_role("chair", roles.CHAIR)
    chair.set_password("Chair-pass-2026")
    chair.save()
    for _ in range(LIMIT + 1):
        client.post("/accounts/login/", {"username": "chair", "password": "wrong"}, **via_proxy(ATTACKER))
    response = client.post(
        "/accounts/login/", {"username": "chair", "password": "Chair-pass-2026"}, **via_proxy(VICTIM)
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(chair.pk)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "", "198.51.100.7"),
        (0, "198.51.100.7", "203.0.113.1", "198.51.100.7"),  # a direct client's header is ignored
        (1, PROXY, "198.51.100.7", "198.51.100.7"),
        (1, PROXY, "203.0.113.1, 198.51.100.7", "198.51.100.7"),  # forged entry on the left
        (2, PROXY, "203.0.113.1, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # CDN + nginx
        (1, PROXY, "", PROXY),  # the header missing: the nearest address there is
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_client_address_takes_the_entry_the_trusted_proxies_wrote(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_no_code_reads_the_client_address_but_core_client_address():
    root = pathlib.Path(__file__).resolve().parents[2]
    allowed = root / "site" / "core" / "client_address.py"
    offenders = []
    for path in root.rglob("*.py"):
        if {".venv", "tests", "node_modules", "bench"} & set(path.relative_to(root).parts) or path == allowed:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if any(needle in text for needle in ("REMOTE_ADDR", "X_FORWARDED_FOR", "get_client_ip")):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
