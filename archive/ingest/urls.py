"""Web addresses taken from a page: kept only when they are http or https."""

import re
from urllib.parse import urlsplit

# What a browser ignores in a URL: C0 controls and spaces around it, tabs and line breaks
# inside it ("java\tscript:" is javascript: to a browser).
EDGES = "".join(map(chr, range(0x21)))
INSIDE = re.compile(r"[\t\n\r]")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def web_url(text: str) -> str:
    """`text` as an http(s) URL with a host, or "" for anything else (javascript:, data:,
    vbscript:, a relative path): a page declares its own canonical URL, and we link to it."""
    url = INSIDE.sub("", (text or "").strip(EDGES))
    if CONTROL.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed host, e.g. an unclosed IPv6 bracket
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else ""
