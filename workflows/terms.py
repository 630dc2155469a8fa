"""One notion of a term of office, shared by council positions (Art. 15) and experts (Art. 19)."""

import datetime

from django.conf import settings


def term_years() -> int:
    return getattr(settings, "TERM_YEARS", 3)


def term_end(start: datetime.date, years: int | None = None) -> datetime.date:
    """The last day of a term that starts on `start`: 3 years (the charter's term) less one day.

    29 February starts end on 27 February three years on (28 February is the anniversary).
    """
    years = years if years is not None else term_years()
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a non-leap year
        anniversary = start.replace(year=start.year + years, day=28)
    return anniversary - datetime.timedelta(days=1)
