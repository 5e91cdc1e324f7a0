"""Read: bytes in, decoded text out, with the media type and the encoding found."""

import codecs
import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path

import charset_normalizer

TEXT_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
# media types of the web read as pages, and how they are read
PAGE_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html", "text/plain": "text/plain"}
SUPPORTED = tuple(TEXT_TYPES)

# Magic numbers of formats people drop into a folder of pages by mistake.
BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a RIFF media file",
}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""")
# Detectors name the narrow encodings; decode with their supersets so rare characters survive.
# (Latin-1 as Windows-1252, as browsers read it: its 0x80-0x9f are quotes and dashes.)
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "ascii": "utf-8",
    "iso8859-1": "cp1252",
}
# Control characters no text page holds (tab, line and page breaks excepted): their share
# tells bytes that merely decode from text.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
DETECTOR_SAMPLE = 256 * 1024  # bytes the detector reads: it decodes every candidate in full


class UnreadableInput(ValueError):
    """The bytes are not a page the archive can read; the message says why."""


@dataclass(frozen=True)
class Origin:
    """Where a page from the web came from: a capture, or a record of a WARC file."""

    url: str  # the URL that answered
    captured_at: datetime
    http_status: int | None
    payload_digest: str  # of the page itself: the payload with its encodings undone
    warc: dict = field(default_factory=dict)  # record type and headers, request, redirects
    request: bytes = b""


@dataclass(frozen=True)
class Document:
    content: bytes  # what the capture keeps: the file, or the WARC record's block
    text: str
    media_type: str  # of the page
    encoding: str
    source: str
    notes: tuple[str, ...] = ()  # warnings worth printing, e.g. "3 invalid bytes replaced (…)"
    origin: Origin | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def read_file(path: Path, *, max_mb: float | None = None) -> Document:
    """The page in a file; one over `max_mb` megabytes (MAX_PAGE_MB) is refused unread."""
    limit = None if max_mb is None else int(max_mb * 2**20)
    try:
        size = path.stat().st_size
        if limit is not None and size > limit:
            raise _too_large(size, max_mb)
        with path.open("rb") as file:
            content = file.read() if limit is None else file.read(limit + 1)
    except OSError as error:
        raise UnreadableInput(f"cannot read the file: {error.strerror}") from error
    if limit is not None and len(content) > limit:  # it grew since stat, or stat cannot tell
        raise _too_large(len(content), max_mb)
    _refuse_binary(content)
    media_type = TEXT_TYPES.get(path.suffix.lower())
    if media_type is None:
        supported = ", ".join(SUPPORTED)
        raise UnreadableInput(f"unsupported file type {path.suffix or '(none)'!r} (supported: {supported})")
    return read_bytes(content, media_type=media_type, source=str(path))


def _too_large(size: int, max_mb: float) -> UnreadableInput:
    shown = math.ceil(size / 2**20 * 10) / 10  # rounded up: never "20.0 MB, over the 20 MB limit"
    return UnreadableInput(f"the page is {shown:.1f} MB, over the {max_mb:g} MB limit (MAX_PAGE_MB)")


def read_bytes(content: bytes, *, media_type: str, source: str, declared: str | None = None) -> Document:
    """The page in `content`; `declared` is a charset said outside the bytes (HTTP's
    Content-Type), honoured before the page's own <meta charset> or XML declaration."""
    _refuse_binary(content)
    text, encoding, notes = decode(content, media_type=media_type, declared=declared)
    return Document(content, text.lstrip("\ufeff"), media_type, encoding, source, notes)


def read_web(block: bytes, *, origin: Origin, media_type: str = "", declared: str | None = None) -> Document:
    """A page from the web: `block` is what the capture keeps (an HTTP response, or a
    resource record's bytes); the page read is the response's body, or the block itself."""
    body, media_type, declared = _page_of(block, origin=origin, media_type=media_type, declared=declared)
    if media_type not in PAGE_TYPES:
        raise UnreadableInput(f"not a text or HTML page: {media_type or 'no media type'}")
    page = read_bytes(body, media_type=PAGE_TYPES[media_type], source=origin.url, declared=declared)
    return Document(block, page.text, page.media_type, page.encoding, origin.url, page.notes, origin)


def read_stored(content: bytes, *, media_type: str, source: str, origin: Origin | None = None) -> Document:
    """A capture read again (reprocess): the same reading as when it came in."""
    if origin is None:
        return read_bytes(content, media_type=media_type, source=source)
    return read_web(content, origin=origin, media_type=media_type)


def _page_of(block: bytes, *, origin: Origin, media_type: str, declared: str | None):
    """(page bytes, media type, charset) of a web capture's block."""
    if origin.warc.get("type") != "response":
        return block, _bare(media_type), declared or _charset(media_type)
    from archive.webarchive.http import BadMessage, parse_response

    try:
        response = parse_response(block)
    except BadMessage as error:
        raise UnreadableInput(str(error)) from None
    return response.body, response.media_type or _sniff(response.body), declared or response.charset


def _bare(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def _charset(media_type: str) -> str | None:
    found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.\-]+)", media_type, re.I)
    return found.group(1) if found else None


def _sniff(body: bytes) -> str:
    """A media type for a response that gave none, as browsers guess it."""
    head = body[:512].lstrip().lower()
    return "text/html" if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) else "text/plain"


def _refuse_binary(content: bytes) -> None:
    if not content.strip():
        raise UnreadableInput("empty file")
    for signature, what in BINARY_SIGNATURES.items():
        if content.startswith(signature):
            raise UnreadableInput(f"not a text or HTML page: the bytes are {what}")


def decode(
    content: bytes, *, media_type: str, declared: str | None = None
) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding, notes): a byte order mark, else UTF-8, else a declared charset the
    bytes nearly fit, else UTF-8 with a few invalid bytes replaced, else a detector's guess
    that reads as text, else UTF-8 with what does not fit replaced (within reason)."""
    bom = _bom(content)
    if bom:
        return _accept(*_decode(content, bom), bom, f"byte order mark {bom}")
    text, invalid = _decode(content, "utf-8")
    if not invalid:
        return _accept(text, 0, "utf-8", "")
    utf8_characters = _non_ascii(text) - invalid  # valid UTF-8 sequences of two bytes or more
    for name in _declarations(content, media_type=media_type, declared=declared):
        candidate = (text, invalid) if name == "utf-8" else _decode(content, name)
        if _fits(*candidate) and not _garbles(name, content, utf8_characters):
            return _accept(*candidate, name, f"declared {name}")
    if invalid > max(3, len(text) // 1000):  # more than a few stray bytes: ask a detector
        guess = _guess(content)
        candidate = _decode(content, guess) if guess else ("", 0)
        if guess and _fits(*candidate) and not _garbles(guess, content, utf8_characters):
            return _accept(*candidate, guess, f"detected {guess}")
    return _accept(text, invalid, "utf-8", "read as UTF-8")


def _accept(text: str, invalid: int, encoding: str, why: str) -> tuple[str, str, tuple[str, ...]]:
    if "\x00" in text or not _fits(text, invalid) or _too_many_controls(text):
        raise UnreadableInput("not a text or HTML page: the bytes do not decode as text")
    plural = "s" if invalid != 1 else ""
    notes = (f"{invalid} invalid byte{plural} replaced ({why})",) if invalid else ()
    return text, encoding, notes


def _bom(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return ""


def _decode(content: bytes, encoding: str) -> tuple[str, int]:
    """The text, and how many invalid bytes (sequences) were replaced by U+FFFD."""
    text = content.decode(encoding, errors="replace")
    genuine = content.count(b"\xef\xbf\xbd") if encoding.startswith("utf-8") else 0  # a real U+FFFD
    return text, text.count("\ufffd") - genuine


def _fits(text: str, invalid: int) -> bool:
    """Do the bytes nearly fit the encoding: at most one character in fifty replaced?"""
    return invalid <= max(10, len(text) // 50)


def _too_many_controls(text: str) -> bool:
    limit = max(10, len(text) // 100)
    return sum(1 for _ in islice(CONTROLS.finditer(text), limit + 1)) > limit


def _declarations(content: bytes, *, media_type: str, declared: str | None) -> list[str]:
    """Charsets said about the page, most authoritative first, as Python codec names."""
    names = [declared] if declared else []
    if media_type == "text/html":
        head = content[:4096]
        found = (XML_ENCODING.search(head), META_CHARSET.search(head))
        names += [m.group(1).decode("ascii") for m in found if m]
    codec_names = [_python_codec(name) for name in names]
    # a page that states its charset in ASCII is not UTF-16 (HTML reads such a claim as UTF-8)
    return [name if not name.startswith(("utf-16", "utf-32")) else "utf-8" for name in codec_names if name]


def _guess(content: bytes) -> str:
    """A detector's reading of the page's opening bytes. A multi-byte character cut in half
    at the end makes it give up: the opening ends at a line break or space if there is one
    near, else it is tried a byte or three shorter."""
    sample = content[:DETECTOR_SAMPLE]
    cut = max(sample.rfind(b"\n"), sample.rfind(b" ")) if len(content) > DETECTOR_SAMPLE else -1
    ends = [cut] if cut > DETECTOR_SAMPLE // 2 else [len(sample) - trim for trim in range(4)]
    best = next(filter(None, (charset_normalizer.from_bytes(sample[:end]).best() for end in ends)), None)
    encoding = _python_codec(best.encoding) if best else ""
    # never UTF-16 without a byte order mark: any even run of bytes "decodes" as UTF-16
    return "" if encoding.startswith(("utf-16", "utf-32")) else encoding


def _garbles(encoding: str, content: bytes, utf8_characters: int) -> bool:
    """Would a single-byte code page turn the page's UTF-8 characters into mojibake ("â€™"
    for "’", "Ã©" for "é")? Legacy text forms a valid UTF-8 sequence only by accident, far
    less than once in fifty of its non-ASCII bytes; damaged UTF-8 is mostly valid sequences."""
    single_byte = len("é€’".encode(encoding, errors="replace")) == 3
    return single_byte and utf8_characters * 50 >= _non_ascii_bytes(content)


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", errors="ignore"))


def _non_ascii_bytes(content: bytes) -> int:
    return len(content) - len(content.decode("ascii", errors="ignore"))


def _python_codec(name: str) -> str:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return ""
    return SUPERSETS.get(canonical, canonical)
