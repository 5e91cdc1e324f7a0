"""Captures as they were: the page shown in a sandbox with what it loads served from the archive,
its WARC records, the versions of a URL with what changed, and the watch on edited and deleted
sources (/changes/)."""

import difflib
import gzip
from functools import lru_cache
from html import escape

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_sameorigin

from archive.export import article_record
from archive.models import Article, Capture, SourceCheck
from archive.public import public_source
from archive.webarchive import records, writer
from archive.webarchive.replay import rewrite_css, rewrite_html

# What an archived page may do when shown: nothing but draw itself from the archive.
REPLAY_POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline' 'self'; "
    "frame-ancestors 'self'"
)
REPLAYED_TYPES = ("text/html", "application/xhtml+xml")
RESOURCE_TYPES = ("image/", "text/css")
CHANGES = 50


def capture_page(request, pk: int):
    """A capture shown as it was: a banner (where, when, sha256, its WARC record) above the page
    in a sandboxed frame; a text capture as text.

    Template: archive/capture_detail.html
    """
    capture = get_object_or_404(Capture.objects.select_related("article"), pk=pk)
    media_type = _media_type(capture)
    return render(
        request,
        "archive/capture_detail.html",
        {
            "capture": capture,
            "article": getattr(capture, "article", None),
            "source": public_source(capture.url or capture.source),
            "media_type": media_type,
            "replayable": media_type in REPLAYED_TYPES,
            "text": "" if media_type in REPLAYED_TYPES else capture.text(),
            "redirects": capture.warc.get("redirects", []),
        },
    )


@xframe_options_sameorigin
def capture_replay(request, pk: int):
    """The captured page itself, every address in it pointed into the archive or nowhere."""
    capture = get_object_or_404(Capture, pk=pk)
    if _media_type(capture) not in REPLAYED_TYPES:
        raise Http404("This capture is not an HTML page.")
    html = rewrite_html(
        capture.text(),
        base=capture.url or "http://archive.invalid/",
        resolve=_resolver(capture, "capture_resource"),
        link=_resolver(capture, "capture_replay"),
    )
    return _sandboxed(HttpResponse(html, content_type="text/html; charset=utf-8"))


@xframe_options_sameorigin
def capture_resource(request, pk: int):
    """An image or a stylesheet captured beside a page, for the page shown as it was."""
    capture = get_object_or_404(Capture, pk=pk)
    media_type = _media_type(capture)
    if not media_type.startswith(RESOURCE_TYPES):
        raise Http404("Only images and stylesheets are served for a replayed page.")
    body = capture.payload()
    if media_type == "text/css":
        css = body.decode(capture.encoding or "utf-8", errors="replace")
        body = rewrite_css(css, base=capture.url, resolve=_resolver(capture, "capture_resource")).encode()
        media_type = "text/css; charset=utf-8"
    return _sandboxed(HttpResponse(body, content_type=media_type))


def capture_warc(request, pk: int):
    """This capture's WARC records (request, response or resource, and the facts), gzipped."""
    capture = get_object_or_404(Capture.objects.select_related("article"), pk=pk)
    article = getattr(capture, "article", None)
    facts = article_record(article.pk) if article else None
    body = b"".join(gzip.compress(raw, mtime=0) for raw in writer.capture_records(capture, facts))
    response = HttpResponse(body, content_type="application/warc")
    response["Content-Disposition"] = f'attachment; filename="capture-{capture.pk}.warc.gz"'
    return response


def _sandboxed(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = REPLAY_POLICY
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _resolver(page: Capture, view: str):
    """address → the archive's path for the capture of it nearest in time to `page`."""

    @lru_cache(maxsize=500)
    def resolve(url: str) -> str | None:
        found = Capture.objects.nearest(url, page.captured_at)
        if found is None or (view == "capture_replay" and _media_type(found) not in REPLAYED_TYPES):
            return None
        return reverse(view, args=[found.pk])

    return resolve


def _media_type(capture: Capture) -> str:
    return capture.media_type.split(";")[0].strip().lower()


def versions(article: Article) -> list[Article]:
    """Every version of the article's URL, oldest first (one, when it was captured once)."""
    url = article.capture.url
    if not url:
        return [article]
    return list(
        Article.objects.filter(capture__url=url)
        .select_related("capture")
        .defer("capture__content", "capture__request")
        .order_by("capture__captured_at", "pk")
    )


def text_diff(before: str, after: str) -> str:
    """The clean text of `after` against `before`, paragraph by paragraph and word by word:
    removed words in <del>, added in <ins>; unchanged paragraphs left out."""
    old, new = before.split("\n\n"), after.split("\n\n")
    html = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        html.append(f"<p>{_word_diff(' '.join(old[a1:a2]), ' '.join(new[b1:b2]))}</p>")
    return mark_safe("".join(html))


def _word_diff(before: str, after: str) -> str:
    old, new = before.split(), after.split()
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new[b1:b2]))}</ins>")
    return " ".join(parts)


def changes_list():
    """Sources edited or gone, newest first."""
    return SourceCheck.objects.filter(outcome__in=["changed", "gone"]).select_related("article")


def changes_page(request):
    """/changes/: the sources the archive watched change or disappear, newest first.

    Template: archive/changes.html
    """
    return render(request, "archive/changes.html", {"changes": changes_list()[:CHANGES]})


def change_record(check: SourceCheck, *, base_url: str = "") -> dict:
    article = check.article
    return {
        "url": check.url,
        "checked_at": check.checked_at.isoformat(),
        "outcome": check.outcome,
        "http_status": check.http_status,
        "reason": check.reason,
        "article": f"{base_url}{article.get_absolute_url()}" if article else None,
        "title": article.title if article else None,
    }


def record_of(capture: Capture) -> str:
    """The WARC-Record-ID of a capture's response or resource record, or ''."""
    return records.header(capture.warc.get("headers", []), "WARC-Record-ID")
