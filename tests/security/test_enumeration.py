"""No public form says whether an account exists. Each form is answered once for an identity that
has an account and once for one that has none; after removing what was typed, the two answers
are the same. (Every POST to the registration and reset forms also counts against the client's
limit, valid or not: tests/security/test_client_address.py sends invalid forms until refused.)"""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from expertpool import services as expert_services
from tests.expertpool.conftest import profile
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

EXISTING = {"username": "known_person", "email": "known.person@hzjt.example.cn"}
UNKNOWN = {"username": "never_seen", "email": "never.seen@hzjt.example.cn"}


@pytest.fixture(autouse=True)
def existing_account(db):
    return user_with_role(EXISTING["username"], email=EXISTING["email"])


def answer(response, *typed) -> tuple:
    """What the visitor sees, with their own input and the per-request tokens taken out."""
    text = response.content.decode() if not response.streaming else ""
    text = re.sub(r'(csrfmiddlewaretoken" value="|"CSRF_TOKEN": ")[^"]*"', "", text)
    location = response.get("Location", "")
    for value in typed:
        text, location = text.replace(value, "«typed»"), location.replace(value, "«typed»")
    return response.status_code, location, text


def register(identity, **extra):
    data = {
        "username": f"{identity['username']}_new",
        "first_name": "联系人",
        "email": identity["email"],
        "password1": "Lianluo-pass-2026",
        "password2": "Lianluo-pass-2026",
        **extra,
    }
    return Client().post("/accounts/register/", data), (data["username"], identity["email"])


FORMS = {
    # name: identity -> (response, what was typed)
    "registration, valid": lambda identity: register(identity),
    "registration, passwords differ": lambda identity: register(identity, password2="Something-else-2026"),
    "password reset": lambda identity: (
        Client().post("/accounts/password_reset/", {"email": identity["email"]}, follow=True),
        (identity["email"],),
    ),
    "login, wrong password": lambda identity: (
        Client().post("/accounts/login/", {"username": identity["username"], "password": "wrong"}),
        (identity["username"],),
    ),
    "admin login, wrong password": lambda identity: (
        Client().post("/admin/login/", {"username": identity["username"], "password": "wrong"}),
        (identity["username"],),
    ),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_no_public_form_says_whether_an_account_exists(form):
    known_response, known_typed = FORMS[form](EXISTING)
    unknown_response, unknown_typed = FORMS[form](UNKNOWN)
    assert answer(known_response, *known_typed) == answer(unknown_response, *unknown_typed)


def test_registering_with_a_known_address_creates_the_account_like_any_other(client):
    response, _typed = register(EXISTING)
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=EXISTING["email"]).count() == 2


def test_the_consent_link_shows_the_same_page_whether_the_nominee_has_an_account(member_with_unit, cnc):
    """The consent form is reached only with the token mailed to the nominee; its first page does
    not differ either way (only the addressee, who owns the address, learns more by answering)."""
    member, unit = member_with_unit
    answers = []
    for identity in (EXISTING, UNKNOWN):
        _candidate, token = expert_services.recommend(
            by=member, unit=unit, data=profile(email=identity["email"]), majors=[cnc], recommendation="推荐"
        )
        response = Client().get(f"/experts/consent/{token}/")
        answers.append(answer(response, identity["email"], token))
    assert answers[0] == answers[1]
    unknown_token = Client().get("/experts/consent/not-a-real-token/")
    assert unknown_token.status_code == 404


@pytest.fixture
def cnc():
    from core.models import Major

    return Major.objects.get(name="数控技术应用")


@pytest.fixture
def member_with_unit(draft, walk, applicant):
    from membership.models import ApplicationState

    return applicant, walk(draft, ApplicationState.CERTIFIED).unit
