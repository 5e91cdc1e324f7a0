"""A researcher's path in a real headless Chromium: a search finds a story once with its reprint,
the article leads to its campaign, the campaign's article to the law it cites, and the law's page
to a figure's sentence in its article."""

import pytest

from archive.models import Article, Law
from tests.browser.conftest import by, csp_reports, shoot
from tests.test_evaluate import DEVSET

pytestmark = pytest.mark.browser

STORY = ["51_zh_telecomfraud2023_r1.html", "52_zht_telecomfraud2023_r2.txt"]  # simplified and traditional


@pytest.fixture
def site(live_server, transactional_db, ingest):
    report = ingest(*(DEVSET / "pages" / name for name in STORY))
    assert report.ok, report.outcomes
    return live_server.url


def follow(browser, css: str) -> None:
    link = browser.find_element(*by(css))
    browser.get(link.get_attribute("href"))


def test_search_story_campaign_law_figure(browser, site):
    csp_reports(browser)
    browser.get(site + "/search/?q=电信网络诈骗")
    results = browser.find_elements(*by(".result"))
    assert len(results) == 1  # two copies, one story
    assert "+1 reprint" in results[0].text
    shoot(browser, "path-search")

    follow(browser, ".result a[href*='#story']")
    story = browser.find_element(*by("#story")).text
    assert "The same story in 1 other article" in story

    follow(browser, ".facts a[href^='/campaigns/']")
    assert "/campaigns/" in browser.current_url
    campaign = browser.find_element(*by("main")).text
    assert "Led by" in campaign
    shoot(browser, "path-campaign")

    browser.get(site + Article.objects.order_by("pk").first().get_absolute_url())
    follow(browser, ".facts a[href^='/laws/']")
    law = Law.objects.get(slug=browser.current_url.rstrip("/").rsplit("/", 1)[-1])
    page = browser.find_element(*by("main")).text
    assert law.name in page and "Enforcement figures in the articles that cite it" in page
    shoot(browser, "path-law")

    link = browser.find_element(*by(".figure-table a.figure-link"))
    sentence_start = link.text.rstrip("…")[:20]
    browser.get(link.get_attribute("href"))
    target = browser.find_element(*by(browser.current_url[browser.current_url.index("#") :]))
    marked = target.find_element("xpath", "ancestor-or-self::mark")  # one sentence may hold several
    assert marked.is_displayed() and sentence_start in marked.text
    assert csp_reports(browser) == []
