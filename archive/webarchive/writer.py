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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import BinaryIO, TextIO
from urllib.parse import quote

from cdxj_indexer.main import SortingWriter

from archive.models import Capture
from archive.webarchive import cdxj, records

WACZ_VERSION = "1.1.1"
# CDXJ lines in a file named .cdx: the one name both pywb's `wb-manager add` (.cdx, .cdx.gz) and
# ReplayWeb.page (.cdx, .cdxj, .idx) load; with .cdxj pywb added nothing, with .cdx.gz ReplayWeb.page
INDEX = "indexes/index.cdx"
# what a replay serves: not the facts' metadata records, which share their page's URL and second and,
# sorted first, were what pywb showed for the page
# Records of news pages shrink about as far at level 3 as at 6 (2 % larger) in half the time,
# and compressing was a third of an export's time.
GZIP_LEVEL = 3
REPLAYED_RECORDS = ",".join(cdxj.INDEXED)  # what the index lists, as cdxj-indexer takes it
SOFTWARE = "Regulation Archive"
CHUNK = 1 << 16
WARC = "data.warc.gz"  # the WARC file in a WACZ
SORT_BUFFER = 1 << 20  # characters of index lines sorted in memory, the rest merged from files


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
    return [records.record(headers, block) for headers, block in record_parts(capture, facts)]


def record_parts(capture: Capture, facts: dict | None) -> list[tuple[list[tuple[str, str]], bytes]]:
    """The WARC headers and block of each record of one capture (and its article's facts)."""
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
    parts = []
    request = bytes(capture.request or b"")
    if request and stored.get("request", {}).get("headers"):
        parts.append(([tuple(p) for p in stored["request"]["headers"]], request))
    parts.append((headers, content))
    if facts is not None:
        parts.append(_metadata(capture, headers, facts))
    return parts


def _metadata(capture: Capture, headers: list, facts: dict) -> tuple[list[tuple[str, str]], bytes]:
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
    return meta, block


def write_warc(
    items: Iterable[tuple[Capture, dict | None]],
    out: BinaryIO,
    *,
    index: Callable[[str], object] | None = None,
) -> int:
    """Every capture's records, each gzipped on its own (so a reader can seek to any);
    returns how many captures were written. With `index`, it is given each record's CDXJ line
    (offsets count from where `out` stood)."""
    count = offset = 0
    for capture, facts in items:
        for headers, block in record_parts(capture, facts):
            member = gzip.compress(records.record(headers, block), compresslevel=GZIP_LEVEL, mtime=0)
            out.write(member)
            if index is not None:
                line = cdxj.index_line(headers, block, offset=offset, length=len(member), filename=WARC)
                if line:
                    index(line)
            offset += len(member)
        count += 1
    return count


def write_wacz(items: Iterable[tuple[Capture, dict | None]], out: BinaryIO, *, title: str) -> int:
    """A WACZ package of every capture: the WARC, its CDXJ index (the index ReplayWeb.page and
    pywb read, made as the WARC is written), the page list and the package description, in
    one ZIP. The WARC, the page list and the index go through temporary files (the index
    sorted in runs of SORT_BUFFER characters), so memory stays flat however many captures."""
    with tempfile.TemporaryFile() as warc, _text_file() as pages, _text_file() as index:
        pages.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All pages"}) + "\n")
        sorting = SortingWriter(index, SORT_BUFFER)
        count = write_warc(_noting_pages(items, pages), warc, index=sorting.write)
        sorting.flush()
        pages.flush()
        _zip(out, warc, index.buffer, pages.buffer, title=title)
    return count


def _text_file():
    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="")


def _noting_pages(items: Iterable[tuple[Capture, dict | None]], pages: TextIO):
    """The items, each article's page (web captures only) written to `pages` as it goes by."""
    for capture, facts in items:
        if capture.url.startswith(("http://", "https://")) and facts is not None:
            ts = records.header(capture.warc.get("headers", []), "WARC-Date")
            pages.write(
                _page_line(Page(capture.url, ts or records.warc_date(capture.captured_at), facts["title"]))
            )
        yield capture, facts


def _page_line(page: Page) -> str:
    line = {
        "id": hashlib.sha1(f"{page.url} {page.ts}".encode()).hexdigest(),
        "url": page.url,
        "ts": page.ts,
        "title": page.title,
    }
    return json.dumps(line, ensure_ascii=False) + "\n"


def _zip(out: BinaryIO, warc: BinaryIO, index: BinaryIO, pages: BinaryIO, *, title: str) -> None:
    resources = []
    with zipfile.ZipFile(out, "w", allowZip64=True) as bundle:
        resources.append(_add_stream(bundle, f"archive/{WARC}", warc))
        for path, stream in ((INDEX, index), ("pages/pages.jsonl", pages)):
            resources.append(_add_stream(bundle, path, stream, compress_type=zipfile.ZIP_DEFLATED))
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


def _add_stream(
    bundle: zipfile.ZipFile, path: str, stream: BinaryIO, *, compress_type: int = zipfile.ZIP_STORED
) -> dict:
    """The stream from its start; the WARC is stored, not deflated: its records are gzipped
    already, and readers seek into them."""
    stream.seek(0)
    hasher, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo(path, _now())
    info.compress_type = compress_type
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


def _resource(path: str, sha256: str, size: int) -> dict:
    return {"name": PurePosixPath(path).name, "path": path, "hash": f"sha256:{sha256}", "bytes": size}


def _now() -> tuple[int, int, int, int, int, int]:
    return datetime.now(UTC).timetuple()[:6]
