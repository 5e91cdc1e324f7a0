"""Web-archive files in and out: WARCs written by Debian's wget ingest with their URLs and
dates; our WARC and WACZ exports pass `warcio check` and `warcio index` and, ingested into a
fresh archive, give back the same captures and articles; a bad record fails alone."""

import gzip
import io
import json
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.export import web_archive_items
from archive.ingest.pipeline import ingest_paths
from archive.models import Article, Capture
from archive.webarchive import records, writer
from archive.webarchive.reader import BadRecord, read_archive
from tests.conftest import SAMPLES
from tests.processes import ProcessArchive
from tests.test_capture import FAST, manage
from tests.webserver import wget_warc
from tests.webserver_pages import ARTICLES

pytestmark = pytest.mark.usefixtures("gazetteer")
WARCIO = Path(sys.executable).with_name("warcio")


def test_a_wget_warc_goes_in_with_its_urls_and_dates(site, tmp_path):
    paths = [story.path for story in ARTICLES[:4]]
    warc = wget_warc(site, tmp_path / "site.warc.gz", paths, requisites=True)
    dates = {
        record.uri: record.date for record in read_archive(warc, max_bytes=2**24) if record.type == "response"
    }
    report = ingest_paths([warc])
    assert report.ok, report.outcomes
    assert len(report.with_status("added")) == 4
    assert len(report.with_status("kept")) >= 2  # the stylesheet and the logo
    skipped = [o.reason for o in report.with_status("skipped")]
    assert skipped[0] == "a crawler's robots.txt"
    assert all(reason.startswith("not a page: a record of the tool") for reason in skipped[1:])  # wget's log
    for path in paths:
        article = Article.objects.get(url=site.url(path))  # no angle brackets left
        assert article.capture.captured_at == dates[site.url(path)]
        assert article.capture.request  # wget's request record travelled with its response
    again = ingest_paths([warc])
    assert len(again.with_status("unchanged")) == len(again.outcomes) - len(skipped)


def test_exports_pass_warcio_and_come_back_the_same(site, tmp_path):
    manage("capture", *FAST, *(site.url(story.path) for story in ARTICLES[:5]))
    ingest_paths([SAMPLES / "2021-didi-app-removal.html", SAMPLES / "2017-pboc-ico-ban.txt"])
    call_command("export", "--format", "warc", "--out", str(tmp_path / "all.warc.gz"), stderr=io.StringIO())
    call_command("export", "--format", "wacz", "--out", str(tmp_path / "all.wacz"), stderr=io.StringIO())
    for tool in ("check", "index"):
        done = subprocess.run([WARCIO, tool, tmp_path / "all.warc.gz"], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stderr, done.stderr
    with zipfile.ZipFile(tmp_path / "all.wacz") as bundle:
        names = set(bundle.namelist())
        assert {
            "archive/data.warc.gz",
            "indexes/index.cdx",
            "pages/pages.jsonl",
            "datapackage.json",
        } <= names
        (tmp_path / "inner.warc.gz").write_bytes(bundle.read("archive/data.warc.gz"))
        pages = bundle.read("pages/pages.jsonl").decode().splitlines()
    assert subprocess.run([WARCIO, "check", tmp_path / "inner.warc.gz"]).returncode == 0
    assert len(pages) == 1 + 5  # the header, and the web pages

    expected = snapshot()
    for exported in ("all.warc.gz", "all.wacz"):
        fresh = ProcessArchive(tmp_path / exported.replace(".", "-"), database_url=None)
        for step in (
            ("migrate", "-v0"),
            ("load_gazetteer",),
            ("ingest", tmp_path / exported, "--no-progress"),
        ):
            done = fresh.manage(*step)
            assert done.returncode == 0, done.stderr
        rows = fresh.query("SELECT sha256, url FROM archive_capture ORDER BY sha256")
        assert rows == expected["captures"]
        titles = fresh.query("SELECT title, url, published_on FROM archive_article ORDER BY title")
        assert [(t, u, str(d) if d else None) for t, u, d in titles] == expected["articles"]


def snapshot() -> dict:
    captures = sorted(Capture.objects.values_list("sha256", "url"))
    articles = Article.objects.order_by("title").values_list("title", "url", "published_on")
    return {
        "captures": [tuple(c) for c in captures],
        "articles": [(t, u, d.isoformat() if d else None) for t, u, d in articles],
    }


def exchange(n: int) -> tuple[bytes, bytes]:
    response = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        f"<html><head><title>Notice {n}</title></head><body><p>The Cyberspace Administration of China "
        f"said it closed {n + 2},000 accounts on Weibo in round {n} of the campaign, officials said.</p>"
        "<p>The platform said it would publish a report on the accounts it had closed.</p></body></html>"
    ).encode()
    request = f"GET /notice/{n} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode()
    return request, response


def warc_of(count: int, *, start: int = 0) -> bytes:
    out = io.BytesIO()
    for n in range(start, start + count):
        request, response = exchange(n)
        response_headers, request_headers = records.exchange_headers(
            url=f"http://example.org/notice/{n}",
            fetched_at=datetime(2024, 5, 1, 12, n % 60, tzinfo=UTC),
            request=request,
            response=response,
            ip="",
        )
        out.write(gzip.compress(records.record(request_headers, request)))
        out.write(gzip.compress(records.record(response_headers, response)))
    return out.getvalue()


def record_headers(kind: str, uri: str) -> list[tuple[str, str]]:
    return [
        ("WARC-Type", kind),
        ("WARC-Record-ID", records.new_id()),
        ("WARC-Target-URI", uri),
        ("Content-Type", records.HTTP_RESPONSE),
    ]


def test_a_corrupt_record_fails_alone_with_its_offset(tmp_path):
    good = warc_of(6)
    members = good.split(b"\x1f\x8b\x08")[1:]
    broken = bytearray(good)
    bad_at = len(b"\x1f\x8b\x08".join([b"", *members[:7]]))  # the 4th exchange's response
    broken[bad_at + 30 : bad_at + 60] = b"\x00" * 30
    warc = tmp_path / "broken.warc.gz"
    warc.write_bytes(bytes(broken) + warc_of(1, start=6)[:-20])  # and the last one cut short
    report = ingest_paths([warc])
    failed = report.with_status("failed")
    assert len(report.with_status("added")) == 5
    assert len(failed) == 2
    assert failed[0].source.endswith(f"offset {bad_at}") and "unreadable record" in failed[0].reason
    assert {a.url for a in Article.objects.all()} == {
        f"http://example.org/notice/{n}" for n in (0, 1, 2, 4, 5)
    }


def test_reading_a_big_warc_holds_one_record_at_a_time(tmp_path):
    """Flat memory: 2,000 records and a 20 MB one over the size limit are read with a peak far
    below the file's size (the big one is passed over, never held)."""
    warc = tmp_path / "big.warc.gz"
    with warc.open("wb") as out:
        out.write(warc_of(1000))
        huge = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" + b"\x89PNG" + os.urandom(20 * 2**20)
        headers = record_headers("response", "http://example.org/huge.png")
        out.write(gzip.compress(records.record(headers, huge), compresslevel=1))
    tracemalloc.start()
    try:
        kinds = [getattr(item, "type", "bad") for item in read_archive(warc, max_bytes=2**20)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert kinds.count("response") == 1001 and "bad" not in kinds
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MB"


def test_revisits_are_unchanged_and_other_media_skipped(tmp_path):
    request, response = exchange(1)
    headers, _ = records.exchange_headers(
        url="http://example.org/notice/1",
        fetched_at=datetime.now(UTC),
        request=request,
        response=response,
        ip="",
    )
    revisit = record_headers("revisit", "http://example.org/notice/1")
    pdf = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4"
    pdf_headers = record_headers("response", "http://example.org/a.pdf")
    warc = tmp_path / "mixed.warc"
    warc.write_bytes(
        records.record(headers, response) + records.record(revisit, b"") + records.record(pdf_headers, pdf)
    )
    report = ingest_paths([warc])
    assert [o.status for o in report.outcomes] == ["added", "unchanged", "skipped"]
    assert report.outcomes[2].reason == "not a page: application/pdf"


def test_a_wacz_download_of_a_search_holds_its_pages_and_what_they_load(site, client):
    manage("capture", *FAST, *(site.url(story.path) for story in ARTICLES[:4]))
    answer = client.get("/export/articles.wacz", {"q": ARTICLES[0].title.split()[2]})
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as bundle:
        index = bundle.read("indexes/index.cdx").decode()
    assert site.url(ARTICLES[0].path) in index
    warc = b"".join(client.get("/export/articles.warc.gz").streaming_content)
    uris = {r.uri for r in read_archive_bytes(warc, Path("x.warc.gz"))}
    assert {site.url(s.path) for s in ARTICLES[:4]} <= uris
    assert writer.capture_uri(Capture.objects.filter(url="").first() or Capture(url="x")) == "x"


def test_the_wacz_index_lists_what_a_replay_serves_and_not_the_facts(site, tmp_path):
    """pywb and ReplayWeb.page find a URL in the index: for a page that must be its response, so the
    metadata record of its facts (the same URL, the same second) stays out, and only in a file they load."""
    manage("capture", *FAST, site.url(ARTICLES[0].path))  # with its stylesheet and two images
    out = io.BytesIO()
    writer.write_wacz(web_archive_items(), out, title="test")
    with zipfile.ZipFile(out) as bundle:
        lines = bundle.read("indexes/index.cdx").decode().splitlines()
        (tmp_path / "data.warc.gz").write_bytes(bundle.read("archive/data.warc.gz"))
    found = list(read_archive(tmp_path / "data.warc.gz", max_bytes=2**24))
    entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
    assert sorted(e["url"] for e in entries) == sorted(r.uri for r in found if r.type == "response")
    assert len(entries) == 4
    assert [e["mime"] for e in entries if e["url"] == site.url(ARTICLES[0].path)] == ["text/html"]
    assert [r.uri for r in found if r.type == "metadata"] == [site.url(ARTICLES[0].path)]  # still there


def test_each_wacz_member_starts_where_its_central_directory_entry_says(site):
    """ReplayWeb.page finds a member's bytes from the central directory alone when its entry has no
    extra field: a local header with extra fields there (a forced ZIP64 one) made it read 20 bytes early."""
    manage("capture", *FAST, site.url(ARTICLES[1].path))
    out = io.BytesIO()
    writer.write_wacz(web_archive_items(), out, title="test")
    data = out.getvalue()
    with zipfile.ZipFile(out) as bundle:
        for info in bundle.infolist():
            name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
            assert (name_length, extra_length) == (len(info.filename), len(info.extra)), info.filename


def read_archive_bytes(data: bytes, name: Path):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name.name
        path.write_bytes(data)
        return [r for r in read_archive(path, max_bytes=2**24) if not isinstance(r, BadRecord)]


def test_file_captures_go_out_as_resource_records(tmp_path):
    ingest_paths([SAMPLES / "2017-pboc-ico-ban.txt"])
    out = io.BytesIO()
    assert writer.write_warc(web_archive_items(), out) == 1
    path = tmp_path / "files.warc.gz"
    path.write_bytes(out.getvalue())
    found = list(read_archive(path, max_bytes=2**24))
    assert [r.type for r in found] == ["resource", "metadata"]
    assert found[0].uri == "file:///2017-pboc-ico-ban.txt"
    assert found[0].block == (SAMPLES / "2017-pboc-ico-ban.txt").read_bytes()
