"""Capture the web: fetch URLs into WARC records and through the pipeline, and fetch archived
URLs again to see which were edited and which are gone (each fetch of a page a SourceCheck)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from archive.ingest.pipeline import Outcome, Report, index_pending, ingest_document, keep_resource, start_run
from archive.ingest.read import Document
from archive.ingest.web import Resource, css_requisites, fetch_item, requisites
from archive.models import Article, SourceCheck
from archive.totals import update_totals
from archive.webarchive.fetch import FetchFailed, Politeness, http_client


@dataclass(frozen=True)
class Fetching:
    """How to fetch: who we say we are, how long to wait for an answer and between two
    requests to one host, and the largest answer taken."""

    user_agent: str
    timeout: float
    delay: float
    max_bytes: int


def capture_urls(
    urls: Iterable[str],
    *,
    how: Fetching,
    with_requisites: bool = True,
    progress: Callable[[Iterable], Iterable] = iter,
) -> Report:
    """Fetch each URL, store its page as a new capture (or find it unchanged) and record the
    check; with `with_requisites`, also keep the images and stylesheets a new page loads."""
    start_run()
    report = Report()
    polite = Politeness(how.delay)
    with http_client(user_agent=how.user_agent, timeout=how.timeout) as client:
        for url in progress(list(urls)):
            polite.wait(url)
            outcome, document = _capture_page(client, url, how.max_bytes)
            report.outcomes.append(outcome)
            if with_requisites and document is not None and outcome.status == "added":
                report.outcomes += _capture_requisites(client, document, polite, how.max_bytes)
    update_totals()
    report.index_error = index_pending()
    return report


def due_urls(older_than_days: float) -> list[str]:
    """The URLs of current versions whose last capture and last check are older than that."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    last_check = (
        SourceCheck.objects.filter(url=OuterRef("capture__url"))
        .values("url")
        .annotate(last=Max("checked_at"))
        .values("last")[:1]
    )
    due = (
        Article.objects.filter(superseded_by=None, capture__captured_at__lt=cutoff)
        .exclude(capture__url="")
        .annotate(checked=Subquery(last_check))
        .filter(Q(checked__isnull=True) | Q(checked__lt=cutoff))
    )
    return sorted(set(due.values_list("capture__url", flat=True)))


def _capture_page(client, url: str, max_bytes: int) -> tuple[Outcome, Document | None]:
    try:
        item = fetch_item(client, url, max_bytes=max_bytes)
        if isinstance(item, Resource):
            raise FetchFailed(f"not a text or HTML page: {item.media_type}")
    except FetchFailed as error:
        _failed(url, error)
        return Outcome(url, "failed", str(error)), None
    outcome = ingest_document(item)
    _checked(url, outcome)
    return outcome, item


def _capture_requisites(client, page: Document, polite: Politeness, max_bytes: int) -> list[Outcome]:
    """The images and stylesheets the page loads (and those its stylesheets load); one that
    cannot be fetched is simply missing when the page is shown."""
    outcomes, queue, seen = [], requisites(page), set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        polite.wait(url)
        try:
            item = fetch_item(client, url, max_bytes=max_bytes)
        except FetchFailed:
            continue
        if isinstance(item, Resource):
            outcomes.append(keep_resource(item))
            queue += [u for u in css_requisites(item) if u not in seen]
    return [o for o in outcomes if o.status == "kept"]


def _checked(url: str, outcome: Outcome) -> None:
    if outcome.status == "failed":
        SourceCheck.objects.create(url=url, outcome="failed", reason=outcome.reason)
        return
    article = Article.objects.select_related("capture").get(pk=outcome.article_id)
    if outcome.status == "unchanged":
        kind = "unchanged"
    else:
        kind = "changed" if outcome.replaced else "new"
    SourceCheck.objects.create(
        url=url,
        outcome=kind,
        http_status=article.capture.http_status,
        capture=article.capture,
        article=article,
    )


def _failed(url: str, error: FetchFailed) -> None:
    """A fetch that gave no page: 'gone' (404, 410, no such host) for a URL the archive holds."""
    article = (
        Article.objects.filter(Q(capture__url=url) | Q(capture__warc__requested=url), superseded_by=None)
        .order_by("-capture__captured_at")
        .first()
    )
    outcome = "gone" if error.gone and article is not None else "failed"
    SourceCheck.objects.create(
        url=url, outcome=outcome, http_status=error.status, reason=str(error), article=article
    )
