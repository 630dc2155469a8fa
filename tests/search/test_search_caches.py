"""The search's per-process caches (search/services.py: sources per audience, match SQL per query)
are shared by a server's threads: filling them from many threads at once must never fail."""

import sys
import threading

from search.services import _remembered


def test_threads_filling_a_full_cache_at_once_never_fail():
    """Evicting the oldest entry iterates the dict; without the writers' lock another thread's
    insert in between raised "dictionary changed size during iteration" (a 500 for the visitor)."""
    cache: dict = {}
    errors: list[str] = []

    def search_many(thread: int) -> None:
        try:
            for n in range(3000):
                assert _remembered(cache, (thread, n), lambda n=n: n, most=4) == n
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race shows within a second
    try:
        threads = [threading.Thread(target=search_many, args=(number,)) for number in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert len(cache) <= 4
