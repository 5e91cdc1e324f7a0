"""Campaigns and laws: tagged in articles like agencies, each with a page (articles per month,
figures, the agencies and platforms with it), a JSON twin and a feed; facets on search."""

import pytest
from lxml import etree

from archive.models import Article, Campaign, Figure, Law
from tests.conftest import FIXTURES
from tests.test_evaluate import DEVSET

ATOM = etree.RelaxNG(etree.parse(str(FIXTURES / "atom.rng")))
PAGES = ["06_zh_qinglang_r3.html", "45_zh_jianwang2019_r1.txt", "76_zh_antifraud_law_effective.txt"]


@pytest.fixture
def cited(ingest):
    report = ingest(*(DEVSET / "pages" / name for name in PAGES))
    assert report.ok, report.outcomes
    return report


def test_articles_are_tagged_with_campaigns_and_laws(cited):
    qinglang = Campaign.objects.get(slug="qinglang")
    assert Article.objects.mentioning(qinglang).exists()
    jianwang = Campaign.objects.get(slug="jianwang")
    assert Article.objects.mentioning(jianwang).count() == 1  # its 2019 edition, counted for the series
    assert Law.objects.get(slug="anti-telecom-fraud-law").articles.exists()
    assert Figure.objects.filter(campaign__isnull=False).exists()  # the campaign its sentence names


def test_every_campaign_and_law_page_answers_with_chart_feed_and_json(cited, client):
    for model in (Campaign, Law):
        kind = model._meta.model_name
        assert client.get(f"/{kind}s/").status_code == 200
        for entity in model.objects.all():
            page = client.get(entity.get_absolute_url())
            assert page.status_code == 200, entity.slug
            dated = Article.objects.mentioning(entity).exclude(published_on=None).exists()
            assert ('<figure class="chart">' in page.content.decode()) == dated, entity.slug
            feed = client.get(f"{entity.get_absolute_url()}feed/")
            assert feed.status_code == 200 and ATOM.validate(etree.fromstring(feed.content)), entity.slug
            twin = client.get(f"/api/{kind}s/{entity.slug}/").json()
            assert twin["slug"] == entity.slug and "articles_per_month" in twin


def test_a_campaign_page_shows_its_figures_and_who_ran_it(cited, client):
    page = client.get("/campaigns/jianwang/").content.decode()
    assert "Figures of the campaign" in page and "Led by" in page
    twin = client.get("/api/campaigns/jianwang/").json()
    assert twin["lead"] and twin["articles"] == 1 and twin["latest_figures"]


def test_search_facets_and_filters_by_campaign_and_law(cited, client):
    data = client.get("/api/search/", {"campaign": "jianwang"}).json()
    assert data["total"] == 1
    laws = client.get("/api/search/", {"q": "诈骗"}).json()["facets"]["laws"]
    assert any(value["value"] == "anti-telecom-fraud-law" for value in laws)
