"""The page as captured, in a real headless Chromium: pages captured from the local test site
through the real pipeline, then shown from the archive alone — the image and stylesheet served by
the archive, the script never run, nothing asked of the live site, nothing in the console but the
sandbox refusing the script. The capture page's screenshots go to test-artifacts/replay-*.png.
"""

import time
import urllib.request

import pytest

from archive.gazetteer import load_gazetteer
from archive.ingest.capture import Fetching, capture_urls
from archive.models import Capture
from tests.browser.conftest import by, network, shoot
from tests.webserver_pages import ARTICLES

pytestmark = pytest.mark.browser

FETCHING = Fetching(user_agent="test", timeout=5, delay=0, max_bytes=20 * 2**20)
STYLED = "/news/a.html"  # links /static/site.css (which loads /img/bg.png) and shows /img/logo.png
SCRIPTED = "/news/e.html"  # its script fetches the beacon and sets the title to 'pwned'
TITLES = {story.path: story.title for story in ARTICLES}
POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline' 'self'; "
    "frame-ancestors 'self'"
)
# how long a script that did run would need to reach the beacon
SETTLE = 0.3


@pytest.fixture
def captured(site, live_server, transactional_db) -> dict[str, Capture]:
    """The styled page and the page with a script, captured with what they load; then the site's
    record of requests emptied, so any request after this came from showing them."""
    load_gazetteer()
    report = capture_urls([site.url(STYLED), site.url(SCRIPTED)], how=FETCHING)
    assert report.ok, report.outcomes
    assert [o.status for o in report.outcomes].count("kept") == 3  # the stylesheet and two images
    site.forget_requests()
    return {path: Capture.objects.get(url=site.url(path)) for path in (STYLED, SCRIPTED)}


def console(browser, live_server) -> list[str]:
    """The console's messages since the last call, but the 404 of the archive's own favicon
    (Chromium asks for /favicon.ico once; the archive has none)."""
    favicon = f"{live_server.url}/favicon.ico - Failed to load resource"
    return [e["message"] for e in browser.get_log("browser") if not e["message"].startswith(favicon)]


def forget(browser) -> None:
    """Start the console and the network log afresh."""
    browser.get_log("browser")
    network(browser)


def script_blocked(url: str) -> str:
    """What Chromium logs when the sandbox stops a page's script."""
    return (
        f"{url} - Blocked script execution in '{url}' because the document's frame is sandboxed "
        "and the 'allow-scripts' permission is not set."
    )


def open_framed(browser, live_server, capture: Capture) -> None:
    """The capture page, then into its frame (the sandbox keeps the parent out, not chromedriver)."""
    browser.get(f"{live_server.url}/captures/{capture.pk}/")
    frame = browser.find_element(*by("iframe.replay-frame"))
    assert frame.get_attribute("sandbox") == ""  # no allow-scripts, no allow-same-origin
    browser.switch_to.frame(frame)


def test_a_page_is_shown_with_its_image_and_stylesheet_from_the_archive(browser, live_server, site, captured):
    forget(browser)
    open_framed(browser, live_server, captured[STYLED])
    archive = f"{live_server.url}/captures/"
    logo = browser.find_element(*by("header img"))
    assert logo.get_attribute("src").startswith(archive)
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", logo) == 2
    byline = "getComputedStyle(document.querySelector('.byline'))"
    assert browser.execute_script(f"return {byline}.fontStyle") == "italic"
    assert browser.execute_script(f"return {byline}.color") == "rgb(85, 85, 85)"
    assert archive in browser.execute_script("return getComputedStyle(document.body).backgroundImage")
    browser.switch_to.default_content()
    assert browser.find_element(*by(".replay-banner")).is_displayed()
    shoot(browser, "replay")
    asked = network(browser)
    assert all(url.startswith(f"{live_server.url}/") for url, _ in asked), asked
    resources = Capture.objects.exclude(pk__in=[page.pk for page in captured.values()])
    wanted = {f"{archive}{resource.pk}/resource/": 200 for resource in resources}  # the background too
    assert {url: status for url, status in asked if url.endswith("/resource/")} == wanted
    assert console(browser, live_server) == []
    time.sleep(SETTLE)
    assert site.requests == []


def test_a_script_in_a_page_never_runs_alone_or_framed(browser, live_server, site, captured):
    page = captured[SCRIPTED]
    replay = f"{live_server.url}/captures/{page.pk}/replay/"
    forget(browser)
    browser.get(replay)  # alone, only its Content-Security-Policy sandboxes it
    assert browser.execute_script("return document.scripts.length") == 1  # kept, and stopped
    assert browser.execute_script("return document.title") == TITLES[SCRIPTED]
    assert console(browser, live_server) == [script_blocked(replay)]
    open_framed(browser, live_server, page)
    assert browser.execute_script("return document.title") == TITLES[SCRIPTED]
    browser.switch_to.default_content()
    assert console(browser, live_server) == [script_blocked(replay)]
    time.sleep(SETTLE)
    asked = network(browser)
    assert all(url.startswith(f"{live_server.url}/") for url, _ in asked), asked
    assert site.requests == []  # no beacon, nor anything else


def test_the_replayed_page_and_what_it_loads_are_sandboxed_and_set_no_cookie(live_server, site, captured):
    resource = Capture.objects.get(url=site.url("/static/site.css"))
    for path in (f"/captures/{captured[STYLED].pk}/replay/", f"/captures/{resource.pk}/resource/"):
        with urllib.request.urlopen(live_server.url + path, timeout=5) as answer:
            assert answer.status == 200
            assert answer.headers["Content-Security-Policy"] == POLICY, path
            assert answer.headers.get_all("Set-Cookie") is None, path
    assert site.requests == []
