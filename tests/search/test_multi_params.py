"""Every multi-valued parameter is de-duplicated and bounded, and no parameter repeated many times
costs more or repeats hits: one walk over the search page, the search API and every list page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.params import MULTI_VALUED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_pages")]

REPEATS = 400

#: (url, parameter, a valid value). The search parameters' multi-valued ones are in MULTI_VALUED;
#: the list pages' parameters are single-valued (the last value counts).
PARAMETERS = [
    ("/search/?q=数控", "type", "resource"),
    ("/api/search/?q=数控", "type", "resource"),
    ("/api/search/?q=数控", "resource_type", "course_standard"),
    ("/api/search/?q=数控", "school", "测试学校"),
    ("/api/search/?q=数控", "year", "2025"),
    ("/api/search/?q=数控", "page", "1"),
    ("/api/search/?q=数控", "limit", "10"),
    ("/api/search/suggest/?x=1", "q", "数控"),
    ("/news/?x=1", "category", "notice"),
    ("/news/?x=1", "tag", "职业教育"),
    ("/events/?x=1", "type", "seminar"),
    ("/resources/?x=1", "type", "course_standard"),
    ("/resources/?x=1", "year", "2025"),
    ("/publications/?x=1", "page", "1"),
]


def get(client, url, name, values):
    cache.clear()  # the anonymous page cache would answer a URL seen before without a query
    query = "&".join(f"{name}={v}" for v in values)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}&{query}")
    return response, len(queries)


def hit_keys(response) -> list:
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        return [
            (h["type"], h.get("id"), h["url"], h["title"]) for h in body.get("results", body.get("suggestions", []))
        ]
    return []


@pytest.mark.parametrize(("url", "name", "value"), PARAMETERS, ids=lambda p: str(p))
def test_repeating_a_parameter_costs_nothing_and_repeats_no_hit(client, url, name, value):
    get(client, url, name, [value])  # warms the per-process caches (content types, synonyms)
    once, queries_once = get(client, url, name, [value])
    repeated, queries_repeated = get(client, url, name, [value] * REPEATS)
    assert once.status_code == repeated.status_code == 200
    assert queries_repeated == queries_once
    assert hit_keys(repeated) == hit_keys(once)
    keys = hit_keys(repeated)
    assert len(keys) == len(set(keys))
    if name in MULTI_VALUED and url.startswith(("/search/", "/api/search/?")):
        comma, queries_comma = get(client, url, name, [",".join([value] * REPEATS)])
        assert comma.status_code == 200 and queries_comma == queries_once


def test_multi_valued_search_parameters_are_known():
    assert set(MULTI_VALUED) == {"type"}


@pytest.mark.parametrize("url", ["/search/?q=数控", "/api/search/?q=数控"])
def test_too_many_distinct_values_get_a_clear_400(client, url):
    response, _ = get(client, url, "type", [f"kind{i}" for i in range(REPEATS)])
    assert response.status_code == 400
    assert "type 最多可同时选择" in response.content.decode()


def test_several_types_at_once(client):
    both = client.get("/api/search/", {"q": "数控", "type": ["resource", "news"], "limit": 50}).json()
    comma = client.get("/api/search/", {"q": "数控", "type": "resource,news,resource", "limit": 50}).json()
    assert both == comma
    assert {f["value"] for f in both["facets"]["type"]} <= {"resource", "news"}
