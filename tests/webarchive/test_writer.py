"""WARC and WACZ export: a WACZ's index is the one cdxj-indexer makes reading its WARC back,
whatever the records and however small the sort buffer; its page list and package description
agree with it."""

import gzip
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from cdxj_indexer.main import CDXJIndexer

from archive.bench.site import serve
from archive.export import web_archive_items
from archive.ingest.capture import Fetching, capture_urls
from archive.ingest.pipeline import ingest_document
from archive.webarchive import records, writer
from tests.conftest import FIXTURES, web_page

PAGE = (
    b"<html><head><title>MIIT orders apps fixed</title></head><body><article><h1>MIIT orders apps fixed</h1>"
)
PAGE += (
    b"<p>The Ministry of Industry and Information Technology ordered 107 apps on Huawei's store fixed.</p>"
)
PAGE += b"</article></body></html>"


def _crawled_warc(path) -> None:
    """What another crawler wrote: a request and a chunked HTTP/1.0 response with no payload
    digest, and an image kept for replay."""
    date = records.warc_date(datetime(2023, 5, 6, tzinfo=UTC))
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(PAGE), PAGE)
    exchanges = [
        (
            "https://apps.example/miit?id=107",
            b"text/html; charset=UTF-8",
            b"Transfer-Encoding: chunked\r\n",
            chunked,
        ),
        ("https://apps.example/logo.png", b"image/png", b"", (FIXTURES / "image.png").read_bytes()),
    ]
    with path.open("wb") as out:
        for url, media_type, extra, payload in exchanges:
            response = b"HTTP/1.0 200 OK\r\nContent-Type: %s\r\n%s\r\n%s" % (media_type, extra, payload)
            headers = [("WARC-Type", "response"), ("WARC-Record-ID", records.new_id()), ("WARC-Date", date)]
            headers += [("WARC-Target-URI", url), ("Content-Type", records.HTTP_RESPONSE)]
            request = (
                f"GET {url[len('https://apps.example') :]} HTTP/1.1\r\nHost: apps.example\r\n\r\n".encode()
            )
            request_headers = [
                ("WARC-Type", "request"),
                ("WARC-Record-ID", records.new_id()),
                ("WARC-Date", date),
            ]
            request_headers += [("WARC-Target-URI", url), ("Content-Type", records.HTTP_REQUEST)]
            for record in (records.record(request_headers, request), records.record(headers, response)):
                out.write(gzip.compress(record))


@pytest.fixture
def archive(ingest, tmp_path):
    """Files, pages read from WARC records (with and without a payload digest), an image kept
    for replay, and a page captured from a web server."""
    _crawled_warc(tmp_path / "crawl.warc.gz")
    report = ingest(FIXTURES / "page.html", FIXTURES / "furniture.txt", tmp_path / "crawl.warc.gz")
    assert [o.status for o in report.outcomes] == ["added", "added", "added", "kept"], report.outcomes
    for n in range(3):
        outcome = ingest_document(web_page(f"https://news.example/{n}.html", day=n + 1, words=f"Page {n}"))
        assert outcome.status == "added"
    with serve({"/news/cac.html": PAGE}) as base:
        how = Fetching(user_agent="test", timeout=10, delay=0, max_bytes=2**20)
        assert capture_urls([f"{base}/news/cac.html"], how=how, with_requisites=False).ok


@pytest.mark.parametrize("sort_buffer", [writer.SORT_BUFFER, 300])
def test_a_wacz_holds_the_index_cdxj_indexer_makes_of_its_warc(archive, monkeypatch, sort_buffer):
    monkeypatch.setattr(writer, "SORT_BUFFER", sort_buffer)  # 300 characters: sorted in many runs
    out = io.BytesIO()
    assert writer.write_wacz(web_archive_items(), out, title="Test") == 8
    bundle = zipfile.ZipFile(out)
    index = io.StringIO()
    warc = io.BytesIO(bundle.read("archive/data.warc.gz"))
    CDXJIndexer(
        output=index, inputs=[warc], sort=True, filename="data.warc.gz", records=writer.REPLAYED_RECORDS
    ).process_all()
    assert bundle.read(writer.INDEX).decode() == index.getvalue()
    # a response or resource record of each capture (the articles' metadata records left out)
    assert len(index.getvalue().splitlines()) == 8
    header, *pages = [json.loads(line) for line in bundle.read("pages/pages.jsonl").splitlines()]
    assert header["format"] == "json-pages-1.0"
    assert len(pages) == 5  # the pages from the web
    assert {"https://apps.example/miit?id=107", "https://news.example/0.html"} < {p["url"] for p in pages}
    package = json.loads(bundle.read("datapackage.json"))
    for resource in package["resources"]:
        data = bundle.read(resource["path"])
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        assert resource["bytes"] == len(data)
