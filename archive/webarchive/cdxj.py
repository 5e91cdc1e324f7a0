"""CDXJ index lines (the index ReplayWeb.page and pywb read) of WARC records as they are
written: the line cdxj-indexer gives reading the WARC back, by its rules and with warcio's own
HTTP parser, without reading the WARC back (that took half the time of a WACZ export)."""

import base64
import hashlib
import io
import json
import re
from functools import lru_cache

import surt
from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import iso_date_to_timestamp

# what a replay serves: cdxj-indexer's default types but metadata, whose record of an article's
# facts (same URL, same second) pywb served in place of the page
INDEXED = ("response", "revisit", "resource")
SPACE = re.compile(r"[;\s]")
LOADER = ArcWarcRecordLoader(verify_http=False)


def index_line(headers: list[tuple[str, str]], block: bytes, *, offset: int, length: int, filename: str):
    """The line of the record with these WARC headers and block, written at `offset` in
    `length` (gzipped) bytes; None for a record the index leaves out (a request, WARC fields)."""
    named = {key.lower(): value for key, value in reversed(headers)}  # the first of a name counts
    kind, content_type = named.get("warc-type"), named.get("content-type")
    if kind not in INDEXED or (
        kind in ("resource", "metadata") and content_type == "application/warc-fields"
    ):
        return None
    url = _target_uri(named.get("warc-target-uri"))
    http, payload_at = _http_head(kind, url, block)
    fields = {
        "url": url,
        "mime": _mime(kind, content_type, http),
        "status": http.get_statuscode() if kind in ("response", "revisit") and http else None,
        "digest": named.get("warc-payload-digest") or _sha1(kind, memoryview(block)[payload_at:]),
        "length": str(length),
        "offset": str(offset),
        "filename": filename,
    }
    fields = {key: value for key, value in fields.items() if value is not None}
    return f"{_urlkey(url)} {_timestamp(named.get('warc-date'))} {json.dumps(fields)}\n"


def _target_uri(uri: str | None) -> str | None:
    """As warcio reads it: without the <> wget 1.19 wrote, spaces percent-encoded."""
    if uri is not None and uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1]
    return uri.replace(" ", "%20") if uri is not None else None


def _http_head(kind: str, url: str, block: bytes) -> tuple[StatusAndHeaders | None, int]:
    """The HTTP status and headers warcio finds in the block, and where the payload starts."""
    if kind not in LOADER.HTTP_RECORDS:
        return None, 0
    stream = io.BytesIO(block)
    return LOADER.load_http_headers(kind, url, stream, len(block)), stream.tell()


def _mime(kind: str, content_type: str | None, http: StatusAndHeaders | None) -> str | None:
    if kind == "revisit":
        return "warc/revisit"
    if kind in ("response", "request"):
        content_type = http.get_header("content-type") if http else None
    return SPACE.split(content_type, 1)[0].strip() if content_type else content_type


def _sha1(kind: str, payload: memoryview) -> str | None:
    """The payload digest warcio computes for a record that states none."""
    if kind == "revisit":
        return None
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")


@lru_cache(maxsize=64)  # a capture's records share their URI and date
def _urlkey(url: str) -> str:
    try:
        return surt.surt(url)
    except Exception:  # as cdxj-indexer: a URI surt cannot read is its own key
        return url


@lru_cache(maxsize=64)
def _timestamp(date: str) -> str:
    return iso_date_to_timestamp(date)
