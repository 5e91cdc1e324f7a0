"""Browsing like a researcher: entity pages with charts and counterparts, the figures explorer,
exports, feeds and the JSON twin of every page — over the sample corpus."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.db import connection

from archive import explore
from archive.charts import month_chart
from archive.explore import FigureQuery, page_ids
from archive.models import Agency, Article, Figure
from tests.conftest import SAMPLES

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def samples(ingest):
    report = ingest(SAMPLES)
    assert report.ok
    return report


def test_month_chart_spans_every_month_and_scales_to_the_peak():
    chart = month_chart({date(2021, 11, 1): 2, date(2022, 2, 1): 4})
    assert [bar.month.month for bar in chart.bars] == [11, 12, 1, 2]
    assert [bar.count for bar in chart.bars] == [2, 0, 0, 4]
    assert chart.bars[3].height == 2 * chart.bars[0].height > 0
    assert chart.bars[1].height == 0
    assert [year for year, _ in chart.years] == [2021, 2022]
    assert "busiest month was February 2022 with 4" in chart.summary
    assert month_chart({}) is None


def test_agency_page_has_chart_figures_and_counterparts(client, samples):
    page = client.get("/agencies/cac/").content.decode()
    assert '<svg viewBox="0 0 640 160" role="img"' in page
    assert "Platforms this agency acted on" in page and "Platforms named with it" in page
    assert 'class="figure-table"' in page
    assert 'href="/api/agencies/cac/"' in page and 'href="/agencies/cac/feed/"' in page


def test_platform_page_names_the_agencies_on_the_other_side(client, samples):
    page = client.get("/platforms/didi/").content.decode()
    assert "Agencies" in page and 'href="/agencies/cac/"' in page


def test_entity_json_twin_matches_the_page(client, samples):
    data = client.get("/api/agencies/cac/").json()
    assert data["name"] == "Cyberspace Administration of China"
    assert "网信办" in data["names_zh"]
    assert data["articles"] == Article.objects.filter(agencies__slug="cac").count()
    assert sum(data["articles_per_month"].values()) <= data["articles"]
    assert all(f["agency"] for f in data["latest_figures"])


def test_entity_lists_come_a_hundred_at_a_time(client, samples):
    """The places' offices make thousands of agencies: all on one page took 0.25 s at 100k."""
    first = client.get("/agencies/")
    assert len(first.context["entities"]) == 100 and first.context["page_obj"].has_next()
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get("/agencies/", {"page": 2}).context["entities"]
    assert not {e.pk for e in first.context["entities"]} & {e.pk for e in second}


def test_entity_lists_count_articles(client, samples):
    page = client.get("/agencies/").content.decode()
    assert 'href="/agencies/cac/"' in page
    rows = client.get("/api/platforms/").json()["results"]
    counts = [row["articles"] for row in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    for row in rows:
        assert row["articles"] == Article.objects.filter(platforms__slug=row["slug"]).distinct().count()
    home = client.get("/").content.decode()
    named = Agency.objects.filter(articles__isnull=False).distinct().count()
    assert f"<strong>{named}</strong> agencies" in home


def test_figures_explorer_filters_and_sorts(client, samples):
    everything = client.get("/api/figures/").json()
    assert everything["total"] == Figure.objects.count() > 10
    fined = client.get("/api/figures/", {"action": "fined", "sort": "largest"}).json()
    assert fined["total"] > 0
    assert all(row["action"] == "fined" for row in fined["results"])
    values = [row["value"] for row in fined["results"]]
    assert values == sorted(values, reverse=True)
    by_agency = client.get("/api/figures/", {"agency": "网信办"}).json()  # any name of the agency
    own = Figure.objects.filter(agency__slug="cac").count()
    offices = Figure.objects.filter(agency__parent__slug="cac").count()  # provincial offices count too
    assert by_agency["total"] == own + offices and own > 0
    year = client.get("/api/figures/", {"year": "2021"}).json()
    assert all(row["published_on"].startswith("2021") for row in year["results"])
    page = client.get("/figures/", {"action": "fined"}).content.decode()
    assert "#figure-" in page and 'href="/export/figures.csv?action=fined"' in page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_the_largest_figures_are_read_in_order_from_their_index(samples):
    """Sorting every figure by value took most of a second at 100k articles; joined to the
    articles a page shows, the planner sorted them all again (0.7 s), so a page's ids are read
    without the joins."""
    for sort in ("largest", "smallest"):
        query, _ = FigureQuery.from_query_dict({"sort": sort})
        sql, params = page_ids(query.paged())[20:40].query.sql_with_params()
        assert "JOIN" not in sql
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "figure_largest" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("sort", ["newest", "oldest", "largest", "smallest"])
def test_a_common_agency_s_figures_are_the_same_whichever_index_finds_them(samples, sort, monkeypatch):
    """The CAC states most of the samples' figures: they are found by walking the order's index
    past the others' (FigureQuery._common), the same rows in the same order, counted alike."""
    monkeypatch.setattr(explore, "_leads", (0.0, 0))  # not a count of an earlier test's archive
    query = FigureQuery(agency="cac", sort=sort)
    assert query._common()
    walked, sorted_ = list(query.paged()), list(query.figures())
    assert walked == sorted_ and len(walked) == query.figures().count() > 0


def test_figures_explorer_explains_bad_filters(client, samples):
    data = client.get("/api/figures/", {"year": "20x1", "sort": "sideways", "kind": "odd"}).json()
    assert len(data["notes"]) == 3
    assert data["total"] == Figure.objects.count()
    assert client.get("/figures/", {"year": "20x1", "page": "zz"}).status_code == 200


def test_figure_export_holds_exactly_the_filtered_rows(client, samples):
    response = client.get("/export/figures.csv", {"action": "fined"})
    assert response.streaming and response["Content-Disposition"].endswith('-action-fined.csv"')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    expected = Figure.objects.filter(action__iexact="fined")
    assert sorted(int(r["id"]) for r in rows) == sorted(expected.values_list("pk", flat=True))
    assert all(r["link"].startswith("http://testserver/articles/") for r in rows)
    lines = b"".join(client.get("/export/figures.jsonl", {"action": "fined"}).streaming_content)
    assert len(lines.decode().splitlines()) == len(rows)


def test_article_export_follows_a_search(client, samples):
    response = client.get("/export/articles.jsonl", {"q": "WeChat"})
    records = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    api = client.get("/api/search/", {"q": "WeChat"}).json()
    assert len(records) == api["total"] > 0
    assert {r["id"] for r in records} >= {hit["id"] for hit in api["results"]}
    everything = b"".join(client.get("/export/articles.csv").streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(everything)))) == Article.objects.count() + 1
    assert client.get("/export/articles.xlsx").status_code == 404


def test_feeds_are_atom_and_follow_the_selection(client, samples):
    latest = ET.fromstring(client.get("/feeds/latest/").content)
    assert latest.tag == f"{ATOM}feed"
    assert len(latest.findall(f"{ATOM}entry")) == Article.objects.count()
    search = ET.fromstring(client.get("/feeds/search/", {"q": "WeChat"}).content)
    titles = {e.find(f"{ATOM}title").text for e in search.findall(f"{ATOM}entry")}
    api = client.get("/api/search/", {"q": "WeChat"}).json()
    assert titles == {hit["title"] for hit in api["results"]}
    agency = ET.fromstring(client.get("/agencies/cac/feed/").content)
    assert len(agency.findall(f"{ATOM}entry")) == Article.objects.filter(agencies__slug="cac").count()
    assert client.get("/platforms/nobody/feed/").status_code == 404


def test_every_page_links_its_json_twin(client, samples):
    article = Article.objects.first()
    pages = ["/", "/articles/", article.get_absolute_url(), "/agencies/", "/platforms/wechat/", "/figures/"]
    for url in [*pages, "/search/?q=WeChat"]:
        page = client.get(url).content.decode()
        start = page.index('<link rel="alternate" type="application/json" href="') + 52
        twin = page[start : page.index('"', start)].replace("&amp;", "&")
        response = client.get(twin)
        assert response.status_code == 200 and response["Content-Type"] == "application/json", url
    assert client.get("/api/").json()["articles"] == Article.objects.count()
    assert client.get("/api/articles/", {"page": "x"}).json()["total"] == Article.objects.count()


def test_article_page_offers_a_citation(client, samples):
    article = Article.objects.exclude(published_on=None).first()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"http://testserver{article.get_absolute_url()}" in page
    assert article.capture.sha256 in page and "Cite this" in page
