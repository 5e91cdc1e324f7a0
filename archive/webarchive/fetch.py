"""Fetch a URL as a web archive records it: the request and the response as sent and received,
the redirects followed on the way, the time, the server's address."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

MAX_REDIRECTS = 10
REDIRECTS = {301, 302, 303, 307, 308}
DROPPED_HEADERS = {"transfer-encoding"}  # the payload is stored whole, not in chunks


@dataclass(frozen=True)
class Hop:
    url: str
    status: int
    location: str


@dataclass(frozen=True)
class Exchange:
    requested: str  # the URL asked for
    url: str  # the URL that answered, after redirects
    fetched_at: datetime
    status: int
    request: bytes  # the final request's HTTP message
    response: bytes  # the final response's HTTP message: status line, headers, payload
    redirects: tuple[Hop, ...]
    ip: str


class FetchFailed(Exception):
    """The URL gave no page; `gone` when it says the page is no more (404, 410, no such host)."""

    def __init__(self, reason: str, *, status: int | None = None, gone: bool = False):
        super().__init__(reason)
        self.status = status
        self.gone = gone


@contextmanager
def http_client(*, user_agent: str, timeout: float) -> Iterator[httpx.Client]:
    with httpx.Client(
        headers={"User-Agent": user_agent}, timeout=timeout, follow_redirects=False, trust_env=False
    ) as client:
        yield client


def fetch(client: httpx.Client, url: str, *, max_bytes: int) -> Exchange:
    """The answer to `url`, following redirects; raises FetchFailed with the reason."""
    hops: list[Hop] = []
    current = url
    while True:
        request = client.build_request("GET", current)
        fetched_at = datetime.now(UTC)
        try:
            response = client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchFailed(f"no answer within {client.timeout.read:g} s (timeout)") from None
        except httpx.ConnectError as error:
            gone = _unknown_host(error)
            reason = "no such host (DNS)" if gone else f"cannot connect: {error}"
            raise FetchFailed(reason, gone=gone) from None
        except httpx.HTTPError as error:
            raise FetchFailed(f"{type(error).__name__}: {error}") from None
        try:
            if response.status_code in REDIRECTS and response.headers.get("location"):
                target = urljoin(current, response.headers["location"])
                hops.append(Hop(current, response.status_code, target))
                if len(hops) > MAX_REDIRECTS:
                    raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchFailed(f"a redirect to a URL that is not http(s): {target[:200]}")
                current = target
                continue
            ip = _peer(response)
            payload = _read(response, max_bytes)
        finally:
            response.close()
        return Exchange(
            requested=url,
            url=current,
            fetched_at=fetched_at,
            status=response.status_code,
            request=request_message(request),
            response=response_message(response, payload),
            redirects=tuple(hops),
            ip=ip,
        )


def check_status(exchange: Exchange) -> None:
    """A page is a 2xx answer; 404 and 410 say it is gone; anything else is a failure."""
    if 200 <= exchange.status < 300:
        return
    if exchange.status in (404, 410):
        raise FetchFailed(f"HTTP {exchange.status}: the page is gone", status=exchange.status, gone=True)
    raise FetchFailed(f"HTTP {exchange.status}", status=exchange.status)


def request_message(request: httpx.Request) -> bytes:
    target = request.url.raw_path.decode("ascii")
    lines = [f"{request.method} {target} HTTP/1.1".encode()]
    lines += [key + b": " + value for key, value in request.headers.raw]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def response_message(response: httpx.Response, payload: bytes) -> bytes:
    version = response.http_version or "HTTP/1.1"
    reason = response.reason_phrase or ""
    lines = [f"{version} {response.status_code} {reason}".rstrip().encode("latin-1")]
    lines += [
        key + b": " + value
        for key, value in response.headers.raw
        if key.decode("latin-1").lower() not in DROPPED_HEADERS
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + payload


def _read(response: httpx.Response, max_bytes: int) -> bytes:
    """The payload as transferred (content encoding kept), refused past `max_bytes`."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchFailed(_too_big(int(declared), max_bytes), status=response.status_code)
    chunks, size = [], 0
    try:
        for chunk in response.iter_raw():
            size += len(chunk)
            if size > max_bytes:
                raise FetchFailed(_too_big(size, max_bytes, at_least=True), status=response.status_code)
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchFailed("the answer stalled (timeout)") from None
    except httpx.HTTPError as error:
        raise FetchFailed(f"the answer broke off: {error}") from None
    return b"".join(chunks)


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"the answer is {more}{size / 2**20:.1f} MB, over the {limit / 2**20:g} MB limit (MAX_PAGE_MB)"


def _peer(response: httpx.Response) -> str:
    stream = response.extensions.get("network_stream")
    try:
        address = stream.get_extra_info("server_addr") if stream else None
    except Exception:  # an address is a courtesy, never a reason to fail
        address = None
    return address[0] if address else ""


def _unknown_host(error: Exception) -> bool:
    text = str(error).lower()
    return any(
        sign in text for sign in ("name or service not known", "nodename nor servname", "name resolution")
    )


class Politeness:
    """Waits so that one host is asked at most once every `delay` seconds."""

    def __init__(self, delay: float):
        self.delay = delay
        self.last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        if host in self.last:
            pause = self.last[host] + self.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self.last[host] = time.monotonic()
