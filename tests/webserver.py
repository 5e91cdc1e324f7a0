"""A real HTTP server on 127.0.0.1 for capture tests: the `site` fixture, `serve()` and `wget_warc()`."""

import mimetypes
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.webserver_routes import BEACON, GONE, NOT_FOUND, Dynamic, Request, Route, builtin_routes

HOST = "127.0.0.1"
WGET = "/usr/bin/wget"


class Site:
    """A running test web site: its URLs, its routes (changeable while it runs) and what it was asked."""

    def __init__(self, routes: Mapping[str, str | bytes | Route | Dynamic] | None = None):
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str, Message]] = []
        self._server = _Server(self._lookup, self._record, self.stopping)
        # a second origin, so a script that ran in a replay would show up in `requests` as /beacon
        self._beacon = _Server({"/beacon": BEACON}.get, self._record, self.stopping)
        self.beacon_url = f"http://{HOST}:{self._beacon.server_address[1]}/beacon"
        self._routes = builtin_routes(beacon_url=self.beacon_url)
        for path, answer in (routes or {}).items():
            fixed = isinstance(answer, Route) or callable(answer)
            self._routes[path] = answer if fixed else page(path, answer)
        self._threads = [_serve_in_thread(server) for server in (self._server, self._beacon)]

    @property
    def port(self) -> int:
        """The ephemeral port the site listens on."""
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        """The absolute URL of `path` ("/news/a.html") on this site."""
        return f"http://{HOST}:{self.port}{path}"

    def set(
        self, path: str, body: str | bytes = "", status: int = 200, headers: Mapping[str, str] | None = None
    ) -> None:
        """Add or replace the answer at `path` (a str body is sent as UTF-8)."""
        with self._lock:
            self._routes[path] = page(path, body, status, headers)

    def remove(self, path: str) -> None:
        """Answer 404 at `path` from now on."""
        with self._lock:
            self._routes.pop(path, None)

    def gone(self, path: str) -> None:
        """Answer 410 Gone at `path` from now on."""
        with self._lock:
            self._routes[path] = GONE

    @property
    def requests(self) -> list[tuple[str, str, Message]]:
        """(method, target with its query, headers) of every request so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def forget_requests(self) -> None:
        """Start `requests` afresh (say, between a capture and its replay)."""
        with self._lock:
            self._requests.clear()

    def stop(self) -> None:
        """Stop listening; answers still sleeping in /slow give up."""
        self.stopping.set()
        for server in (self._server, self._beacon):
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join()

    def _lookup(self, path: str) -> Route | Dynamic | None:
        with self._lock:
            return self._routes.get(path)

    def _record(self, method: str, target: str, headers: Message) -> None:
        with self._lock:
            self._requests.append((method, target, headers))


def page(path: str, body: str | bytes, status: int = 200, headers: Mapping[str, str] | None = None) -> Route:
    """A fixed answer; the Content-Type is guessed from the path (HTML when it has no extension)."""
    content_type = mimetypes.guess_type(path)[0] or "text/html"
    if isinstance(body, str):
        body = body.encode()
        content_type += "; charset=utf-8" if content_type.startswith("text/") else ""
    given = {name.lower() for name in headers or {}}
    defaults = {"Content-Type": content_type} if "content-type" not in given else {}
    return Route(body, status, {**defaults, **(headers or {})})


@contextmanager
def serve(routes: Mapping[str, str | bytes | Route | Dynamic] | None = None) -> Iterator[Site]:
    """The built-in site, with `routes` added or replacing its own, served until the block ends."""
    running = Site(routes)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def site() -> Iterator[Site]:
    """The built-in test site on an ephemeral port of 127.0.0.1, for one test."""
    with serve() as running:
        yield running


def wget_warc(
    site: Site, dest: Path, paths: list[str], *, recursive: bool = False, requisites: bool = False
) -> Path:
    """Capture `paths` of `site` with Debian's wget into `dest` (`NAME.warc.gz`); returns the WARC's path."""
    name = dest.name.removesuffix(".warc.gz")
    args = [WGET, "--no-config", "--no-verbose", "--tries=1", "--timeout=10"]
    args += [f"--warc-file={dest.parent / name}"]
    args += ["--recursive"] * recursive + ["--page-requisites"] * requisites
    with tempfile.TemporaryDirectory(prefix="wget-") as scratch:  # wget saves each file too: not kept
        args += [f"--directory-prefix={scratch}", *map(site.url, paths)]
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    warc = dest.parent / f"{name}.warc.gz"
    # exit status 8 means some answer was an error status (a 404 captured on purpose)
    if done.returncode not in (0, 8) or not warc.is_file():
        raise RuntimeError(f"wget exited with {done.returncode}: {done.stderr}")
    return warc


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping in /slow must not hold up the end of a test

    def __init__(
        self,
        lookup: Callable[[str], Route | Dynamic | None],
        record: Callable[[str, str, Message], None],
        stopping: threading.Event,
    ):
        super().__init__((HOST, 0), _Handler)
        self.lookup, self.record, self.stopping = lookup, record, stopping

    def handle_error(self, request, client_address) -> None:
        # clients hanging up mid-answer (a capture's timeout or size limit) are part of the tests
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


def _serve_in_thread(server: _Server) -> threading.Thread:
    # a short poll, so stopping the server at the end of each test takes milliseconds, not half a second
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    return thread


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked answers, as real servers send
    timeout = 30  # the thread of an idle keep-alive connection ends
    server: _Server

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, each keep-alive answer waits ~40 ms
        # for the client's delayed ACK (a recursive wget took a second instead of tens of milliseconds)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def log_message(self, format, *args) -> None:
        pass  # quiet test output

    def _answer(self) -> None:
        self.server.record(self.command, self.path, self.headers)
        url = urlsplit(self.path)
        route = self.server.lookup(url.path) or NOT_FOUND
        if callable(route):
            query = dict(parse_qsl(url.query))
            route = route(Request(self.command, url.path, query, self.headers, self.server.stopping))
        self._send(route)

    def _send(self, route: Route) -> None:
        headers = dict(route.headers)
        if route.chunked:
            headers["Transfer-Encoding"] = "chunked"
        elif isinstance(route.body, bytes):
            headers["Content-Length"] = str(len(route.body))
        elif "Content-Length" not in headers:
            headers["Connection"] = "close"  # the end of the body is the end of the connection
            self.close_connection = True
        self.send_response(route.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        for piece in [route.body] if isinstance(route.body, bytes) else route.body:
            if route.chunked and piece:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            elif not route.chunked:
                self.wfile.write(piece)
        if route.chunked:
            self.wfile.write(b"0\r\n\r\n")
