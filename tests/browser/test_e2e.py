"""End to end in a real headless Chromium against Django's live server: search, pick a facet,
open an article, follow a figure to its sentence, download a CSV, open a feed, no page breaking
its Content-Security-Policy (the admin's included); screenshots of the main pages at desktop and
phone widths go to test-artifacts/ (not committed).

Needs Debian's `chromium` and `chromium-driver`; skipped with a message when they are missing,
except in CI (CI=true), where a missing browser is a failure.
"""

import csv
import time

import pytest

from archive.models import Article, Figure
from tests.browser.conftest import by, csp_reports, shoot

pytestmark = pytest.mark.browser


def test_search_facet_article_and_figure_sentence(browser, samples_site):
    browser.get(samples_site + "/")
    box = browser.find_element(*by("#site-q"))
    box.send_keys("WeChat\n")
    assert "result" in browser.find_element(*by(".results__total")).text
    facet = browser.find_element(*by(".facet a"))
    chosen = facet.text
    facet.click()
    chip = browser.find_element(*by(".chip"))
    assert chosen in chip.text
    shoot(browser, "search")
    browser.find_element(*by(".result__title")).click()
    assert browser.find_element(*by("h1")).text
    shoot(browser, "article")

    article = Article.objects.filter(figures__isnull=False).first()
    figure = Figure.objects.filter(article=article).first()
    browser.get(samples_site + article.get_absolute_url())
    browser.find_element(*by(f'a.figure-link[href="#figure-{figure.pk}"]')).click()
    assert browser.current_url.endswith(f"#figure-{figure.pk}")
    target = browser.execute_script("return document.querySelector(':target')")
    assert target.get_attribute("id") == f"figure-{figure.pk}"
    assert target.text.strip()[:20] in figure.sentence


def test_agency_page_chart_and_explorer_to_the_sentence(browser, samples_site):
    browser.get(samples_site + "/agencies/cac/")
    assert browser.find_element(*by("svg.chart__svg")).is_displayed()
    shoot(browser, "agency")
    browser.get(samples_site + "/figures/?agency=cac")
    link = browser.find_element(*by("a.figure-link"))
    href = link.get_attribute("href")
    link.click()
    fragment = href.split("#", 1)[1]
    target = browser.execute_script("return document.querySelector(':target')")
    assert target is not None and target.get_attribute("id") == fragment
    marked = "return !!document.querySelector(':target').closest('mark.figure-sentence')"
    assert browser.execute_script(marked)


def test_download_a_csv_of_a_search(browser, samples_site, downloads):
    browser.get(samples_site + "/search/?q=WeChat")
    total = int(browser.find_element(*by(".results__total")).text.split()[0])
    browser.find_element(*by('a[href^="/export/articles.csv"]')).click()
    deadline = time.monotonic() + 15
    while not (found := list(downloads.glob("articles-*-q-wechat.csv"))) and time.monotonic() < deadline:
        time.sleep(0.2)
    [path] = found  # named for its day and its query
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert len(rows) == total > 0
    assert list(rows[0])[0] == "id"  # the byte order mark is not part of the first column's name


def test_open_a_feed(browser, samples_site):
    browser.get(samples_site + "/search/?q=WeChat")
    feed = browser.find_element(*by('a[href^="/feeds/search/"]')).get_attribute("href")
    browser.get(feed)
    source = browser.page_source
    assert "http://www.w3.org/2005/Atom" in source
    assert Article.objects.filter(platforms__slug="wechat").first().title[:30] in source


def test_no_page_breaks_its_content_security_policy(browser, samples_site, django_user_model):
    django_user_model.objects.create_superuser("curator", "curator@example.org", "a long passphrase")
    article = Article.objects.filter(figures__isnull=False).first()
    csp_reports(browser)  # forget what earlier tests left in the console
    pages = [
        "/",
        "/search/?q=WeChat",
        article.get_absolute_url(),
        "/figures/",
        "/agencies/cac/",
        "/articles/",
    ]
    for path in [*pages, "/platforms/wechat/", "/no/such/page/", "/admin/login/"]:
        browser.get(samples_site + path)
        browser.find_element(*by("body"))
        assert csp_reports(browser) == [], path
    browser.find_element(*by("#id_username")).send_keys("curator")
    browser.find_element(*by("#id_password")).send_keys("a long passphrase\n")
    for path in ["/admin/", "/admin/archive/figure/", f"/admin/archive/article/{article.pk}/change/"]:
        browser.get(samples_site + path)
        assert browser.find_element(*by("#site-name")).text, path  # logged in, the admin drawn
        assert csp_reports(browser) == [], path
    # the check can fail: a style attribute is what the policy blocks, and the console says so
    browser.execute_script("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    time.sleep(0.2)
    assert csp_reports(browser)


def test_keyboard_reaches_the_content_first_and_every_control_is_labelled(browser, samples_site):
    from selenium.webdriver.common.keys import Keys

    browser.get(samples_site + "/figures/")
    browser.find_element(*by("body")).send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip-link"
    active.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#content")
    unlabelled = (
        "return [...document.querySelectorAll('input, select, textarea, button')]"
        ".filter(e => e.type !== 'hidden' && e.type !== 'submit' && !e.labels.length"
        " && !e.getAttribute('aria-label')).map(e => e.name)"
    )
    for path in ["/", "/search/?q=WeChat", "/figures/", "/agencies/cac/", "/articles/"]:
        browser.get(samples_site + path)
        assert browser.execute_script(unlabelled) == [], path
        assert browser.execute_script("return document.documentElement.lang") == "en"
