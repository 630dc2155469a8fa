"""Elections (Art. 13, 15): nominations with consent, up to N choices per post, seats by votes, ties
reported for a decision, results become council positions with 3-year terms and council votes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance import eligibility, services
from governance.models import Body, Consent, ElectionState
from governance.voting import STAGE, fill_seats
from membership.models import CouncilPosition, UnitAccountRole
from tests.governance.factories import colleague, election, in_a_week, member_unit
from workflows.actions import TransitionRefused, run
from workflows.terms import term_end

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("counts", "seats", "expected"),
    [
        ({1: 5, 2: 3, 3: 1}, 1, ([1], [], 0)),
        ({1: 5, 2: 3, 3: 3}, 2, ([1], [2, 3], 1)),
        ({1: 4, 2: 4}, 1, ([], [1, 2], 1)),
        ({1: 4, 2: 4, 3: 2}, 2, ([1, 2], [], 0)),
        ({1: 2, 2: 0}, 2, ([1], [], 0)),  # nobody is elected with no vote
        ({1: 1}, 3, ([1], [], 0)),
    ],
)
def test_seats_go_by_votes_and_ties_are_reported(counts, seats, expected):
    elected, tied, open_seats = fill_seats(counts, seats)
    assert (sorted(elected), sorted(tied), open_seats) == (sorted(expected[0]), sorted(expected[1]), expected[2])


@pytest.fixture
def units(gov_secretariat):
    return [member_unit(f"选举单位{n}") for n in range(4)]


@pytest.fixture
def nominating(gov_secretariat):
    e = election(gov_secretariat, posts=(("chair", 1), ("director", 2)))
    return run(e, "open_nominations", by=gov_secretariat)


def test_nomination_needs_the_nominees_consent(nominating, units):
    chair_post = nominating.positions.get(post="chair")
    own = services.nominate(position=chair_post, user=units[0].account, nominee=units[0])
    assert own.consent == Consent.ACCEPTED
    other = services.nominate(position=chair_post, user=units[0].account, nominee=units[1])
    assert other.consent == Consent.PENDING
    assert list(chair_post.candidates()) == [own]
    plain = colleague(units[1])
    with pytest.raises(PermissionDenied):
        services.answer_nomination(nomination=other, user=plain, accept=True)
    with pytest.raises(PermissionDenied):
        services.answer_nomination(nomination=other, user=units[0].account, accept=True)
    services.answer_nomination(nomination=other, user=units[1].account, accept=True)
    assert chair_post.candidates().count() == 2
    with pytest.raises(ValidationError):
        services.nominate(position=chair_post, user=units[2].account, nominee=units[1])


def test_only_active_members_nominate_and_are_nominated(nominating, units, gov_secretariat):
    from membership.models import Standing

    gone = member_unit(state=Standing.LEFT)
    post = nominating.positions.get(post="chair")
    with pytest.raises(PermissionDenied):
        services.nominate(position=post, user=gone.account, nominee=units[0])
    with pytest.raises(ValidationError):
        services.nominate(position=post, user=units[0].account, nominee=gone)


def _candidates(election_, units):
    chair_post, director_post = election_.positions.get(post="chair"), election_.positions.get(post="director")
    for unit in units[:2]:
        services.nominate(position=chair_post, user=unit.account, nominee=unit)
    for unit in units[:3]:
        services.nominate(position=director_post, user=unit.account, nominee=unit)
    return chair_post, director_post


def _ids(post):
    return {n.nominee.name: n.pk for n in post.candidates()}


def test_a_full_election_with_a_tie_decided_then_installed(nominating, units, gov_secretariat):
    chair_post, director_post = _candidates(nominating, units)
    election_ = run(nominating, "open_voting", by=gov_secretariat, secret=True, closes_at=in_a_week())
    ballot = election_.ballots.get()
    chair, director = _ids(chair_post), _ids(director_post)
    with pytest.raises(ValidationError):  # at most the post's seats
        services.cast(ballot=ballot, user=units[0].account, selections={str(director_post.pk): list(director.values())})
    votes = [
        ("选举单位0", ["选举单位0", "选举单位1"]),
        ("选举单位0", ["选举单位0", "选举单位2"]),
        ("选举单位1", ["选举单位0"]),
        ("选举单位1", ["选举单位1", "选举单位2"]),
    ]
    for unit, (chair_pick, director_picks) in zip(units, votes, strict=True):
        services.cast(
            ballot=ballot,
            user=unit.account,
            selections={
                str(chair_post.pk): [chair[chair_pick]],
                str(director_post.pk): [director[n] for n in director_picks],
            },
        )
    services.close_ballot(ballot=ballot, by=gov_secretariat)
    election_.refresh_from_db()
    assert election_.state == ElectionState.COUNTED
    chair_post.refresh_from_db()
    director_post.refresh_from_db()
    assert chair_post.result["tied"] and chair_post.result["open_seats"] == 1  # 2 : 2 for the one chair
    assert director_post.result["elected"] == [director["选举单位0"]]
    assert sorted(director_post.result["tied"]) == sorted([director["选举单位1"], director["选举单位2"]])
    with pytest.raises(TransitionRefused):
        run(election_, "install", by=gov_secretariat)
    with pytest.raises(ValidationError):
        services.decide_tie(position=chair_post, by=gov_secretariat, nomination_ids=[director["选举单位0"]])
    services.decide_tie(position=chair_post, by=gov_secretariat, nomination_ids=[chair["选举单位1"]])
    services.decide_tie(position=director_post, by=gov_secretariat, nomination_ids=[director["选举单位2"]])
    election_ = run(election_, "install", by=gov_secretariat)
    seats = CouncilPosition.objects.filter(term_start=election_.term_start).order_by("position", "unit__name")
    assert [(s.position, s.unit.name) for s in seats] == [
        ("chair", "选举单位1"),
        ("director", "选举单位0"),
        ("director", "选举单位2"),
    ]
    assert seats[0].term_end == term_end(election_.term_start)  # Art. 15: 3 years
    assert seats[0].term_end.year - election_.term_start.year in (2, 3)
    # From the first day of the term, the elected units vote in the council.
    assert not eligibility.council_units().filter(name="选举单位1").exists()
    CouncilPosition.objects.filter(term_start=election_.term_start).update(term_start=timezone.localdate())
    assert set(eligibility.council_units().values_list("name", flat=True)) == {"选举单位0", "选举单位1", "选举单位2"}


def test_an_election_below_quorum_elects_nobody(nominating, units, gov_secretariat):
    chair_post, _director = _candidates(nominating, units)
    election_ = run(nominating, "open_voting", by=gov_secretariat, secret=False, closes_at=in_a_week())
    ballot = election_.ballots.get()
    services.cast(
        ballot=ballot, user=units[0].account, selections={str(chair_post.pk): [_ids(chair_post)["选举单位0"]]}
    )
    services.cast(ballot=ballot, user=units[1].account, selections={})
    services.close_ballot(ballot=ballot, by=gov_secretariat)  # 2 of 4: exactly half is no quorum
    chair_post.refresh_from_db()
    assert chair_post.result["elected"] == [] and "未达法定人数" in ballot.__class__.objects.get(pk=ballot.pk).summary


def test_a_delegate_casts_the_units_election_vote(nominating, units, gov_secretariat):
    chair_post, _ = _candidates(nominating, units)
    delegate = colleague(units[3], UnitAccountRole.DELEGATE)
    election_ = run(nominating, "open_voting", by=gov_secretariat, secret=True, closes_at=in_a_week())
    ballot = election_.ballots.get()
    services.cast(ballot=ballot, user=delegate, selections={str(chair_post.pk): [_ids(chair_post)["选举单位1"]]})
    assert STAGE.tally(ballot).cast == 1
    assert ballot.body == Body.PLENARY
