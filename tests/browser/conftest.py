"""The browser tests' shared pieces: headless Chromium (skipped with a message when it is missing,
a failure in CI), screenshots, CSS selectors, the console's CSP reports, the requests it sent."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "test-artifacts"))
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def _find_browser() -> tuple[str, str] | None:
    names = ("chromium", "chromium-browser", "google-chrome")
    binary = next((path for path in map(shutil.which, names) if path), None)
    driver = shutil.which("chromedriver")
    return (binary, driver) if binary and driver else None


@pytest.fixture
def samples_site(live_server, transactional_db, ingest) -> str:
    """Django's live server on the sample corpus; its URL. Not `site`: that name is the local web
    site of tests/conftest.py, which test_replay.py and test_wacz_in_replaywebpage.py use."""
    assert ingest(SAMPLES).ok
    return live_server.url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    found = _find_browser()
    if found is None:
        message = "no Chromium and chromedriver found: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--window-size=1280,900",
        # a sandboxed frame drawn in its page's process, so what it logs reaches the log chromedriver
        # reads (in a process of its own, the replayed page's console messages were never seen)
        "--disable-features=IsolateSandboxedIframes",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    # the console (for CSP reports) and the DevTools network events (for what a page asked for)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=found[1]))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def by(css: str):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, css


def shoot(driver, name: str) -> None:
    """Screenshots at desktop and phone widths (NAME-desktop.png, NAME-phone.png); fails if the page
    scrolls sideways at either."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        driver.set_window_size(width, height)
        time.sleep(0.2)
        driver.save_screenshot(str(ARTIFACTS / f"{name}-{label}.png"))
        overflow = driver.execute_script(
            "const root = document.documentElement; return root.scrollWidth - root.clientWidth"
        )
        wide = driver.execute_script(
            "return [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
            ".filter(e => !e.parentElement.closest('.table-scroll, pre'))"
            ".slice(0, 3).map(e => e.tagName + '.' + e.className)"
        )
        assert overflow <= 1, f"{name} scrolls sideways at {label} width ({overflow}px): {wide}"
    driver.set_window_size(*WIDTHS["desktop"])


def csp_reports(browser) -> list[str]:
    """The console messages since the last call that report a Content-Security-Policy violation."""
    return [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]


def network(browser) -> list[tuple[str, int | None]]:
    """Every request Chromium sent since the last call (from any frame), in order, with the status
    of its answer (None when none came)."""
    sent, status = {}, {}
    for entry in browser.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        params = event.get("params", {})
        if event["method"] == "Network.requestWillBeSent":
            sent.setdefault(params["requestId"], params["request"]["url"])
        elif event["method"] == "Network.responseReceived":
            status[params["requestId"]] = params["response"]["status"]
    return [(url, status.get(request)) for request, url in sent.items()]
