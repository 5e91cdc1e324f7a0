"""Our WACZ opens in pywb, Webrecorder's wayback machine: pages captured from the local test site and
exported with `manage.py export --format wacz` are added to a pywb collection by `wb-manager` and
served by a real `wayback` on 127.0.0.1, which gives back each page and what it loads as captured,
without asking the live site for anything.

pywb runs in processes of its own: importing it patches the standard library for gevent.
"""

import io
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest.capture import Fetching, capture_urls
from archive.models import Capture
from tests.webserver_pages import ARTICLES

pytestmark = pytest.mark.usefixtures("gazetteer")

BIN = Path(sys.executable).parent  # wb-manager and wayback beside the test's Python
FETCHING = Fetching(user_agent="test", timeout=5, delay=0, max_bytes=20 * 2**20)
PAGES = [ARTICLES[0], ARTICLES[1]]  # a styled page (a stylesheet, a logo, a background) and a plain one
STARTUP = 30  # seconds a cold `wayback` may take to listen, on a busy machine


@pytest.fixture
def collection(site, tmp_path) -> Path:
    """A pywb folder whose collection `regulation` holds the WACZ export of the captured pages."""
    report = capture_urls([site.url(story.path) for story in PAGES], how=FETCHING)
    assert report.ok, report.outcomes
    wacz = tmp_path / "export.wacz"
    call_command("export", "--format", "wacz", "--out", str(wacz), stderr=io.StringIO())
    root = tmp_path / "pywb"
    root.mkdir()
    for args in (["init", "regulation"], ["add", "--unpack-wacz", "regulation", str(wacz)]):
        done = subprocess.run([BIN / "wb-manager", *args], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "WARNING" not in done.stderr, done.stderr  # "does not contain any indices": nothing added
    return root


@pytest.fixture
def wayback(collection, tmp_path) -> Iterator[str]:
    """The base URL of a `wayback` serving the collection, stopped after the test."""
    port = _free_port()
    log = (tmp_path / "wayback.log").open("w")
    args = [BIN / "wayback", "--bind", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(args, cwd=collection, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_listening(process, base, log.name)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_every_page_and_what_it_loads_replays_as_captured(wayback, site):
    site.forget_requests()
    for capture in Capture.objects.all():
        status, _, body = get(f"{wayback}/regulation/{_timestamp(capture)}id_/{capture.url}")
        assert (status, body) == (200, capture.payload()), capture.url  # id_: the bytes as captured
    assert Capture.objects.count() == len(PAGES) + 3  # the stylesheet, the logo, the background
    assert site.requests == []


def test_a_page_replays_with_its_stylesheet_pointed_into_the_collection(wayback, site):
    site.forget_requests()
    page = Capture.objects.get(url=site.url(PAGES[0].path))
    status, headers, body = get(f"{wayback}/regulation/{_timestamp(page)}mp_/{page.url}")
    html = body.decode()
    assert status == 200 and headers.get_content_type() == "text/html"
    assert PAGES[0].title in html and PAGES[0].paragraphs[0] in html
    stylesheet = f"/regulation/{_timestamp(page)}cs_/{site.url('/static/site.css')}"
    assert f'href="{stylesheet}"' in html
    status, _, css = get(wayback + stylesheet)
    assert status == 200 and b"font-style: italic" in css
    assert site.requests == []


def get(url: str) -> tuple[int, object, bytes]:
    """Status, headers and body (an error status is an answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _timestamp(capture: Capture) -> str:
    return capture.captured_at.strftime("%Y%m%d%H%M%S")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(process: subprocess.Popen, base: str, log: str) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"wayback exited with {process.returncode}: {Path(log).read_text()}")
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    pytest.fail(f"wayback did not listen within {STARTUP} s: {Path(log).read_text()}")
