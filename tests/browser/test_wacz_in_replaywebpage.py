"""Our WACZ opens in ReplayWeb.page, Webrecorder's in-browser player: pages captured from the local test
site and exported with `manage.py export --format wacz`, played in headless Chromium by ReplayWeb.page's
own ui.js and service worker, show with their image and stylesheet, and ask the live site for nothing.
A screenshot goes to test-artifacts/replaywebpage-desktop.png.

`make test` fetches ReplayWeb.page (npm pack, integrity checked) into .cache/; without it this test
skips with a message, except in CI (CI=true), where it fails.
"""

import io
import os
import re
import time

import pytest
from django.core.management import call_command
from selenium.common.exceptions import NoSuchFrameException, StaleElementReferenceException

from archive.ingest.capture import Fetching, capture_urls
from tests.browser.conftest import ARTIFACTS
from tests.conftest import ROOT
from tests.webserver import serve
from tests.webserver_pages import ARTICLES
from tests.webserver_routes import Dynamic, Request, Route

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("gazetteer")]

PLAYER = ROOT / ".cache" / "replaywebpage-2.5.3"  # ui.js and sw.js, as the Makefile fetches them
FETCHING = Fetching(user_agent="test", timeout=5, delay=0, max_bytes=20 * 2**20)
STORY = ARTICLES[0]  # a styled page: a stylesheet that loads a background, and a logo
WAIT = 30  # seconds for the player to load the WACZ and draw the page, on a busy machine
HEADING = "const h1 = document.querySelector('h1'); return h1 && h1.textContent"
# the first frame in the document or in any shadow root below it (the player nests both)
FIRST_FRAME = """
const find = root => {
  for (const element of root.querySelectorAll('*')) {
    if (element.tagName === 'IFRAME') return element;
    const found = element.shadowRoot && find(element.shadowRoot);
    if (found) return found;
  }
  return null;
};
return find(document);
"""


@pytest.fixture
def player() -> dict[str, bytes]:
    """ReplayWeb.page's two files."""
    files = {name: PLAYER / name for name in ("ui.js", "sw.js")}
    if not all(path.is_file() for path in files.values()):
        message = f"ReplayWeb.page is not in {PLAYER}: run `make test` (it fetches it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {name: path.read_bytes() for name, path in files.items()}


def test_a_page_plays_with_its_image_and_stylesheet(browser, site, player, tmp_path):
    assert capture_urls([site.url(story.path) for story in ARTICLES[:2]], how=FETCHING).ok
    call_command("export", "--format", "wacz", "--out", str(tmp_path / "x.wacz"), stderr=io.StringIO())
    site.forget_requests()
    page = f"""<!DOCTYPE html><meta charset="utf-8"><script src="/replay/ui.js"></script>
<replay-web-page source="/export.wacz" url="{site.url(STORY.path)}" replayBase="/replay/"
 embed="replayonly" style="display: block; height: 860px"></replay-web-page>"""
    routes = {
        "/index.html": page,
        # the player's own page, as its service worker serves it: asked of the server when the worker
        # does not yet control the player's frame (a 404 there left the frame empty, now and then)
        "/replay/": '<!DOCTYPE html><script src="./ui.js"></script><replay-app-main></replay-app-main>',
        "/replay/ui.js": player["ui.js"],
        "/replay/sw.js": player["sw.js"],
        "/export.wacz": ranged((tmp_path / "x.wacz").read_bytes(), "application/wacz"),
    }
    with serve(routes) as host:
        browser.get(host.url("/index.html"))
        assert wait_for(browser, HEADING) == STORY.title
        logo = "const logo = document.querySelector('header img'); return logo.complete && logo.naturalWidth"
        assert wait_for(browser, logo) == 2
        byline = "return getComputedStyle(document.querySelector('.byline')).fontStyle"
        assert browser.execute_script(byline) == "italic"
        browser.switch_to.default_content()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "replaywebpage-desktop.png"))
        ranges = [headers.get("Range") for _, target, headers in host.requests if target == "/export.wacz"]
    assert ranges and all(ranges)  # read from our file, by ranges
    assert site.requests == []


def ranged(body: bytes, media_type: str) -> Dynamic:
    """A file answered whole or by the byte range asked (the player reads a WACZ by ranges)."""

    def answer(request: Request) -> Route:
        headers = {"Content-Type": media_type, "Accept-Ranges": "bytes"}
        asked = re.fullmatch(r"bytes=(\d*)-(\d*)", request.headers.get("Range", ""))
        if asked is None:
            return Route(body, headers=headers)
        first, last = asked.groups()
        start = int(first) if first else max(len(body) - int(last), 0)  # "-N": the last N bytes
        end = min(int(last), len(body) - 1) if first and last else len(body) - 1
        headers["Content-Range"] = f"bytes {start}-{end}/{len(body)}"
        return Route(body[start : end + 1], 206, headers)

    return answer


def wait_for(browser, script: str):
    """The script's first truthy answer in the page the player plays, within WAIT seconds; the test
    fails without one, telling what the player shows."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if in_played_page(browser) and (found := browser.execute_script(script)):
                return found
        except (StaleElementReferenceException, NoSuchFrameException):
            pass  # the player drew its frames anew
        time.sleep(0.2)
    shown = browser.execute_script("return document.body ? document.body.innerText.slice(0, 300) : ''")
    pytest.fail(f"nothing within {WAIT} s from: {script}\nthe player shows: {shown}")


def in_played_page(browser) -> bool:
    """Into the player's frame, then into the frame of the page it plays (found afresh each time)."""
    browser.switch_to.default_content()
    for _ in ("the player", "the page it plays"):
        frame = browser.execute_script(FIRST_FRAME)
        if frame is None:
            return False
        browser.switch_to.frame(frame)
    return True
