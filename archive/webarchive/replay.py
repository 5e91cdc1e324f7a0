"""A captured page made safe to show: every address it would load from points into the archive
(the capture of that address, when the archive has one) or nowhere, so showing it never sends
a request to the live web. Scripts stay in the page: the sandbox they are shown in keeps them
from running."""

import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

# address → the archive's path for its capture, or None when the archive has none
Resolve = Callable[[str], str | None]

NOWHERE = "about:blank#not-archived"
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""", re.I)
LOADS = {  # tag → attributes holding one address a page loads by itself
    "img": ("src",),
    "image": ("href",),
    "input": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "iframe": ("src",),
    "frame": ("src",),
    "script": ("src",),
    "body": ("background",),
    "table": ("background",),
    "td": ("background",),
}
SRCSET_TAGS = ("img", "source")


def rewrite_html(html: str, *, base: str, resolve: Resolve, link: Resolve) -> str:
    """The page with its resources pointed at their captures (`resolve`), its links at
    captured pages (`link`) or nowhere, and no way to refresh or be re-based elsewhere."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    base = _base(root, base)
    dropped = []
    for element in root.iter(etree.Element):
        tag = element.tag if isinstance(element.tag, str) else ""
        for attribute in LOADS.get(tag, ()):
            if element.get(attribute):
                element.set(attribute, _point(element.get(attribute), base, resolve))
        if tag in SRCSET_TAGS and element.get("srcset"):
            element.set("srcset", _srcset(element.get("srcset"), base, resolve))
        if tag == "link" and element.get("href"):
            rel = (element.get("rel") or "").lower()
            wanted = "stylesheet" in rel or "icon" in rel
            element.set("href", _point(element.get("href"), base, resolve) if wanted else NOWHERE)
        if tag in ("a", "area") and element.get("href"):
            original = element.get("href")
            if not original.startswith("#"):
                element.set("href", _point(original, base, link))
                element.set("title", element.get("title") or urljoin(base, original))
        if tag == "form":
            element.set("action", NOWHERE)
        if tag == "base" or (
            tag == "meta" and (element.get("http-equiv") or "").lower() in ("refresh", "set-cookie")
        ):
            dropped.append(element)
            continue
        if tag == "style" and element.text:
            element.text = rewrite_css(element.text, base=base, resolve=resolve)
        if element.get("style"):
            element.set("style", rewrite_css(element.get("style"), base=base, resolve=resolve))
    for element in dropped:
        element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def rewrite_css(css: str, *, base: str, resolve: Resolve) -> str:
    """url(...) and @import pointed at their captures, or nowhere."""

    def url(match: re.Match) -> str:
        return f'url("{_point(match.group(2), base, resolve)}")'

    def imported(match: re.Match) -> str:
        return f'@import "{_point(match.group(2), base, resolve)}"'

    return CSS_IMPORT.sub(imported, CSS_URL.sub(url, css))


def _base(root, page_url: str) -> str:
    found = root.find(".//base[@href]")
    return urljoin(page_url, found.get("href")) if found is not None else page_url


def _point(address: str, base: str, resolve: Resolve) -> str:
    address = address.strip()
    if address.startswith("data:"):
        return address
    absolute = urljoin(base, address)
    if urlsplit(absolute).scheme not in ("http", "https"):
        return NOWHERE
    return resolve(absolute.split("#")[0]) or NOWHERE


def _srcset(value: str, base: str, resolve: Resolve) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            candidates.append(" ".join([_point(parts[0], base, resolve), *parts[1:]]))
    return ", ".join(candidates)
