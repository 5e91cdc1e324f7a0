"""On a phone and from the keyboard, in headless Chromium: the search results come before the
facets, which fold behind one control; a skip link takes the keyboard to the results; a figure
table is one card per figure with its sentence in view; the chart of matches per month with
compared queries. At desktop width the layout is as before. Screenshots go to test-artifacts/.
"""

import pytest

from archive.models import Article
from tests.browser.conftest import ARTIFACTS, WIDTHS, by, csp_reports, shoot

pytestmark = pytest.mark.browser


def rect(browser, css: str) -> dict:
    return browser.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {top: r.top + scrollY, left: r.left, right: r.right, height: r.height};",
        css,
    )


def shown(browser, css: str) -> bool:
    """Whether the first element matching `css` is drawn (Selenium's is_displayed() calls any
    content of a closed <details> hidden, even where CSS shows it)."""
    script = "const e = document.querySelector(arguments[0]); return e.checkVisibility() && !!e.offsetHeight"
    return browser.execute_script(script, css)


def at(browser, size: str, url: str) -> None:
    browser.set_window_size(*WIDTHS[size])
    browser.get(url)


def save(browser, name: str, *, showing: str = "") -> None:
    """A screenshot of the window, scrolled to the element `showing` when given."""
    if showing:
        script = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})"
        browser.execute_script(script, showing)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_on_a_phone_the_results_come_first_and_the_facets_open_on_a_tap(browser, samples_site):
    at(browser, "phone", samples_site + "/search/?q=WeChat")
    facets = browser.find_element(*by("details.facets"))
    assert rect(browser, ".result")["top"] < rect(browser, "details.facets")["top"]
    assert facets.get_attribute("open") is None
    assert not shown(browser, ".facet a")
    save(browser, "phone-search-facets-closed", showing=".facets__toggle")
    browser.find_element(*by(".facets__toggle")).click()
    assert facets.get_attribute("open") is not None
    link = browser.find_element(*by(".facet a"))
    assert shown(browser, ".facet a")
    assert rect(browser, ".facet a")["right"] <= WIDTHS["phone"][0]
    save(browser, "phone-search-facets-open", showing=".facets__toggle")
    link.click()
    assert browser.find_element(*by(".chip")).is_displayed()  # the facet still filters
    shoot(browser, "search-filtered")


def test_at_desktop_width_the_facets_stay_open_beside_the_results(browser, samples_site):
    at(browser, "desktop", samples_site + "/search/?q=WeChat")
    assert not browser.find_element(*by(".facets__toggle")).is_displayed()
    assert shown(browser, ".facet a")
    facets, results = rect(browser, ".facets__lists"), rect(browser, ".results")
    assert facets["right"] <= results["left"]  # on the left, as before
    assert abs(facets["top"] - results["top"]) < 5
    assert facets["right"] - facets["left"] == 240  # 15rem, as before
    assert browser.find_element(*by("details.facets")).get_attribute("open") is not None  # facets.js
    save(browser, "desktop-search")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_without_script_the_css_alone_folds_or_shows_the_facets(browser, samples_site, size):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        at(browser, size, samples_site + "/search/?q=WeChat")
        assert browser.find_element(*by("details.facets")).get_attribute("open") is None
        assert shown(browser, ".facet a") is (size == "desktop")
        assert shown(browser, ".facets__toggle") is (size == "phone")
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_the_skip_link_takes_the_keyboard_to_the_results(browser, samples_site):
    from selenium.webdriver.common.keys import Keys

    for size in ("phone", "desktop"):
        at(browser, size, samples_site + "/search/?q=WeChat")
        browser.find_element(*by("body")).send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        assert active.text == "Skip to results" and active.get_attribute("class") == "skip-link"
        save(browser, f"{size}-skip-link")
        active.send_keys(Keys.ENTER)
        assert browser.current_url.endswith("#results")
        assert browser.switch_to.active_element.get_attribute("id") == "results"
        # the next Tab goes on from the results: to the first result's link
        browser.switch_to.active_element.send_keys(Keys.TAB)
        assert browser.switch_to.active_element.get_attribute("class") == "result__title"


def test_on_a_phone_a_figure_is_a_card_with_its_sentence_in_view(browser, samples_site):
    article = Article.objects.filter(figures__isnull=False).order_by("pk").first()
    for path in [article.get_absolute_url(), "/figures/", "/agencies/cac/"]:
        at(browser, "phone", samples_site + path)
        row = browser.find_element(*by(".figure-table__row"))
        assert row.value_of_css_property("display") == "block", path
        sentence = row.find_element(*by(".figure-table__sentence"))
        assert sentence.is_displayed() and sentence.text.strip(), path
        box = rect(browser, ".figure-table__sentence")
        assert 0 <= box["left"] and box["right"] <= WIDTHS["phone"][0], (path, box)
        assert rect(browser, ".figure-table thead")["height"] <= 1, path  # for screen readers only
        label = "return getComputedStyle(document.querySelector('td[data-label]'), '::before').content"
        assert browser.execute_script(label).startswith('"'), path  # "Counted: " and so on
    save(browser, "phone-figure-cards", showing=".figure-table__row")
    at(browser, "desktop", samples_site + article.get_absolute_url())
    assert browser.find_element(*by(".figure-table__row")).value_of_css_property("display") == "table-row"


def test_the_chart_compares_queries_over_time(browser, samples_site):
    csp_reports(browser)
    at(browser, "desktop", samples_site + "/search/?q=WeChat&compare=gambling&compare=CAC")
    assert browser.find_element(*by("svg.chart__svg")).is_displayed()
    keys = browser.find_elements(*by(".chart__key"))
    assert [key.text.split(":")[0] for key in keys] == ["“WeChat”", "“gambling”", "“CAC”"]
    colours = {
        browser.execute_script(f"return getComputedStyle(document.querySelector('.chart__bar--{i}')).fill")
        for i in range(3)
    }
    assert len(colours) == 3
    assert browser.find_element(*by("details.search-form__compare")).get_attribute("open") is not None
    assert csp_reports(browser) == []
    shoot(browser, "search-compare")
