"""The public JSON contracts of DESIGN.md."""

import pytest

from tests.conftest import FIXTURES


@pytest.fixture
def corpus(ingest):
    return ingest(FIXTURES / "page.html", FIXTURES / "furniture.txt", FIXTURES / "zh-gbk.txt")


def test_search_answers_the_documented_shape(client, corpus):
    data = client.get("/api/search/", {"q": "regulator"}).json()
    assert set(data) >= {"total", "page", "results", "facets"}
    assert data["total"] == len(data["results"]) == 2
    hit = data["results"][0]
    assert set(hit) >= {"id", "title", "outlet", "published_on", "url", "snippet"}
    assert hit["url"].startswith("http://testserver/articles/")
    assert "<em>" in hit["snippet"].lower()
    assert set(data["facets"]) == {
        *("agencies", "platforms", "campaigns", "laws", "categories", "language", "outlet", "year")
    }


def test_facets_count_per_value(client, corpus):
    facets = client.get("/api/search/", {"q": "regulator"}).json()["facets"]
    assert {"value": "2021", "label": "2021", "count": 2} in facets["year"]
    assert {"value": "meituan", "label": "Meituan", "count": 1} in facets["platforms"]


def test_filters_dates_sort_and_pages(client, corpus):
    assert client.get("/api/search/", {"agency": "samr"}).json()["total"] == 1
    assert (
        client.get("/api/search/", {"platform": "weibo"}).json()["total"] == 2
    )  # a share button is no mention
    assert client.get("/api/search/", {"from": "2021-06-01"}).json()["total"] == 1
    assert client.get("/api/search/", {"to": "2020-01-01"}).json()["total"] == 1
    newest = client.get("/api/search/", {"platform": "weibo", "sort": "newest"}).json()["results"]
    assert [r["published_on"] for r in newest] == ["2021-10-08", "2019-01-03"]
    assert client.get("/api/search/", {"platform": "weibo", "page": "2"}).json()["results"] == []


def test_bad_parameters_are_explained_not_fatal(client, corpus):
    data = client.get(
        "/api/search/", {"q": "regulator", "from": "yesterday", "sort": "best", "page": "x"}
    ).json()
    assert data["total"] == 2
    assert any("from" in note for note in data["notes"]) and any("sort" in note for note in data["notes"])


def test_article_json_is_the_export_record(client, corpus):
    article_id = client.get("/api/search/", {"agency": "samr"}).json()["results"][0]["id"]
    data = client.get(f"/api/articles/{article_id}/").json()
    assert data["title"] == "Market regulator fines food delivery giant"
    assert data["agencies"] == ["State Administration for Market Regulation"]
    assert data["figures"][0]["currency"] == "CNY"
