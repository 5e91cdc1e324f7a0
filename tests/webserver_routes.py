"""The test web server's answers: the route types and the built-in site (articles, assets, odd cases)."""

import gzip
import json
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from html import escape

import brotlicffi

from tests.webserver_pages import ARTICLES, BROTLI, CHUNKED, GBK, GZIP, HEADER_CHARSET, Story

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Route:
    """One answer: a status, headers and a body (bytes, or pieces sent as they come)."""

    body: bytes | Iterable[bytes] = b""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    # pieces go out as HTTP/1.1 chunks; otherwise pieces need a Content-Length or the connection closes
    chunked: bool = False


@dataclass(frozen=True)
class Request:
    """What a dynamic route is told about the request it answers."""

    method: str
    path: str
    query: dict[str, str]
    headers: Message
    stopping: threading.Event  # set when the server stops, so a slow answer gives up


Dynamic = Callable[[Request], Route]


def html(text: str, status: int = 200) -> Route:
    """An HTML page in UTF-8."""
    return Route(text.encode(), status, {"Content-Type": HTML})


NOT_FOUND = html("<!DOCTYPE html><title>Not found</title><h1>Not found</h1>\n", 404)
GONE = html("<!DOCTYPE html><title>Gone</title><h1>Gone</h1>\n", 410)
BEACON = Route(b"", 204, {"Access-Control-Allow-Origin": "*"})


def render(story: Story, *, charset: str | None = "utf-8", styled: bool = False, extra: str = "") -> str:
    """The article page of a story; `styled` links the stylesheet and the logo."""
    meta = f'<meta charset="{charset}">\n' if charset else ""
    style = '<link rel="stylesheet" href="/static/site.css">\n' if styled else ""
    logo = '<img src="/img/logo.png" alt="">' if styled else ""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{story.lang}">
<head>
{meta}<title>{escape(story.title)}</title>
<meta name="description" content="{escape(story.description)}">
{style}</head>
<body>
<header><a href="/">{logo}Regulation Daily</a></header>
<article>
<h1>{escape(story.title)}</h1>
<p class="byline">{escape(story.byline)}</p>
<time datetime="{story.date}">{story.date}</time>
{paragraphs}
</article>
{extra}</body>
</html>
"""


def render_index() -> str:
    """The front page, linking every article (what a recursive crawl starts from)."""
    items = "\n".join(f'<li><a href="{s.path}">{escape(s.title)}</a></li>' for s in ARTICLES)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Regulation Daily</title>
<meta name="description" content="News about internet regulation in China.">
</head>
<body>
<h1>Regulation Daily</h1>
<ul>
{items}
</ul>
</body>
</html>
"""


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG image of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


CSS = """body { font-family: Georgia, serif; background: #fafafa url(/img/bg.png) repeat; }
.byline { color: #555; font-style: italic; }
"""
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DATA = {"agency": "Cyberspace Administration of China", "platform": "Weibo", "accounts_closed": 1200}
ROBOTS = "User-agent: *\nDisallow:\n"
SCRIPT = """<script>
fetch('{beacon_url}').catch(function () {{}});
document.title = 'pwned';
</script>
"""
EXTERNAL = '<footer><a href="http://example.com/algorithm-registry">The registry in full</a></footer>\n'


def accepts(header: str | None, coding: str) -> bool:
    """Whether an Accept-Encoding header allows `coding` (q=0 refuses; `*` stands for the rest)."""
    weights = {}
    for item in (header or "").split(","):
        name, _, params = item.partition(";")
        params = params.strip()
        try:
            weights[name.strip().lower()] = float(params[2:]) if params.startswith("q=") else 1.0
        except ValueError:  # a malformed weight refuses, as a server may
            weights[name.strip().lower()] = 0.0
    return weights.get(coding, weights.get("*", 0.0)) > 0


def negotiated(html: str, coding: str, compress: Callable[[bytes], bytes]) -> Dynamic:
    """A page sent with Content-Encoding `coding` when the client accepts it, else as it is."""
    plain = html.encode()
    packed = compress(plain)

    def answer(request: Request) -> Route:
        headers = {"Content-Type": HTML, "Vary": "Accept-Encoding"}
        if accepts(request.headers.get("Accept-Encoding"), coding):
            return Route(packed, headers={**headers, "Content-Encoding": coding})
        return Route(plain, headers=headers)

    return answer


def slow(request: Request) -> Route:
    """A page that takes `?seconds=N` (5) to come, longer than the client's timeout in a test."""
    request.stopping.wait(float(request.query.get("seconds", 5)))
    return html("<!DOCTYPE html><title>Slow</title><p>Finally.</p>\n")


HUGE_HEAD = b"<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>Huge</title></head><body>\n"
HUGE_TAIL = b"</body></html>\n"
HUGE_BLOCK = b"<p>The regulator published another list of 1,000 closed accounts.</p>\n" * 900


def huge(request: Request) -> Route:
    """An HTML page of `?mb=N` (30) megabytes, made as it is sent (never held whole)."""
    size = max(int(float(request.query.get("mb", 30)) * 2**20), len(HUGE_HEAD) + len(HUGE_TAIL))
    return Route(_huge_body(size), headers={"Content-Type": HTML, "Content-Length": str(size)})


def _huge_body(size: int) -> Iterator[bytes]:
    yield HUGE_HEAD
    left = size - len(HUGE_HEAD) - len(HUGE_TAIL)
    while left >= len(HUGE_BLOCK):
        yield HUGE_BLOCK
        left -= len(HUGE_BLOCK)
    yield b" " * left + HUGE_TAIL


def chunked_pieces(html: str) -> tuple[bytes, ...]:
    """A page cut in three, to go out as three chunks."""
    data = html.encode()
    third = len(data) // 3
    return data[:third], data[third : 2 * third], data[2 * third :]


def article_routes(beacon_url: str) -> dict[str, Route]:
    """Every article; every other one styled, one with a script, one with a link off the site."""
    extras = {"/news/e.html": SCRIPT.format(beacon_url=beacon_url), "/news/f.html": EXTERNAL}
    return {
        s.path: html(render(s, styled=i % 2 == 0, extra=extras.get(s.path, "")))
        for i, s in enumerate(ARTICLES)
    }


def builtin_routes(*, beacon_url: str) -> dict[str, Route | Dynamic]:
    """The whole built-in site; `beacon_url` is what the page with a script tries to fetch."""
    gbk_header = render(HEADER_CHARSET, charset=None).encode("gbk")
    return {
        **article_routes(beacon_url),
        "/": html(render_index()),
        "/static/site.css": Route(CSS.encode(), headers={"Content-Type": "text/css; charset=utf-8"}),
        "/img/logo.png": Route(png(2, 2, (200, 30, 30)), headers={"Content-Type": "image/png"}),
        "/img/bg.png": Route(png(1, 1, (240, 240, 240)), headers={"Content-Type": "image/png"}),
        "/redirect/one": Route(status=301, headers={"Location": "/redirect/two"}),
        "/redirect/two": Route(status=302, headers={"Location": "/news/a.html"}),
        "/gone": GONE,
        "/error": html("<!DOCTYPE html><title>Error</title><h1>Server error</h1>\n", 500),
        "/slow": slow,
        "/huge": huge,
        "/gzip.html": negotiated(render(GZIP), "gzip", gzip.compress),
        "/brotli.html": negotiated(render(BROTLI), "br", brotlicffi.compress),
        "/chunked.html": Route(chunked_pieces(render(CHUNKED)), headers={"Content-Type": HTML}, chunked=True),
        "/header-charset.html": Route(gbk_header, headers={"Content-Type": "text/html; charset=gbk"}),
        "/gbk.html": Route(render(GBK, charset="gbk").encode("gbk"), headers={"Content-Type": "text/html"}),
        "/file.pdf": Route(PDF, headers={"Content-Type": "application/pdf"}),
        "/data.json": Route(json.dumps(DATA).encode(), headers={"Content-Type": "application/json"}),
        "/robots.txt": Route(ROBOTS.encode(), headers={"Content-Type": "text/plain; charset=utf-8"}),
    }
