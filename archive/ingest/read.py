"""Read: bytes in, decoded text out, with the media type and the encoding found."""

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

TEXT_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
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
# Detectors name the narrow encodings; decode with their supersets so rare characters survive.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}


class UnreadableInput(ValueError):
    """The bytes are not a page the archive can read; the message says why."""


@dataclass(frozen=True)
class Document:
    content: bytes
    text: str
    media_type: str
    encoding: str
    source: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def read_file(path: Path) -> Document:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise UnreadableInput(f"cannot read the file: {error.strerror}") from error
    _refuse_binary(content)
    media_type = TEXT_TYPES.get(path.suffix.lower())
    if media_type is None:
        supported = ", ".join(SUPPORTED)
        raise UnreadableInput(f"unsupported file type {path.suffix or '(none)'!r} (supported: {supported})")
    return read_bytes(content, media_type=media_type, source=str(path))


def read_bytes(content: bytes, *, media_type: str, source: str) -> Document:
    _refuse_binary(content)
    encoding = detect_encoding(content, media_type=media_type)
    text = content.decode(encoding, errors="replace")
    if "\x00" in text or text.count("\ufffd") > max(10, len(text) // 100):
        raise UnreadableInput("not a text or HTML page: the bytes do not decode as text")
    return Document(content, text.lstrip("\ufeff"), media_type, encoding, source)


def _refuse_binary(content: bytes) -> None:
    if not content.strip():
        raise UnreadableInput("empty file")
    for signature, what in BINARY_SIGNATURES.items():
        if content.startswith(signature):
            raise UnreadableInput(f"not a text or HTML page: the bytes are {what}")


def detect_encoding(content: bytes, *, media_type: str) -> str:
    """UTF-8 (with or without BOM) first, then a declared charset, then a detector's guess."""
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            return name
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if media_type == "text/html":
        declared = META_CHARSET.search(content[:4096])
        if declared and _decodes(content, name := _python_codec(declared.group(1).decode())):
            return name
    best = charset_normalizer.from_bytes(content).best()
    if best is None:
        raise UnreadableInput("not a text or HTML page: no text encoding fits the bytes")
    return _python_codec(best.encoding)


def _python_codec(name: str) -> str:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return "utf-8"
    return SUPERSETS.get(canonical, canonical)


def _decodes(content: bytes, encoding: str) -> bool:
    try:
        content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
