"""Pages from the web, for the pipeline: the records of WARC and WACZ files, and URLs fetched.

A page (HTML or text, answered 2xx) becomes a Document whose content is the record's block, as
the capture keeps it. An image or a stylesheet is kept beside the pages for showing them as they
were (a Resource). Anything else is skipped and counted.
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from archive.ingest.read import PAGE_TYPES, Document, Origin, UnreadableInput, read_bytes, read_web
from archive.webarchive import records
from archive.webarchive.fetch import Exchange, FetchFailed, check_status, fetch
from archive.webarchive.http import BadMessage, parse_response
from archive.webarchive.reader import BadRecord, WarcRecord, read_archive
from archive.webarchive.replay import CSS_URL

RESOURCE_TYPES = ("image/", "text/css")
NOT_PAGES = ("/robots.txt",)  # a crawler's own fetches, not pages of the site
MAX_REQUISITES = 40


@dataclass(frozen=True)
class Resource:
    """An image or a stylesheet a page loads, kept to show the page as it was."""

    content: bytes
    media_type: str
    origin: Origin

    @property
    def source(self) -> str:
        return self.origin.url


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass(frozen=True)
class Failed:
    source: str
    reason: str


@dataclass(frozen=True)
class Revisit:
    """A record saying the payload is one already archived."""

    source: str


Item = Document | Resource | Skipped | Failed | Revisit


def archive_items(path: Path, *, max_bytes: int) -> Iterator[Item]:
    """What each record of a WARC or WACZ file is for the archive."""
    for record in read_archive(path, max_bytes=max_bytes):
        if isinstance(record, BadRecord):
            yield Failed(f"{path} {record.where}", record.reason)
        elif record.type == "revisit":
            yield Revisit(record.uri)
        elif record.type in ("response", "resource"):
            yield _item(record, path, max_bytes=max_bytes)


def _item(record: WarcRecord, path: Path, *, max_bytes: int) -> Item:
    where = f"{record.uri or path} ({path.name} {record.where})"
    if record.oversize:
        size = record.oversize / 2**20
        return Failed(
            where, f"the record is {size:.1f} MB, over the {max_bytes / 2**20:g} MB limit (MAX_PAGE_MB)"
        )
    scheme = urlsplit(record.uri).scheme
    if urlsplit(record.uri).path in NOT_PAGES:
        return Skipped(where, "a crawler's robots.txt")
    if scheme == "file" and record.type == "resource":
        return _file(record)
    if scheme not in ("http", "https"):
        return Skipped(where, f"not a page: a record of the tool that wrote the file ({record.uri[:80]})")
    warc = {"type": record.type, "headers": [list(pair) for pair in record.headers], "file": path.name}
    request = b""
    if record.request is not None:
        warc["request"] = {"headers": [list(pair) for pair in record.request.headers]}
        request = record.request.block
    status, body, media_type = None, record.block, record.content_type
    if record.type == "response":
        try:
            response = parse_response(record.block)
        except BadMessage as error:
            return Failed(where, str(error))
        status, body, media_type = response.status, response.body, response.header("Content-Type")
        if not 200 <= status < 300:
            return Skipped(where, f"HTTP {status}: not a page")
    origin = Origin(
        url=record.uri,
        captured_at=record.date or datetime.now(UTC),
        http_status=status,
        payload_digest=records.digest(body),
        warc=warc,
        request=request,
    )
    return classify(record.block, origin, media_type)


def _file(record: WarcRecord) -> Item:
    """A file kept as a `resource` record (as the archive exports files): a file capture again."""
    name = unquote(PurePosixPath(urlsplit(record.uri).path).name) or "file"
    origin = Origin(
        url="", captured_at=record.date or datetime.now(UTC), http_status=None,
        payload_digest=records.digest(record.block),
    )  # fmt: skip
    media_type = record.content_type.split(";")[0].strip().lower()
    if media_type not in PAGE_TYPES:
        return Skipped(name, f"not a page: {media_type or 'no media type'}")
    try:
        page = read_bytes(record.block, media_type=PAGE_TYPES[media_type], source=name)
    except UnreadableInput as error:
        return Failed(name, str(error))
    return replace(page, origin=origin)


def classify(block: bytes, origin: Origin, media_type: str) -> Item:
    """A page, a resource for replay, or something skipped."""
    bare = media_type.split(";")[0].strip().lower()
    if bare.startswith(RESOURCE_TYPES):
        return Resource(block, bare, origin)
    if bare and bare not in PAGE_TYPES:
        return Skipped(origin.url, f"not a page: {bare}")
    try:
        return read_web(block, origin=origin, media_type=media_type)
    except UnreadableInput as error:
        return Failed(origin.url, str(error))


def fetch_item(client, url: str, *, max_bytes: int) -> Item:
    """The answer to `url` as an item; raises FetchFailed when there is no page (gone or not)."""
    exchange = fetch(client, url, max_bytes=max_bytes)
    check_status(exchange)
    response = parse_response(exchange.response)
    origin = exchange_origin(exchange, response.body)
    item = classify(exchange.response, origin, response.header("Content-Type") or "")
    if isinstance(item, Skipped):
        raise FetchFailed(item.reason.replace("not a page: ", "not a text or HTML page: "))
    if isinstance(item, Failed):
        raise FetchFailed(item.reason)
    return item


def exchange_origin(exchange: Exchange, body: bytes) -> Origin:
    response_headers, request_headers = records.exchange_headers(
        url=exchange.url,
        fetched_at=exchange.fetched_at,
        request=exchange.request,
        response=exchange.response,
        ip=exchange.ip,
    )
    warc = {
        "type": "response",
        "headers": [list(pair) for pair in response_headers],
        "request": {"headers": [list(pair) for pair in request_headers]},
        "requested": exchange.requested,
        "redirects": [{"url": h.url, "status": h.status, "location": h.location} for h in exchange.redirects],
    }
    return Origin(
        url=exchange.url,
        captured_at=exchange.fetched_at,
        http_status=exchange.status,
        payload_digest=records.digest(body),
        warc=warc,
        request=exchange.request,
    )


def requisites(document: Document) -> list[str]:
    """The images and stylesheets a captured HTML page loads (absolute http(s) URLs)."""
    if document.media_type != "text/html" or document.origin is None:
        return []
    try:
        root = lxml.html.document_fromstring(document.text)
    except (etree.ParserError, ValueError):
        return []
    found = [img.get("src") for img in root.iter("img") if img.get("src")]
    found += [
        link.get("href")
        for link in root.iter("link")
        if link.get("href") and {"stylesheet", "icon"} & set((link.get("rel") or "").lower().split())
    ]
    for style in root.iter("style"):
        found += [match.group(2) for match in CSS_URL.finditer(style.text or "")]
    return _absolute(found, document.origin.url)


def css_requisites(resource: Resource) -> list[str]:
    """What a captured stylesheet loads in turn (images, fonts, imports)."""
    if resource.media_type != "text/css":
        return []
    body = parse_response(resource.content).body if resource.origin.warc.get("type") == "response" else b""
    css = body.decode("utf-8", errors="replace")
    return _absolute([match.group(2) for match in CSS_URL.finditer(css)], resource.origin.url)


def _absolute(addresses: list[str], base: str) -> list[str]:
    urls = []
    for address in addresses:
        address = address.strip()
        if address.startswith("data:"):
            continue
        url = urljoin(base, address).split("#")[0]
        if urlsplit(url).scheme in ("http", "https") and url not in urls:
            urls.append(url)
    return urls[:MAX_REQUISITES]
