"""Query-string text reaches the database only through core.params, which takes control characters
out: a NUL in `/news/?tag=` was a 500 on PostgreSQL (its text type refuses NUL) while SQLite took it.
The fuzz test sends such values to every public view on both databases; this test keeps new code on
the same road on any database."""

import re
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
DIRECT_READ = re.compile(r"request\.GET(\.get\(|\[|\.getlist\()")
#: Reads that never reach a query: the paginator parses its own number, the verification number is
#: matched against a strict pattern, the search page echoes what was typed back into its (escaped) box.
ALLOWED = {
    "site/core/pagination.py",
    "workflows/views.py",
    "search/views.py",
}


def test_no_view_reads_query_text_around_core_params():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.split("/")[0] in {".venv", "tests", "bench"} or "site-packages" in path.parts:
            continue
        if DIRECT_READ.search(path.read_text(encoding="utf-8")) and relative not in ALLOWED:
            offenders.append(relative)
    assert offenders == []


def test_a_nul_in_list_filters_is_answered(site):
    client = Client()
    for url in ("/news/?tag=%00", "/news/?category=%00", "/events/?type=%00", "/members/?type=%00&region=%00"):
        assert client.get(url).status_code == 200, url
