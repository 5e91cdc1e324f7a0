"""Attention over time: the search's matches per month from the index's month facet, compared
queries (compare=) on the same chart, on the search page and in its JSON twin."""

from collections import Counter
from datetime import date

import pytest
from django.http import QueryDict

from archive.attention import STALE, attention
from archive.models import Article
from archive.search import indexing
from archive.search.query import SearchPage, SearchParams, Timeline, search, search_timeline
from tests.conftest import SAMPLES


def held(page: SearchPage) -> tuple[dict[date, int], int]:
    """The months of the articles a search holds, as the index stores their dates (every copy:
    the search is asked for all of them, on one page)."""
    assert page.total == len(page.hits), "the corpus fits on one page"
    months = Counter(hit.published_on.replace(day=1) for hit in page.hits if hit.published_on)
    return dict(months), sum(1 for hit in page.hits if hit.published_on is None)


@pytest.mark.parametrize("q", ["", "WeChat", "gambling", "网信办", "regulator", "nothing-matches-this"])
def test_counts_per_month_are_what_the_index_holds_for_the_query(search_corpus, q):
    every_copy = search(SearchParams(q=q, copies=True))
    months, undated = held(every_copy)
    assert every_copy.timeline.per_month == months
    assert every_copy.timeline.undated == undated
    assert search(SearchParams(q=q)).timeline == every_copy.timeline  # a story once, counted whole


def test_a_compared_query_is_counted_from_the_index_alone(search_corpus, django_assert_num_queries):
    expected = search(SearchParams(q="WeChat")).timeline
    with django_assert_num_queries(0):  # the index, not the database
        found, why = search_timeline(SearchParams(q="WeChat"))
    assert (found, why) == (expected, "")
    assert expected.per_month and expected.undated == 1


def test_filters_and_dates_narrow_every_compared_query(search_corpus):
    params, notes = SearchParams.from_query_dict(QueryDict("q=WeChat&compare=gambling&from=2018-01-01"))
    assert notes == [] and params.compare == ("gambling",)
    chart = attention(params, search(params)).chart
    alone = search_timeline(SearchParams(q="gambling", date_from=date(2018, 1, 1)))[0]
    assert [s.label for s in chart.series] == ["WeChat", "gambling"]
    assert chart.series[1].counts == alone.per_month
    assert all(month >= date(2018, 1, 1) for s in chart.series for month in s.counts)


def test_a_rebuild_and_a_catch_up_fill_the_months(ingest):
    assert ingest(SAMPLES).ok  # indexed by the ingest's catch-up
    dates = Article.objects.filter(superseded_by=None).values_list("published_on", flat=True)
    expected = dict(Counter(day.replace(day=1) for day in dates if day))
    undated = sum(1 for day in dates if day is None)
    assert search(SearchParams(copies=True)).timeline == Timeline(expected, undated)
    indexing.rebuild()
    assert search(SearchParams(copies=True)).timeline == Timeline(expected, undated)


def test_the_search_page_shows_the_chart_with_undated_articles_apart(client, search_corpus):
    page = client.get("/search/", {"q": "WeChat"}).content.decode()
    assert '<svg viewBox="0 0 640 160" role="img"' in page
    assert "Matching articles per month" in page
    assert "1 more gives no date." in page
    assert 'class="chart__bar chart__bar--0"' in page and "chart__bar--1" not in page


def test_compare_puts_two_queries_on_one_chart(client, search_corpus):
    page = client.get("/search/", {"q": "WeChat", "compare": "gambling"}).content.decode()
    assert "chart__bar--0" in page and "chart__bar--1" in page
    assert page.count('class="chart__key"') == 2
    assert "<strong>“WeChat”</strong>:" in page and "<strong>“gambling”</strong>:" in page
    assert 'name="compare" value="gambling"' in page  # the form keeps it
    assert "compare=gambling" in page  # and so do the facet and page links


def test_the_json_twin_carries_the_series(client, search_corpus):
    data = client.get("/api/search/", {"q": "WeChat", "compare": ["gambling", "CAC"]}).json()
    series = data["attention"]["series"]
    assert [s["query"] for s in series] == ["WeChat", "gambling", "CAC"]
    for one in series:
        found = search_timeline(SearchParams(q=one["query"]))[0]
        assert one["per_month"] == {f"{m:%Y-%m}": n for m, n in sorted(found.per_month.items())}
        assert one["undated"] == found.undated
        assert one["articles"] == sum(found.per_month.values()) + found.undated
        assert one["summary"]
    assert data["total"] == client.get("/api/search/", {"q": "WeChat"}).json()["total"]


def test_more_than_three_queries_is_a_note_not_an_error(client, search_corpus):
    query = {"q": "WeChat", "compare": ["gambling", "CAC", "Weibo", "fraud"]}
    data = client.get("/api/search/", query).json()
    assert [s["query"] for s in data["attention"]["series"]] == ["WeChat", "gambling", "CAC"]
    assert "Only 3 queries fit on one chart: left out “Weibo”, “fraud”." in data["notes"]
    page = client.get("/search/", query)
    assert page.status_code == 200 and "left out “Weibo”, “fraud”" in page.content.decode()


def test_compare_alone_charts_its_queries_without_results(client, search_corpus):
    page = client.get("/search/", {"compare": ["WeChat", "gambling", "CAC"]}).content.decode()
    assert page.count('class="chart__key"') == 3 and "results__total" not in page
    data = client.get("/api/search/", {"compare": ["WeChat", "gambling"]}).json()
    assert [s["query"] for s in data["attention"]["series"]] == ["WeChat", "gambling"]


@pytest.mark.parametrize("value", ["", "   ", "WeChat", "wechat", "\x00", "!!!", '"unclosed'])
def test_empty_repeated_or_unsearchable_compare_values_are_harmless(client, search_corpus, value):
    response = client.get("/api/search/", {"q": "WeChat", "compare": [value, value]})
    assert response.status_code == 200
    labels = [s["query"] for s in response.json()["attention"]["series"]]
    assert labels[0] == "WeChat" and "wechat" not in labels and len(labels) <= 2


def test_an_index_built_before_the_month_facet_says_to_rebuild():
    page = SearchPage(SearchParams(q="x"), timeline=Timeline({}, 0, complete=False))
    assert attention(SearchParams(q="x"), page).notes == [STALE]
