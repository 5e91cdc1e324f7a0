"""HTTP messages as a WARC record's block holds them: parsed, their content encoding undone."""

import gzip
import zlib
from dataclasses import dataclass
from email.message import Message

import brotlicffi

MAX_DECODED = 200 * 2**20  # a compressed bomb stops here


class BadMessage(ValueError):
    """The bytes are not an HTTP message."""


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    payload: bytes  # as transferred: content encoding kept, transfer encoding undone
    body: bytes  # the payload with its content encoding undone

    def header(self, name: str, default: str = "") -> str:
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), default)

    @property
    def media_type(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        message = Message()
        message["Content-Type"] = self.header("Content-Type")
        return message.get_param("charset") or None


def split_message(block: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
    """(first line, headers, rest) of an HTTP message."""
    end = block.find(b"\r\n\r\n")
    gap = 4
    if end == -1:
        end, gap = block.find(b"\n\n"), 2
    if end == -1:
        end, gap = len(block), 0
    head = block[:end].decode("latin-1")
    lines = head.replace("\r\n", "\n").split("\n")
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:  # a folded header continues the one before
            key, value = headers[-1]
            headers[-1] = (key, f"{value} {line.strip()}")
        elif ":" in line:
            key, value = line.split(":", 1)
            headers.append((key.strip(), value.strip()))
    return lines[0], headers, block[end + gap :]


def parse_response(block: bytes) -> Response:
    first, headers, payload = split_message(block)
    parts = first.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise BadMessage(f"not an HTTP response: {first[:60]!r}")
    response = Response(int(parts[1]), parts[2] if len(parts) > 2 else "", headers, payload, b"")
    if response.header("Transfer-Encoding").lower() == "chunked":
        payload = dechunk(payload)
    return Response(response.status, response.reason, headers, payload, decode(payload, response))


def dechunk(data: bytes) -> bytes:
    """The body of a chunked transfer, or the bytes as they are when they are not chunked
    (some tools keep the header and store the body whole)."""
    out, at = bytearray(), 0
    try:
        while True:
            line_end = data.index(b"\n", at)
            size = int(data[at:line_end].split(b";")[0].strip(), 16)
            if size == 0:
                return bytes(out)
            out += data[line_end + 1 : line_end + 1 + size]
            at = line_end + 1 + size
            if data[at : at + 2] == b"\r\n":
                at += 2
            elif data[at : at + 1] == b"\n":
                at += 1
    except ValueError:
        return data


def decode(payload: bytes, response: Response) -> bytes:
    """Undo Content-Encoding (gzip, deflate, br); bytes that do not decode stay as they are."""
    encodings = [e.strip().lower() for e in response.header("Content-Encoding").split(",") if e.strip()]
    body = payload
    for encoding in reversed(encodings):
        try:
            if encoding in ("gzip", "x-gzip"):
                body = _bounded(zlib.decompressobj(16 + zlib.MAX_WBITS), body)
            elif encoding == "deflate":
                try:
                    body = _bounded(zlib.decompressobj(), body)
                except zlib.error:  # raw deflate, as some servers send it
                    body = _bounded(zlib.decompressobj(-zlib.MAX_WBITS), body)
            elif encoding == "br":
                body = brotlicffi.decompress(body)
        except (zlib.error, brotlicffi.error, gzip.BadGzipFile):
            return payload
    return body


def _bounded(decompressor, data: bytes) -> bytes:
    body = decompressor.decompress(data, MAX_DECODED)
    if decompressor.unconsumed_tail:
        raise zlib.error("the decoded body is too large")
    return body
