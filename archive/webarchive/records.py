"""WARC records (ISO 28500, WARC/1.1): made from a capture's stored bytes, byte for byte.

A record is its WARC headers, then its block unchanged, then two line ends. The headers of
a record the archive read or made are stored with the capture and written out again as they
were, so an export read back gives the same bytes, digests and ids.
"""

import hashlib
import uuid
from datetime import UTC, datetime

from archive.webarchive.http import split_message

VERSION = b"WARC/1.1"
HTTP_RESPONSE = "application/http; msgtype=response"
HTTP_REQUEST = "application/http; msgtype=request"
NAMESPACE = uuid.UUID("4b0c6a0e-8e0a-4f7e-9a55-3a8f1ad0c7e1")  # ids of records made from files


def record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    """One WARC record: `headers` (Content-Length is computed here), the block, the end."""
    lines = [VERSION]
    lines += [f"{key}: {value}".encode() for key, value in headers if key.lower() != "content-length"]
    lines.append(f"Content-Length: {len(block)}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + block + b"\r\n\r\n"


def digest(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


def new_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def stable_id(*parts: str) -> str:
    """The same id for the same parts, so exporting twice gives the same records."""
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(parts))}>"


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def http_payload(block: bytes) -> bytes:
    """The payload of an HTTP message block, as a WARC-Payload-Digest covers it."""
    return split_message(block)[2]


def exchange_headers(
    *, url: str, fetched_at: datetime, request: bytes, response: bytes, ip: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The WARC headers of a fresh capture's response record and of its request record."""
    response_id, request_id = new_id(), new_id()
    date = warc_date(fetched_at)
    common = [("WARC-Date", date), ("WARC-Target-URI", url)]
    address = [("WARC-IP-Address", ip)] if ip else []
    response_headers = [
        ("WARC-Type", "response"),
        ("WARC-Record-ID", response_id),
        *common,
        *address,
        ("Content-Type", HTTP_RESPONSE),
        ("WARC-Block-Digest", digest(response)),
        ("WARC-Payload-Digest", digest(http_payload(response))),
    ]
    request_headers = [
        ("WARC-Type", "request"),
        ("WARC-Record-ID", request_id),
        *common,
        ("WARC-Concurrent-To", response_id),
        ("Content-Type", HTTP_REQUEST),
        ("WARC-Block-Digest", digest(request)),
    ]
    return response_headers, request_headers


def resource_headers(*, uri: str, captured_at: datetime, media_type: str, block: bytes) -> list:
    """A `resource` record for a file's bytes (the file itself is the block)."""
    return [
        ("WARC-Type", "resource"),
        ("WARC-Record-ID", stable_id("resource", digest(block))),
        ("WARC-Date", warc_date(captured_at)),
        ("WARC-Target-URI", uri),
        ("Content-Type", media_type),
        ("WARC-Block-Digest", digest(block)),
        ("WARC-Payload-Digest", digest(block)),
    ]


def header(headers: list, name: str, default: str = "") -> str:
    name = name.lower()
    return next((value for key, value in headers if key.lower() == name), default)
