"""Query budgets: the home, list and detail pages make a bounded number of queries, and the list
pages do not grow with the number of items shown (no query per item)."""

import pytest

# The sample site (tests/factories/sample.py): several items in every list, member units, experts.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_site")]


@pytest.fixture(autouse=True)
def render_every_time(settings):
    """These budgets are for rendering a page; the anonymous page cache would hide them (its own
    cost is pinned in test_page_cache)."""
    settings.PAGE_CACHE_SECONDS = 0


def count_queries(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # measured for an anonymous visitor when the budgets were set, plus a margin of 3
        ("/", 14),  # +1: the home page's 更多 links find each section (its translation on /en/)
        ("/news/", 13),
        ("/events/", 14),
        ("/resources/", 15),
        ("/publications/", 13),
        ("/members/", 8),
        ("/news/news-01/", 14),
        ("/resources/resource-001/", 18),  # +1: the resource's download count (contributions)
        ("/publications/textbook-01/", 15),
    ],
)
def test_page_budgets(client, url, budget, django_assert_max_num_queries):
    client.get(url)  # warm per-process caches (site root, locales)
    count_queries(client, url, django_assert_max_num_queries, budget)


def narrow_major_id() -> int:
    from core.models import Major

    return Major.objects.get(name="护理").pk


@pytest.mark.parametrize(
    ("full", "narrow"),
    [
        ("/resources/", "/resources/?major={major}"),
        ("/news/", "/news/?category=policy"),
        ("/members/", "/members/?type=enterprise"),
        ("/events/", "/events/?type=training"),
    ],
)
def test_list_pages_do_not_query_per_item(client, member, full, narrow):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    narrow = narrow.format(major=narrow_major_id())
    client.get(full)
    with CaptureQueriesContext(connection) as many:
        full_html = client.get(full).content.decode()
    with CaptureQueriesContext(connection) as few:
        narrow_html = client.get(narrow).content.decode()
    assert full_html.count("<li") > narrow_html.count("<li")  # the narrow page really lists fewer items
    assert len(many) == len(few), [q["sql"][:90] for q in many.captured_queries]
