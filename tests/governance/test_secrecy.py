"""A secret ballot: nobody — staff, superusers, admin screens, exports — can tell who voted what; they
can tell who has voted. The strongest check we can make from outside: swap the votes of two units
(same turnout, same counts) and every page and export anyone else can reach must stay byte-for-byte
the same. The same walk over a named ballot does change (so the walk can see a difference)."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from core import roles
from governance import services
from governance.models import BallotPaper, BallotParticipation, Motion
from tests.factories import user_with_role
from tests.governance.factories import member_unit, open_ballot

pytestmark = pytest.mark.django_db

_VOLATILE = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(rb'nonce="[^"]*"'),
    re.compile(rb'"csrfToken": "[^"]*"'),
    re.compile(rb'"CSRF_TOKEN": "[^"]*"'),
    re.compile(rb"csrftoken[^;\"]*"),
    re.compile(rb"data-w-csrf[^ >]*"),
]


def _normalise(content: bytes) -> bytes:
    for pattern in _VOLATILE:
        content = pattern.sub(b"", content)
    return content


def _xlsx_cells(content: bytes) -> list:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _walk(client, ballot, urls_site, urls_admin) -> dict:
    pages = {}
    for url in [*urls_site, *urls_admin]:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = _xlsx_cells(body) if "xlsx" in url else _normalise(body)
    return pages


def _urls(ballot) -> tuple[list[str], list[str]]:
    motion = Motion.objects.get(pk=ballot.motion_id)
    site = [
        reverse("governance:index"),
        reverse("governance:ballot", args=[ballot.public_id]),
        reverse("governance:motion", args=[motion.public_id]),
        reverse("governance:motions"),
    ]
    admin = [
        reverse("governance_ballots:index"),
        reverse("governance_ballots:inspect", args=[ballot.pk]),
        reverse("governance_ballots:history", args=[ballot.pk]),
        reverse("governance_ballots:index") + "?export=csv",
        reverse("governance_ballots:index") + "?export=xlsx",
        reverse("governance_motions:inspect", args=[motion.pk]),
        reverse("governance_motions:history", args=[motion.pk]),
        reverse("governance_motions:index") + "?export=csv",
        "/admin/",
        "/admin/reports/site-history/",
        "/api/search/?q=" + "表决",
    ]
    return site, admin


@pytest.fixture
def three_units(gov_secretariat):
    return [member_unit(f"秘密投票单位{n}") for n in range(3)]


def _swap_and_compare(ballot, units, watchers):
    a, b, onlooker = units
    services.cast(ballot=ballot, user=a.account, choice="support")
    services.cast(ballot=ballot, user=b.account, choice="oppose")
    site, admin = _urls(ballot)
    before = {}
    for name, client in watchers.items():
        before[name] = _walk(client, ballot, site, admin if name != "onlooker" else [])
    services.cast(ballot=ballot, user=a.account, choice="oppose")
    services.cast(ballot=ballot, user=b.account, choice="support")
    after = {}
    for name, client in watchers.items():
        after[name] = _walk(client, ballot, site, admin if name != "onlooker" else [])
    return before, after


def _watchers(client_factory, units, secretariat):
    superuser = User.objects.create_superuser("root_watcher", "root@example.org", "pw")
    chair = user_with_role("chair_watcher", roles.CHAIR)
    watchers = {}
    for name, user in (("superuser", superuser), ("secretariat", secretariat), ("chair", chair),
                       ("onlooker", units[2].account)):  # fmt: skip
        client = client_factory()
        client.force_login(user)
        watchers[name] = client
    return watchers


def test_swapping_two_units_secret_votes_changes_nothing_anyone_else_can_see(three_units, gov_secretariat):
    from django.test import Client

    ballot = open_ballot(gov_secretariat, secret=True)
    watchers = _watchers(Client, three_units, gov_secretariat)
    before, after = _swap_and_compare(ballot, three_units, watchers)
    for name in watchers:
        for url in before[name]:
            assert before[name][url] == after[name][url], f"{name} sees a difference at {url}"
    # …and who has voted is visible to the secretariat:
    inspect = watchers["secretariat"].get(reverse("governance_ballots:inspect", args=[ballot.pk])).content.decode()
    assert "秘密投票单位0" in inspect and "秘密投票单位1" in inspect


def test_the_same_walk_sees_a_named_ballots_votes(three_units, gov_secretariat):
    from django.test import Client

    ballot = open_ballot(gov_secretariat, secret=False)
    watchers = _watchers(Client, three_units, gov_secretariat)
    before, after = _swap_and_compare(ballot, three_units, watchers)
    inspect = reverse("governance_ballots:inspect", args=[ballot.pk])
    assert before["secretariat"][inspect] != after["secretariat"][inspect]


def test_a_secret_paper_names_no_voter_and_carries_no_time(three_units, gov_secretariat):
    ballot = open_ballot(gov_secretariat, secret=True)
    services.cast(ballot=ballot, user=three_units[0].account, choice="support")
    paper = BallotPaper.objects.get(ballot=ballot)
    assert paper.voter_key == "" and paper.cast_by_id is None
    field_names = {f.name for f in BallotPaper._meta.get_fields()}
    assert not field_names & {"created_at", "updated_at", "unit", "user"}
    import hashlib

    unkeyed = hashlib.sha256(f"{ballot.pk}:membership.memberunit:{three_units[0].pk}".encode()).hexdigest()
    assert len(paper.receipt) == 64 and paper.receipt != unkeyed  # a keyed hash, not a guessable one
    assert BallotParticipation.objects.get(ballot=ballot).unit == three_units[0]


def test_the_voter_sees_and_changes_their_own_secret_vote(three_units, gov_secretariat, client):
    ballot = open_ballot(gov_secretariat, secret=True)
    voter = three_units[0].account
    client.force_login(voter)
    url = reverse("governance:ballot", args=[ballot.public_id])
    client.post(url, {"choice": "oppose"})
    page = client.get(url).content.decode()
    assert re.search(r'value="oppose"[^>]*checked', page)
    assert "贵单位已投票" in page
    client.post(url, {"choice": "support"})
    assert BallotPaper.objects.get(ballot=ballot).choice == "support"
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1


def test_no_running_count_of_a_secret_ballot_while_it_is_open(three_units, gov_secretariat, client):
    """Otherwise watching the count move as each unit appears among those who have voted tells who
    voted what."""
    secret = open_ballot(gov_secretariat, secret=True)
    named = open_ballot(gov_secretariat, secret=False)
    for ballot in (secret, named):
        services.cast(ballot=ballot, user=three_units[0].account, choice="support")
    client.force_login(gov_secretariat)

    def inspect(ballot):
        return client.get(reverse("governance_ballots:inspect", args=[ballot.pk])).content.decode()

    assert "赞成 1" not in inspect(secret)
    assert "赞成 1" in inspect(named)
    services.close_ballot(ballot=secret, by=gov_secretariat)
    assert "赞成 1" in inspect(secret)  # the result, once closed
