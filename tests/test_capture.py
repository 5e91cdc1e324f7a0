"""`manage.py capture` and `recapture` against a real web server on 127.0.0.1: pages become
WARC request and response records and articles; failures are lines with reasons; a second
capture of the same page changes nothing; an edited page is a new version, a deleted one gone."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, Capture, SourceCheck
from archive.webarchive import records
from archive.webarchive.http import parse_response
from tests.webserver_pages import ARTICLES, BROTLI, CHUNKED, GBK, GZIP, HEADER_CHARSET

pytestmark = pytest.mark.usefixtures("gazetteer")
FAST = ["--delay", "0", "--timeout", "2", "--no-progress"]


def manage(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(f"CommandError: {error}\n")
    return code, out.getvalue(), err.getvalue()


def test_twenty_urls_three_failing_then_all_unchanged(site):
    pages = [story.path for story in ARTICLES[:12]] + [
        s.path for s in (GZIP, BROTLI, CHUNKED, HEADER_CHARSET, GBK)
    ]
    failing = ["/missing", "/slow?seconds=5", "/file.pdf"]
    urls = [site.url(path) for path in pages + failing]
    code, out, err = manage("capture", *FAST, *urls)
    assert code == 1, err
    assert out.startswith("added 17, unchanged 0, failed 3")
    assert f"failed: {site.url('/missing')}: HTTP 404: the page is gone" in err
    assert f"failed: {site.url('/slow?seconds=5')}: no answer within 2 s (timeout)" in err
    assert f"failed: {site.url('/file.pdf')}: not a text or HTML page: application/pdf" in err
    assert Article.objects.count() == 17
    code, out, _ = manage("capture", *FAST, *urls)
    assert code == 1 and out.startswith("added 0, unchanged 17, failed 3")
    assert Article.objects.count() == 17


def test_each_encoding_is_read_to_the_same_page(site):
    stories = (GZIP, BROTLI, CHUNKED, HEADER_CHARSET, GBK)
    manage("capture", *FAST, "--no-requisites", *(site.url(s.path) for s in stories))
    for story in stories:
        article = Article.objects.get(url=site.url(story.path))
        assert article.title == story.title
        assert story.paragraphs[0] in article.body
    header_only = Article.objects.get(url=site.url(HEADER_CHARSET.path)).capture
    assert header_only.encoding == "gb18030"  # from the HTTP header alone


def test_the_capture_keeps_the_exchange_as_warc_records(site):
    manage("capture", *FAST, "--no-requisites", site.url(GZIP.path))
    capture = Capture.objects.get()
    block = bytes(capture.content)
    response = parse_response(block)
    assert response.header("Content-Encoding") == "gzip"  # stored as transferred
    assert response.body.decode().count(GZIP.title) >= 1
    headers = capture.warc["headers"]
    assert records.header(headers, "WARC-Type") == "response"
    assert records.header(headers, "WARC-Target-URI") == site.url(GZIP.path)
    assert records.header(headers, "WARC-Block-Digest") == f"sha256:{capture.sha256}"
    assert records.header(headers, "WARC-Payload-Digest") == records.digest(response.payload)
    assert records.header(headers, "WARC-IP-Address") == "127.0.0.1"
    assert capture.payload_digest == records.digest(response.body)
    request = bytes(capture.request)
    assert request.startswith(f"GET {GZIP.path} HTTP/1.1\r\n".encode())
    assert b"User-Agent: RegulationArchive/" in request
    sent = [headers for method, target, headers in site.requests if target == GZIP.path]
    assert sent and sent[0]["User-Agent"].startswith("RegulationArchive/")
    request_headers = capture.warc["request"]["headers"]
    assert records.header(request_headers, "WARC-Concurrent-To") == records.header(headers, "WARC-Record-ID")


def test_redirects_are_followed_and_recorded(site):
    code, out, _ = manage("capture", *FAST, "--no-requisites", site.url("/redirect/one"))
    assert code == 0 and out.startswith("added 1")
    article = Article.objects.get()
    assert article.url == site.url(ARTICLES[0].path)
    redirects = article.capture.warc["redirects"]
    assert [(hop["url"], hop["status"]) for hop in redirects] == [
        (site.url("/redirect/one"), 301),
        (site.url("/redirect/two"), 302),
    ]
    assert article.capture.warc["requested"] == site.url("/redirect/one")


def test_images_and_stylesheets_are_kept_beside_the_page(site):
    with_assets = next(s for s in ARTICLES if "site.css" in site_page(site, s.path))
    code, out, _ = manage("capture", *FAST, site.url(with_assets.path))
    assert code == 0 and "kept 3 images and stylesheets for replay" in out
    kept = set(Capture.objects.filter(article__isnull=True).values_list("url", flat=True))
    assert kept == {site.url("/static/site.css"), site.url("/img/logo.png"), site.url("/img/bg.png")}


def site_page(site, path: str) -> str:
    from urllib.request import urlopen

    with urlopen(site.url(path)) as answer:
        return answer.read().decode()


def test_a_url_that_is_no_web_address_fails(site):
    code, out, err = manage("capture", *FAST, "javascript:alert(1)", site.url(ARTICLES[0].path))
    assert code == 1
    assert "failed: javascript:alert(1): not an http(s) URL" in err
    assert out.startswith("added 1")


def test_urls_from_a_file(site, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# pages to keep\n{site.url(ARTICLES[0].path)}\n\n{site.url(ARTICLES[1].path)}\n")
    code, out, _ = manage("capture", *FAST, "--no-requisites", "--from", listing)
    assert code == 0 and out.startswith("added 2, unchanged 0, failed 0")
    code, _, err = manage("capture", *FAST, "--from", tmp_path / "nope.txt")
    assert code == 1 and "cannot read the URL file" in err


def test_recapture_records_edits_and_disappearances(site, client):
    edited, deleted, same = (story.path for story in ARTICLES[:3])
    manage("capture", *FAST, "--no-requisites", *(site.url(p) for p in (edited, deleted, same)))
    first = Article.objects.get(url=site.url(edited))
    page = site_page(site, edited).replace("1,200 accounts", "1,500 accounts")
    site.set(edited, page)
    site.remove(deleted)
    code, out, err = manage("recapture", *FAST)
    assert code == 0, err
    assert out.startswith("checked 3 URLs: 1 unchanged, 1 edited, 1 gone, 0 failed")
    assert f"gone: {site.url(deleted)}: HTTP 404: the page is gone" in err
    latest = Article.objects.get(url=site.url(edited), superseded_by=None)
    first.refresh_from_db()
    assert first.superseded_by == latest

    changes = client.get("/changes/").content.decode()
    assert changes.index(site.url(deleted)) < changes.index(site.url(edited))  # newest first
    assert "Gone" in changes and "Edited" in changes
    listed = json.loads(client.get("/api/changes/").content)["results"]
    assert [(c["url"], c["outcome"]) for c in listed] == [
        (site.url(deleted), "gone"),
        (site.url(edited), "changed"),
    ]
    feed = client.get("/feeds/changes/").content.decode()
    assert feed.count("<entry") == 2

    shown = client.get(latest.get_absolute_url()).content.decode()
    assert "Versions of this page" in shown
    assert "<del>1,200</del>" in shown and "<ins>1,500</ins>" in shown
    earlier = client.get(first.get_absolute_url()).content.decode()
    assert "This is an earlier version of the page" in earlier

    assert SourceCheck.objects.filter(outcome="unchanged", url=site.url(same)).count() == 1
    code, out, _ = manage("recapture", *FAST, "--older-than", "1")
    assert out.startswith("checked 0 URLs")  # everything was checked just now


def test_only_the_latest_version_is_searched_listed_and_indexed(site, client):
    from archive.search.query import SearchParams, search

    path = ARTICLES[0].path
    manage("capture", *FAST, "--no-requisites", site.url(path))
    site.set(path, site_page(site, path).replace("pork", "mutton"))
    manage("recapture", *FAST)
    assert search(SearchParams(q="mutton", words=True)).total == 1
    assert search(SearchParams(q="pork", words=True)).total == 0
    latest = Article.objects.get(superseded_by=None)
    listed = json.loads(client.get("/api/articles/").content)
    assert [item["id"] for item in listed["results"]] == [latest.pk]
    assert client.get("/feeds/latest/").content.decode().count("<entry") == 1
    code, out, err = manage("verify")
    assert code == 0, err


def test_reprocess_reads_a_web_capture_as_it_came_in(site):
    manage("capture", *FAST, "--no-requisites", site.url(HEADER_CHARSET.path), site.url(BROTLI.path))
    before = {a.pk: (a.title, a.url, a.body) for a in Article.objects.all()}
    code, out, err = manage("reprocess", "--no-progress")
    assert code == 0 and out.startswith("updated 2, failed 0"), err
    assert {a.pk: (a.title, a.url, a.body) for a in Article.objects.all()} == before


def test_a_huge_answer_and_an_unknown_host_are_failures(site):
    code, out, err = manage(
        "capture", *FAST, site.url("/huge?mb=25"), "http://no-such-host.invalid/notice.html"
    )
    assert code == 1 and out.startswith("added 0, unchanged 0, failed 2")
    too_big = "the answer is 25.0 MB, over the 20 MB limit (MAX_PAGE_MB)"
    assert f"failed: {site.url('/huge?mb=25')}: {too_big}" in err
    assert "failed: http://no-such-host.invalid/notice.html: no such host (DNS)" in err
    assert not Capture.objects.exists()
