"""Read web-archive files (.warc, .warc.gz, .wacz) one record at a time, in flat memory.

A record that cannot be read (truncated, corrupt) is reported with its offset and the reading
goes on at the next record that can be. Request records travel with the response they were
sent for, whichever comes first in the file.
"""

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from archive.webarchive.records import header

SUFFIXES = (".warc", ".warc.gz", ".wacz")
SCAN = 1 << 20


@dataclass
class WarcRecord:
    type: str
    headers: list[tuple[str, str]]  # the WARC headers, in order, as read
    block: bytes
    offset: int
    member: str = ""  # the WARC file inside a WACZ
    request: "WarcRecord | None" = None
    oversize: int = 0  # a block over the size limit is not read: its length
    notes: list[str] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return header(self.headers, "WARC-Target-URI").strip().strip("<>")  # wget writes <...>

    @property
    def record_id(self) -> str:
        return header(self.headers, "WARC-Record-ID")

    @property
    def content_type(self) -> str:
        return header(self.headers, "Content-Type")

    @property
    def date(self) -> datetime | None:
        raw = header(self.headers, "WARC-Date")
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    @property
    def where(self) -> str:
        return f"{self.member + ' ' if self.member else ''}offset {self.offset}"


@dataclass(frozen=True)
class BadRecord:
    offset: int
    reason: str
    member: str = ""

    @property
    def where(self) -> str:
        return f"{self.member + ' ' if self.member else ''}offset {self.offset}"


def is_web_archive(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def read_archive(path: Path, *, max_bytes: int) -> Iterator[WarcRecord | BadRecord]:
    """Every record of a WARC file or of the WARC files inside a WACZ."""
    if path.name.lower().endswith(".wacz"):
        yield from _read_wacz(path, max_bytes=max_bytes)
        return
    with path.open("rb") as stream:
        yield from _paired(_records(stream, max_bytes=max_bytes))


def _read_wacz(path: Path, *, max_bytes: int) -> Iterator[WarcRecord | BadRecord]:
    try:
        bundle = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        yield BadRecord(0, f"not a WACZ (ZIP) file: {error}")
        return
    with bundle:
        members = sorted(
            name
            for name in bundle.namelist()
            if name.startswith("archive/") and name.lower().endswith((".warc", ".warc.gz"))
        )
        if not members:
            yield BadRecord(0, "the WACZ holds no WARC file under archive/")
        for name in members:
            with bundle.open(name) as stream:
                for item in _paired(_records(stream, max_bytes=max_bytes)):
                    if isinstance(item, WarcRecord):
                        item.member = name
                        yield item
                    else:
                        yield BadRecord(item.offset, item.reason, name)


def _records(stream: BinaryIO, *, max_bytes: int) -> Iterator[WarcRecord | BadRecord]:
    """The records from the stream's position on; after a bad one, from the next good one."""
    start = stream.tell()
    while start is not None:
        stream.seek(start)
        records = ArchiveIterator(stream, no_record_parse=True)
        offset = start
        try:
            for item in records:
                offset = records.offset
                length = int(item.rec_headers.get_header("Content-Length") or 0)
                headers = list(item.rec_headers.headers)
                if length > max_bytes and item.rec_type in ("response", "resource"):
                    yield WarcRecord(item.rec_type, headers, b"", offset, oversize=length)
                    continue
                block = item.raw_stream.read()
                if len(block) < length:
                    raise EOFError(f"the record is cut short: {len(block)} of {length} bytes")
                yield WarcRecord(item.rec_type, headers, block, offset)
            return
        except Exception as error:  # warcio raises many kinds for bad bytes: each is one bad record
            offset = max(offset, records.offset)  # past the last good record when the next is bad
            yield BadRecord(offset, _why(error))
            start = _next_record_start(stream, offset + 1)


def _why(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"unreadable record ({type(error).__name__}: {text[:200]})"


def _next_record_start(stream: BinaryIO, position: int) -> int | None:
    """The offset of the next place a record can be read from, or None at the end."""
    while True:
        stream.seek(position)
        chunk = stream.read(SCAN + 16)
        if not chunk:
            return None
        for signature, shift in ((b"\x1f\x8b\x08", 0), (b"\nWARC/1.", 1)):
            at = chunk.find(signature)
            while at != -1 and at < SCAN:
                candidate = position + at + shift
                if _readable_at(stream, candidate):
                    return candidate
                at = chunk.find(signature, at + 1)
        position += SCAN


def _readable_at(stream: BinaryIO, offset: int) -> bool:
    stream.seek(offset)
    try:
        next(iter(ArchiveIterator(stream, no_record_parse=True)))
    except Exception:
        return False
    return True


def _paired(items: Iterator[WarcRecord | BadRecord]) -> Iterator[WarcRecord | BadRecord]:
    """Attach each request record to its response (linked by WARC-Concurrent-To either way,
    or next to it for the same URI), looking one record ahead."""
    pending: WarcRecord | None = None
    for item in items:
        if pending is None:
            pending = item if isinstance(item, WarcRecord) else None
            if pending is None:
                yield item
            continue
        if isinstance(item, WarcRecord) and _pair(pending, item):
            response, request = (pending, item) if pending.type == "response" else (item, pending)
            response.request = request
            yield response
            pending = None
            continue
        yield pending
        pending = item if isinstance(item, WarcRecord) else None
        if pending is None:
            yield item
    if pending is not None:
        yield pending


def _pair(first: WarcRecord, second: WarcRecord) -> bool:
    if {first.type, second.type} != {"request", "response"}:
        return False
    linked = (
        header(first.headers, "WARC-Concurrent-To") == second.record_id
        or header(second.headers, "WARC-Concurrent-To") == first.record_id
    )
    return linked or first.uri == second.uri
