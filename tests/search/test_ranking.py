"""Pages containing the whole query word come before pages that match only through its parts, and
the count shown is the number of results one can page through."""

import pytest

from news.models import NewsArticlePage, NewsIndexPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

QUERY = "会员费"


@pytest.fixture
def article_with_the_word():
    """A long article that mentions 会员费 once, among many mentions of 会员 (so BM25 alone ranks it low)."""
    filler = "会员单位交流会员工作。" * 40
    page = NewsArticlePage(
        title="联席会工作简报",
        summary="工作简报",
        body=[("paragraph", f"<p>{filler}联席会不收取会员费。{filler}</p>")],
    )
    NewsIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def all_hits(client, query, limit=10):
    hits, number = [], 1
    while True:
        body = client.get("/api/search/", {"q": query, "limit": limit, "page": number}).json()
        hits += body["results"]
        if number * limit >= body["count"] or not body["results"]:
            return body, hits
        number += 1


def test_whole_word_matches_come_first(client, article_with_the_word):
    body, hits = all_hits(client, QUERY)
    ids = [hit["id"] for hit in hits]
    html = client.get("/search/", {"q": QUERY}).content.decode()
    assert "条包含完整的词语“会员费”" in html
    whole = int(html.split("其中 ", 1)[1].split(" 条包含完整的", 1)[0])
    assert 0 < whole < body["count"]
    assert article_with_the_word.pk in ids[:whole]


def test_count_is_what_the_pages_list(client, article_with_the_word):
    body, hits = all_hits(client, QUERY)
    keys = [(hit["type"], hit["id"], hit["url"]) for hit in hits]
    assert len(keys) == len(set(keys)) == body["count"]


def test_the_whole_word_claim_names_the_words_it_means(client):
    """A query of several words: the page says the first hits contain each word whole, naming them,
    and never claims they contain the query as one phrase (专家库入库 is in no page)."""
    html = client.get("/search/", {"q": "专家库入库"}).content.decode()
    assert "包含完整的“专家库入库”" not in html
    assert "条包含完整的词语“专家库”“入库”" in html
