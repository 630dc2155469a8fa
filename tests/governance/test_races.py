"""Two accounts of one unit voting at the same moment leave exactly one vote (PostgreSQL row locks;
real threads and connections, as tests/membership/test_races.py)."""

import pytest

from governance import services
from governance.models import BallotPaper, BallotParticipation
from governance.voting import STAGE
from membership.models import UnitAccountRole
from tests.factories import user_with_role
from tests.governance.factories import colleague, member_unit, open_ballot, setup_roles
from tests.races import at_once, on_postgres

pytestmark = [
    pytest.mark.postgres,
    on_postgres,
    pytest.mark.django_db(transaction=True),
]


def together(calls):
    """What the calls raised, fired at the same instant (tests/races.py)."""
    return at_once(calls, timeout=30)[1]


@pytest.mark.parametrize("secret", [False, True])
def test_two_accounts_of_one_unit_at_once_leave_one_vote(secret):
    from core import roles

    setup_roles()
    from membership.models import Membership, Standing

    Membership.objects.update(state=Standing.LEFT)
    secretariat = user_with_role("race_sec", roles.SECRETARIAT)
    unit, other = member_unit(), member_unit()
    representative = colleague(unit, UnitAccountRole.REPRESENTATIVE)
    delegate = colleague(unit, UnitAccountRole.DELEGATE)
    ballot = open_ballot(secretariat, secret=secret)
    errors = together(
        [
            lambda: services.cast(ballot=ballot, user=representative, choice="support"),
            lambda: services.cast(ballot=ballot, user=delegate, choice="oppose"),
        ]
    )
    assert errors == []
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1
    assert BallotParticipation.objects.filter(ballot=ballot, unit=unit).count() == 1
    tally = STAGE.tally(ballot)
    assert tally.cast == 1 and tally.entitled == 2
    assert other  # the second unit is entitled but has not voted
