"""The test web server: every built-in route over a real socket, changes while it runs, wget's WARCs."""

import gzip
import re
import socket
import threading
import time
import tracemalloc
import urllib.error
import urllib.request
from email.message import Message

import brotlicffi as brotli
import pytest
from warcio.archiveiterator import ArchiveIterator

from tests import webserver
from tests.webserver import Site, serve, wget_warc
from tests.webserver_pages import ARTICLES

site = webserver.site  # the fixture (an assignment: a parameter named like an import upsets the linter)

ARTICLE_PATHS = [story.path for story in ARTICLES]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(
    site: Site, path: str, headers: dict | None = None, *, method: str = "GET", follow: bool = True
) -> tuple[int, Message, bytes]:
    """Status, headers and body of one request (an error status is an answer too)."""
    request = urllib.request.Request(site.url(path), headers=headers or {}, method=method)
    opener = urllib.request.build_opener(*([] if follow else [_NoRedirect]))
    try:
        with opener.open(request, timeout=5) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def paths_asked(site: Site) -> list[str]:
    return [target for _, target, _ in site.requests]


def test_it_serves_at_least_17_distinct_articles_with_title_description_byline_and_date(site):
    pages = [get(site, path)[2].decode() for path in ARTICLE_PATHS]
    titles = {re.search(r"<title>(.+)</title>", page)[1] for page in pages}
    assert len(titles) == len(pages) >= 17
    for page in pages:
        assert '<meta name="description" content="' in page
        assert re.search(r'<p class="byline">.+</p>', page)
        assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', page)
        paragraphs = re.findall(r"<p>(.+)</p>", page)
        assert 2 <= len(paragraphs) <= 4
        assert all(re.search(r"\d", paragraph) for paragraph in paragraphs)
    assert sum('<html lang="zh">' in page for page in pages) >= 5


def test_it_links_every_article_from_the_front_page(site):
    status, headers, body = get(site, "/")
    assert status == 200
    assert sorted(re.findall(r'href="(/news/[^"]+)"', body.decode())) == ARTICLE_PATHS


def test_some_articles_use_a_stylesheet_whose_background_is_an_image_and_a_logo(site):
    styled = [path for path in ARTICLE_PATHS if b'href="/static/site.css"' in get(site, path)[2]]
    assert 0 < len(styled) < len(ARTICLE_PATHS)
    assert all(b'<img src="/img/logo.png"' in get(site, path)[2] for path in styled)
    status, headers, css = get(site, "/static/site.css")
    assert headers["Content-Type"].startswith("text/css") and b"url(/img/bg.png)" in css
    for image in ("/img/logo.png", "/img/bg.png"):
        status, headers, png = get(site, image)
        assert (status, headers["Content-Type"]) == (200, "image/png")
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and b"IHDR" in png and png.endswith(b"IEND\xaeB`\x82")


def test_one_article_has_a_script_calling_a_beacon_on_another_port(site):
    page = get(site, "/news/e.html")[2].decode()
    assert f"fetch('{site.beacon_url}')" in page and "document.title = 'pwned'" in page
    assert f":{site.port}/" not in site.beacon_url
    site.forget_requests()
    with urllib.request.urlopen(site.beacon_url, timeout=5) as answer:
        assert answer.status == 204
    assert paths_asked(site) == ["/beacon"]


def test_one_article_links_to_another_host(site):
    assert b'<a href="http://example.com/' in get(site, "/news/f.html")[2]


def test_redirects_take_two_hops_to_an_article(site):
    status, headers, _ = get(site, "/redirect/one", follow=False)
    assert (status, headers["Location"]) == (301, "/redirect/two")
    status, headers, _ = get(site, "/redirect/two", follow=False)
    assert (status, headers["Location"]) == (302, "/news/a.html")
    site.forget_requests()
    with urllib.request.urlopen(site.url("/redirect/one"), timeout=5) as answer:
        assert answer.url == site.url("/news/a.html")
        assert b"<title>Regulator shuts 1,200 Weibo accounts" in answer.read()
    assert paths_asked(site) == ["/redirect/one", "/redirect/two", "/news/a.html"]


@pytest.mark.parametrize(
    ("path", "status"), [("/missing", 404), ("/nothing/here", 404), ("/gone", 410), ("/error", 500)]
)
def test_error_routes_answer_their_status(site, path, status):
    assert get(site, path)[0] == status


def test_slow_outlasts_a_client_timeout_without_holding_up_other_requests(site):
    failures = []

    def fetch_slow():
        try:
            urllib.request.urlopen(site.url("/slow?seconds=3"), timeout=0.3)
        except (TimeoutError, urllib.error.URLError) as error:
            failures.append(error)

    slow = threading.Thread(target=fetch_slow)
    slow.start()
    while "/slow?seconds=3" not in paths_asked(site):
        time.sleep(0.01)
    started = time.monotonic()
    assert get(site, "/news/a.html")[0] == 200
    assert time.monotonic() - started < 1  # the slow answer still has seconds to go
    slow.join()
    assert len(failures) == 1
    started = time.monotonic()
    assert get(site, "/slow?seconds=0.1")[0] == 200
    assert time.monotonic() - started >= 0.1


def test_huge_streams_megabytes_of_html_without_holding_them(site):
    status, headers, _ = get(site, "/huge", method="HEAD")
    assert (status, headers["Content-Length"]) == (200, str(30 * 2**20))
    tracemalloc.start()
    try:
        with urllib.request.urlopen(site.url("/huge?mb=8"), timeout=5) as answer:
            pieces = iter(lambda: answer.read(2**16), b"")
            first = next(pieces)
            size = len(first) + sum(len(piece) for piece in pieces)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert size == 8 * 2**20
    assert first.startswith(b"<!DOCTYPE html>")
    assert peak < 2 * 2**20


@pytest.mark.parametrize(
    ("path", "coding", "decode", "title"),
    [
        ("/gzip.html", "gzip", gzip.decompress, b"<title>Search engines told to mark paid results</title>"),
        ("/brotli.html", "br", brotli.decompress, b"<title>Zhihu fined for failing to remove"),
    ],
)
def test_compressed_pages_are_compressed_only_when_the_client_accepts_it(site, path, coding, decode, title):
    for accept in (coding, f"deflate, {coding};q=0.5", "*"):
        status, headers, body = get(site, path, {"Accept-Encoding": accept})
        assert headers["Content-Encoding"] == coding and headers["Vary"] == "Accept-Encoding"
        assert title in decode(body) and title not in body
    for accept in ("identity", f"{coding};q=0", f"*, {coding};q=0"):
        status, headers, body = get(site, path, {"Accept-Encoding": accept})
        assert headers["Content-Encoding"] is None and title in body


def test_header_charset_page_names_gbk_only_in_the_http_header(site):
    status, headers, body = get(site, "/header-charset.html")
    assert headers["Content-Type"] == "text/html; charset=gbk"
    assert b"charset" not in body
    with pytest.raises(UnicodeDecodeError):
        body.decode()
    assert "<title>网信办约谈百度，要求整改搜索结果</title>" in body.decode("gbk")


def test_gbk_page_names_its_charset_only_in_a_meta_tag(site):
    status, headers, body = get(site, "/gbk.html")
    assert headers["Content-Type"] == "text/html"
    assert body.startswith(b'<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="gbk">')
    assert "拦截短信8600万条" in body.decode("gbk")


def test_chunked_page_arrives_in_several_chunks(site):
    with socket.create_connection(("127.0.0.1", site.port), timeout=5) as conn:
        conn.sendall(b"GET /chunked.html HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        raw = b"".join(iter(lambda: conn.recv(65536), b""))
    head, _, rest = raw.partition(b"\r\n\r\n")
    head += b"\r\n"
    assert b"\r\nTransfer-Encoding: chunked\r\n" in head and b"Content-Length" not in head
    chunks = []
    while True:
        size, _, rest = rest.partition(b"\r\n")
        chunks.append(rest[: int(size, 16)])
        rest = rest[int(size, 16) + 2 :]
        if size == b"0":
            break
    assert len(chunks) == 4 and chunks[-1] == b"" and rest == b""
    assert b"".join(chunks) == get(site, "/chunked.html")[2]
    assert b"<title>Pinduoduo ordered to drop 7,000 counterfeit listings</title>" in b"".join(chunks)


def test_non_html_answers(site):
    status, headers, pdf = get(site, "/file.pdf")
    assert headers["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF")
    status, headers, data = get(site, "/data.json")
    assert headers["Content-Type"] == "application/json" and b'"accounts_closed": 1200' in data
    status, headers, robots = get(site, "/robots.txt")
    assert robots == b"User-agent: *\nDisallow:\n"


def test_set_remove_and_gone_change_answers_while_it_runs(site):
    site.set("/news/a.html", "<!DOCTYPE html><title>Corrected</title>")
    status, headers, body = get(site, "/news/a.html")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert body == b"<!DOCTYPE html><title>Corrected</title>"
    site.set("/new/feed.json", b"[]", headers={"content-type": "application/feed+json", "X-Version": "2"})
    status, headers, body = get(site, "/new/feed.json")
    assert (headers["Content-Type"], headers["X-Version"], body) == ("application/feed+json", "2", b"[]")
    site.set("/moved", status=301, headers={"Location": "/news/b.html"})
    assert get(site, "/moved", follow=False)[1]["Location"] == "/news/b.html"
    site.remove("/news/a.html")
    assert get(site, "/news/a.html")[0] == 404
    site.gone("/news/b.html")
    assert get(site, "/news/b.html")[0] == 410


def test_it_records_each_request_with_its_method_target_and_headers(site):
    get(site, "/data.json?v=1", {"X-Capture": "first"})
    get(site, "/missing", method="HEAD")
    (method, target, headers), (second_method, second_target, _) = site.requests
    assert (method, target, headers["x-capture"]) == ("GET", "/data.json?v=1", "first")
    assert (second_method, second_target) == ("HEAD", "/missing")
    site.forget_requests()
    assert site.requests == []


def test_serve_adds_routes_outside_pytest_and_stops_at_the_end_of_the_block():
    with serve({"/extra.html": "<title>Extra</title>"}) as running:
        assert get(running, "/extra.html")[2] == b"<title>Extra</title>"
        assert get(running, "/news/a.html")[0] == 200
    with pytest.raises(urllib.error.URLError):
        get(running, "/news/a.html")


def response_records(warc) -> list[tuple[str, int]]:
    with warc.open("rb") as stream:
        return [
            (record.rec_headers.get_header("WARC-Target-URI"), int(record.http_headers.get_statuscode()))
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
        ]


def test_wget_warc_holds_every_answer_of_a_redirect_chain_and_a_404(site, tmp_path):
    warc = wget_warc(site, tmp_path / "capture.warc.gz", ["/redirect/one", "/missing"])
    assert warc == tmp_path / "capture.warc.gz"
    assert response_records(warc) == [
        (site.url("/redirect/one"), 301),
        (site.url("/redirect/two"), 302),
        (site.url("/news/a.html"), 200),
        (site.url("/missing"), 404),
    ]
    # Debian's wget writes the target in angle brackets; warcio 1.8.1 takes them off when reading
    assert f"WARC-Target-URI: <{site.url('/missing')}>".encode() in gzip.decompress(warc.read_bytes())


def test_wget_warc_crawls_the_site_with_page_requisites_and_robots_txt(site, tmp_path):
    warc = wget_warc(site, tmp_path / "site.warc.gz", ["/"], recursive=True, requisites=True)
    assets = ["/static/site.css", "/img/logo.png", "/img/bg.png"]
    expected = {site.url(path) for path in ["/", "/robots.txt", *ARTICLE_PATHS, *assets]}
    records = response_records(warc)
    assert {uri for uri, _ in records} == expected and len(records) == len(expected)
    assert {status for _, status in records} == {200}
    assert all(headers["User-Agent"].startswith("Wget/") for _, _, headers in site.requests)
