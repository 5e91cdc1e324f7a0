"""A local web site for the capture benchmark: fixed HTML pages served by threads on 127.0.0.1."""

import socket
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOST = "127.0.0.1"


@contextmanager
def serve(pages: Mapping[str, bytes]) -> Iterator[str]:
    """Serve `pages` (path → HTML) until the block ends; yields the site's base URL."""
    server = _Server(pages)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: Mapping[str, bytes]):
        super().__init__((HOST, 0), _Handler)
        self.pages = pages


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers answer
    timeout = 30  # the thread of an idle keep-alive connection ends
    server: _Server

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this each answer waits ~40 ms for
        # the client's delayed ACK
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        body = self.server.pages.get(self.path.split("?")[0])
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass  # quiet benchmark output
