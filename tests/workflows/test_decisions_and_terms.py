import datetime

import pytest

from workflows.decisions import Tally
from workflows.terms import term_end


def tally(entitled, support, oppose=0, abstain=0, quorum=50, threshold=50):
    return Tally(entitled, support, oppose, abstain, quorum, threshold)


@pytest.mark.parametrize(
    ("args", "quorate", "passed"),
    [
        ((10, 6), True, True),
        ((10, 5), False, False),  # exactly half took part: no quorum
        ((10, 5, 1), True, False),  # half support is not "more than half"
        ((10, 6, 4), True, True),
        ((1, 1), True, True),
        ((0, 0), False, False),  # nobody entitled: nothing passes
    ],
)
def test_article_23_more_than_half_of_those_entitled(args, quorate, passed):
    result = tally(*args)
    assert (result.quorate, result.passed) == (quorate, passed)


def test_tally_round_trips_and_summarises():
    result = tally(5, 3, 1, 1)
    assert Tally.from_dict(result.as_dict()) == result
    assert result.summary == "应投票 5 人，实投 5 票：赞成 3、反对 1、弃权 1；通过"


def test_a_term_is_three_years_less_a_day():
    assert term_end(datetime.date(2026, 1, 1)) == datetime.date(2028, 12, 31)
    assert term_end(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 27)
