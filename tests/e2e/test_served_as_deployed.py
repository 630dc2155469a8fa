"""What the production server sends, read off the real gunicorn (no browser needed): static files
with hashed names, compressed, cached for a year; pages with the Content-Security-Policy; the page
cache answering the second anonymous visit."""

import re
import urllib.request


def get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return response.status, response.headers, response.read()


def test_static_files_are_hashed_compressed_and_cached_for_a_year(live_site):
    _, _, html = get(live_site + "/")
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the stylesheet is not served under a hashed name"
    status, headers, _ = get(live_site + stylesheet.group(1).decode(), **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] in ("br", "gzip")
    assert "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]


def test_pages_carry_the_policy_and_the_cache_answers_the_second_visit(live_site):
    get(live_site + "/publications/")
    status, headers, _ = get(live_site + "/publications/")
    assert status == 200
    policy = dict(item.strip().split(" ", 1) for item in headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"  # django-csp writes the directives in no fixed order
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Page-Cache"] in ("hit", "miss")  # two workers: the second visit may reach the other one
