"""Export in the archivists' formats: WARC (each record gzipped on its own) and WACZ (the WARC
with a CDXJ index, a page list and a signed-off package description, in one ZIP).

A capture from the web goes out as the request and response records it was read or made
from, headers and block unchanged; a file as a `resource` record of its bytes; each article's
facts as a `metadata` record that refers to its capture.
"""

import gzip
import hashlib
import io
import json
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import BinaryIO
from urllib.parse import quote

from cdxj_indexer.main import CDXJIndexer

from archive.models import Capture
from archive.webarchive import records

WACZ_VERSION = "1.1.1"
# CDXJ lines in a file named .cdx: the one name both pywb's `wb-manager add` (.cdx, .cdx.gz) and
# ReplayWeb.page (.cdx, .cdxj, .idx) load; with .cdxj pywb added nothing, with .cdx.gz ReplayWeb.page
INDEX = "indexes/index.cdx"
# what a replay serves: not the facts' metadata records, which share their page's URL and second and,
# sorted first, were what pywb showed for the page
REPLAYED_RECORDS = "response,revisit,resource"
SOFTWARE = "Regulation Archive"
CHUNK = 1 << 16


@dataclass(frozen=True)
class Page:
    """An article as a WACZ lists it."""

    url: str
    ts: str
    title: str


def capture_uri(capture: Capture) -> str:
    """The URI a capture is filed under: its URL, or a file: URI of its file's name."""
    if capture.url:
        return capture.url
    name = PurePosixPath(capture.source.replace("\\", "/")).name or capture.sha256
    return f"file:///{quote(name)}"


def capture_records(capture: Capture, facts: dict | None) -> list[bytes]:
    """The records of one capture (and its article's facts), uncompressed."""
    content = bytes(capture.content)
    stored = capture.warc or {}
    if stored.get("headers"):
        headers = [tuple(pair) for pair in stored["headers"]]
    else:  # a file
        headers = records.resource_headers(
            uri=capture_uri(capture),
            captured_at=capture.captured_at,
            media_type=capture.media_type or "application/octet-stream",
            block=content,
        )
    out = []
    request = bytes(capture.request or b"")
    if request and stored.get("request", {}).get("headers"):
        out.append(records.record([tuple(p) for p in stored["request"]["headers"]], request))
    out.append(records.record(headers, content))
    if facts is not None:
        out.append(_metadata(capture, headers, facts))
    return out


def _metadata(capture: Capture, headers: list, facts: dict) -> bytes:
    block = json.dumps(facts, ensure_ascii=False, sort_keys=True).encode()
    meta = [
        ("WARC-Type", "metadata"),
        ("WARC-Record-ID", records.stable_id("metadata", records.digest(block))),
        ("WARC-Date", records.header(headers, "WARC-Date") or records.warc_date(capture.captured_at)),
        ("WARC-Target-URI", records.header(headers, "WARC-Target-URI") or capture_uri(capture)),
        ("WARC-Refers-To", records.header(headers, "WARC-Record-ID")),
        ("Content-Type", "application/json"),
        ("WARC-Block-Digest", records.digest(block)),
    ]
    return records.record(meta, block)


def write_warc(items: Iterable[tuple[Capture, dict | None]], out: BinaryIO) -> int:
    """Every capture's records, each gzipped on its own (so a reader can seek to any);
    returns how many captures were written."""
    count = 0
    for capture, facts in items:
        for raw in capture_records(capture, facts):
            out.write(gzip.compress(raw, compresslevel=6, mtime=0))
        count += 1
    return count


def write_wacz(items: Iterable[tuple[Capture, dict | None]], out: BinaryIO, *, title: str) -> int:
    """A WACZ package of every capture: the WARC is written to a temporary file, indexed with
    cdxj-indexer (the index ReplayWeb.page and pywb read), then zipped with the rest."""
    pages: list[Page] = []

    def noting(pairs):
        for capture, facts in pairs:
            if capture.url.startswith(("http://", "https://")) and facts is not None:
                date = records.header(capture.warc.get("headers", []), "WARC-Date")
                pages.append(
                    Page(capture.url, date or records.warc_date(capture.captured_at), facts["title"])
                )
            yield capture, facts

    with tempfile.TemporaryFile() as warc:
        count = write_warc(noting(items), warc)
        warc.seek(0)
        index = io.StringIO()
        CDXJIndexer(
            output=index, inputs=[warc], sort=True, filename="data.warc.gz", records=REPLAYED_RECORDS
        ).process_all()
        warc.seek(0)
        _zip(out, warc, index.getvalue().encode(), _pages_jsonl(pages), title=title)
    return count


def _pages_jsonl(pages: list[Page]) -> bytes:
    lines = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All pages"})]
    lines += [
        json.dumps(
            {
                "id": hashlib.sha1(f"{p.url} {p.ts}".encode()).hexdigest(),
                "url": p.url,
                "ts": p.ts,
                "title": p.title,
            },
            ensure_ascii=False,
        )  # fmt: skip
        for p in pages
    ]
    return ("\n".join(lines) + "\n").encode()


def _zip(out: BinaryIO, warc: BinaryIO, index: bytes, pages: bytes, *, title: str) -> None:
    resources = []
    with zipfile.ZipFile(out, "w", allowZip64=True) as bundle:
        resources.append(_add_stream(bundle, "archive/data.warc.gz", warc))
        for path, data in ((INDEX, index), ("pages/pages.jsonl", pages)):
            resources.append(_add_bytes(bundle, path, data))
        package = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "title": title,
            "software": SOFTWARE,
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "resources": resources,
        }
        package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode()
        bundle.writestr(zipfile.ZipInfo("datapackage.json", _now()), package_bytes, zipfile.ZIP_DEFLATED)
        digest = {"path": "datapackage.json", "hash": f"sha256:{hashlib.sha256(package_bytes).hexdigest()}"}
        bundle.writestr(
            zipfile.ZipInfo("datapackage-digest.json", _now()),
            json.dumps(digest).encode(),
            zipfile.ZIP_DEFLATED,
        )


def _add_stream(bundle: zipfile.ZipFile, path: str, stream: BinaryIO) -> dict:
    """Stored, not deflated: the records are gzipped already, and readers seek into them."""
    hasher, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo(path, _now())
    info.compress_type = zipfile.ZIP_STORED
    # the size told first, so the local header has a ZIP64 field only when the central directory has one
    # too: ReplayWeb.page reads a member where the central directory puts it, and a forced ZIP64 field
    # in the local header alone made it read 20 bytes early
    info.file_size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    with bundle.open(info, "w") as member:
        while chunk := stream.read(CHUNK):
            member.write(chunk)
            hasher.update(chunk)
            size += len(chunk)
    return _resource(path, hasher.hexdigest(), size)


def _add_bytes(bundle: zipfile.ZipFile, path: str, data: bytes) -> dict:
    bundle.writestr(zipfile.ZipInfo(path, _now()), data, zipfile.ZIP_DEFLATED)
    return _resource(path, hashlib.sha256(data).hexdigest(), len(data))


def _resource(path: str, sha256: str, size: int) -> dict:
    return {"name": PurePosixPath(path).name, "path": path, "hash": f"sha256:{sha256}", "bytes": size}


def _now() -> tuple[int, int, int, int, int, int]:
    return datetime.now(UTC).timetuple()[:6]
