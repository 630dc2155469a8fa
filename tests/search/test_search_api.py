"""The search page and the JSON API: same results, same visibility rules, clear 400s."""

import pytest

from resources.models import CourseResourcePage, Visibility
from search.services import TYPE_LABELS

# Searches the sample site (tests/factories/sample.py): public and members-only resources, the expert
# 王建国 and a member unit.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_site")]


def api(client, **params):
    response = client.get("/api/search/", params)
    return response.status_code, response.json()


def test_api_shape_and_ranking(client):
    status, body = api(client, q="数控")
    assert status == 200
    assert body["count"] >= 1 and body["results"]
    hit = body["results"][0]
    assert set(hit) == {"id", "external_id", "type", "title", "url", "snippet", "score"}
    scores = [h["score"] for h in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert "<mark>数控</mark>" in "".join(h["snippet"] for h in body["results"])
    assert {f["value"] for f in body["facets"]["type"]} <= set(TYPE_LABELS)


def test_title_matches_rank_first(client):
    status, body = api(client, q="课程标准", type="resource")
    assert "课程标准" in body["results"][0]["title"]


def test_anonymous_callers_never_see_members_only_items(client, member):
    members_only = set(CourseResourcePage.objects.filter(visibility=Visibility.MEMBERS).values_list("pk", flat=True))
    for query in ["试题库", "微课视频", "课程标准", "数控", "护理"]:
        _, body = api(client, q=query, type="resource", limit=50)
        assert not members_only & {h["id"] for h in body["results"]}
    client.force_login(member)
    _, body = api(client, q="试题库", type="resource", limit=50)
    assert members_only & {h["id"] for h in body["results"]}


def test_experts_only_for_members(client, member):
    _, body = api(client, q="王建国")
    assert all(h["type"] != "expert" for h in body["results"])
    client.force_login(member)
    _, body = api(client, q="王建国", type="expert")
    assert [h["title"] for h in body["results"]] == ["王建国"]
    assert "@" not in body["results"][0]["snippet"]


def test_facets_and_filters(client):
    from core.models import Major

    major = Major.objects.get(name="数控技术应用")
    _, body = api(client, q="数控", type="resource")
    assert any(f["value"] == major.pk and f["count"] >= 1 for f in body["facets"]["major"])
    assert body["facets"]["resource_type"]
    _, filtered = api(client, q="数控", resource_type="course_standard")
    assert filtered["results"] and all(h["type"] == "resource" for h in filtered["results"])
    assert all("课程标准" in h["title"] for h in filtered["results"])


def test_pagination(client, member):
    client.force_login(member)
    _, first = api(client, q="课程", limit=2, page=1)
    _, second = api(client, q="课程", limit=2, page=2)
    assert first["count"] == second["count"] and first["count"] > 2
    assert {h["id"] for h in first["results"]}.isdisjoint({h["id"] for h in second["results"]} - {None})


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "缺少查询参数 q"),
        ({"q": "x", "type": "video"}, "type 只能是"),
        ({"q": "x", "page": "abc"}, "page 应为整数"),
        ({"q": "x", "page": "0"}, "page 应在 1 到"),
        ({"q": "x", "limit": "500"}, "limit 最大为 50"),
        ({"q": "x", "major": "999999"}, "不存在"),
        ({"q": "x", "resource_type": "movie"}, "resource_type 只能是"),
        ({"q": "课" * 10_000}, "查询过长"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, params, message):
    status, body = api(client, **params)
    assert status == 400 and message in body["error"]


@pytest.mark.parametrize("query", ["*", '"', "((( AND", "OR NOT", "《》", "\\", "%"])
def test_hostile_queries_are_answered(client, query):
    status, body = api(client, q=query)
    assert status == 200 and body["count"] == 0 and body["results"] == []


def test_an_injection_attempt_is_searched_as_its_words(client):
    """Quotes and comment marks are not syntax: the answer is the one for the words alone."""
    status, hostile = api(client, q="' OR 1=1 --")
    _, plain = api(client, q="OR 1=1")
    assert status == 200 and hostile["count"] == plain["count"]
    assert [hit["url"] for hit in hostile["results"]] == [hit["url"] for hit in plain["results"]]


def test_did_you_mean(client):
    _, body = api(client, q="数空")
    assert body["count"] == 0 and body["suggestion"] == "数控"


def test_search_page_renders_results_facets_and_escapes(client):
    html = client.get("/search/", {"q": "数控 <script>"}).content.decode()
    assert "<script>" not in html.split("<main", 1)[1]  # the page has no inline script at all (CSP)
    html = client.get("/search/", {"q": "数控"}).content.decode()
    assert "找到" in html and "<mark>数控</mark>" in html and "资源类型" in html
    assert client.get("/search/", {"q": "x" * 300}).status_code == 400


def test_autocomplete_suggests_visible_titles(client):
    body = client.get("/api/search/suggest/", {"q": "数控"}).json()
    titles = [s["title"] for s in body["suggestions"]]
    assert titles and all("数控" in t for t in titles)
    members_only = set(CourseResourcePage.objects.filter(visibility=Visibility.MEMBERS).values_list("title", flat=True))
    assert not members_only & set(titles)


def test_search_page_hides_members_only_items_from_anonymous(client, member):
    members_only = list(
        CourseResourcePage.objects.filter(visibility=Visibility.MEMBERS).values_list("title", flat=True)
    )
    html = "".join(client.get("/search/", {"q": q, "limit": 50}).content.decode() for q in ["试题库", "微课视频"])
    assert members_only and not any(title in html for title in members_only)
    client.force_login(member)
    html = client.get("/search/", {"q": "试题库", "limit": 50}).content.decode()
    assert any(title in html for title in members_only)
