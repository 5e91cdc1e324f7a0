"""The one pipeline: read → clean → describe → extract → store, then index after commit.

The `ingest` command and the tests come through `ingest_paths` or `ingest_document`. The
gazetteer is loaded apart (`manage.py load_gazetteer`); indexing is the catch-up of
archive/search/indexing.py, so whatever a crash left unindexed goes in with the rest.
"""

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from archive.extract import extract_facts
from archive.extract.entities import use_curated
from archive.facts import refresh_all_facts, refresh_facts
from archive.gazetteer import curated_changes
from archive.ingest.clean import clean_document
from archive.ingest.describe import Description, describe_page
from archive.ingest.read import Document, Origin, UnreadableInput, read_file, read_stored
from archive.ingest.store import forget_entity_ids, new_capture, store_page, update_article, versions_of
from archive.ingest.web import Failed, Resource, Revisit, Skipped, archive_items
from archive.models import Article, Capture
from archive.search import indexing
from archive.stories import forget_story_index, own_story, place, place_unplaced, regroup, signature
from archive.totals import rebuild_totals, update_totals
from archive.webarchive.reader import is_web_archive

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    source: str
    status: str  # "added", "unchanged", "updated", "failed"; from the web also "kept", "skipped"
    reason: str = ""
    article_id: int | None = None
    notes: tuple[str, ...] = ()  # warnings about a page that went in (an odd byte replaced)
    replaced: int | None = None  # the earlier version of the same URL this one supersedes


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    index_error: str = ""

    def with_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def ok(self) -> bool:
        return not self.with_status("failed")


def find_files(paths: Iterable[Path]) -> Iterator[Path | Outcome]:
    """Files named, and every non-hidden file under folders named (following links to
    folders), in a stable order. A folder that cannot be listed, or a link that leads back to
    a folder above it or nowhere, is a failed outcome with its reason, never a silence."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, above=frozenset(), seen=set())
        else:
            yield path


def _walk(folder: Path, *, above: frozenset, seen: set) -> Iterator[Path | Outcome]:
    """above: (device, inode) of the folders from the one named down to this one; seen: of
    every folder listed (one reached again through another link holds nothing new)."""
    try:
        status = folder.stat()
        key = (status.st_dev, status.st_ino)
        if key in above:
            yield Outcome(str(folder), "failed", "a symbolic link loop: it leads back to a folder above it")
            return
        if key in seen:
            return
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as error:
        yield Outcome(str(folder), "failed", f"cannot read the folder: {error.strerror}")
        return
    seen.add(key)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path, kind = folder / entry.name, _kind(entry)
        if kind == "folder":
            yield from _walk(path, above=above | {key}, seen=seen)
        elif kind == "file":
            yield path
        else:
            yield Outcome(str(path), "failed", kind)


def _kind(entry: os.DirEntry) -> str:
    """ "folder", "file", or why the entry is neither."""
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
        os.stat(entry.path)  # a link that leads nowhere raises with the reason
    except FileNotFoundError:
        return "a broken symbolic link: its target does not exist"
    except OSError as error:
        return f"cannot read it: {error.strerror}"
    return "not a file or a folder (a pipe, a socket or a device)"


def ingest_paths(paths: Iterable[Path], *, progress: Callable[[Iterable], Iterable] = iter) -> Report:
    start_run()
    if place_unplaced():
        refresh_all_facts()
    report = Report(outcomes=list(in_batches(_ingest_files(progress(list(find_files(paths)))))))
    update_totals()
    refresh_statistics()
    report.index_error = index_pending()
    return report


def _ingest_files(files: Iterable[Path | Outcome]) -> Iterator[Outcome]:
    for path in files:
        if isinstance(path, Outcome):  # a folder or link find_files could not follow
            yield path
        elif not path.exists():
            yield Outcome(str(path), "failed", "no such file or folder")
        elif is_web_archive(path):
            yield from ingest_archive(path)
        else:
            try:
                document = read_file(path, max_mb=settings.MAX_PAGE_MB)
            except UnreadableInput as error:
                yield Outcome(str(path), "failed", str(error))
                continue
            yield ingest_document(document)


BATCH_SECONDS = 1.0


def in_batches(items: Iterable) -> Iterator:
    """The items, each handled inside a transaction that commits about once a second.

    A commit per page (and SQLite's WAL checkpoints after them) was the largest single cost of
    storing at 100k articles, about 1.5 ms a page. Each page keeps a savepoint of its own, so one
    that fails is rolled back alone; a crash loses at most the last second's pages, which were
    never reported and which a rerun stores again."""
    items = iter(items)
    while True:
        with transaction.atomic():
            started = time.monotonic()
            for item in items:
                yield item
                if time.monotonic() - started >= BATCH_SECONDS:
                    break
            else:
                return


def start_run() -> None:
    """What a run reads once from the database (entity ids, the stories, what curators added
    to the gazetteer): read afresh, as it may have changed since an earlier run here."""
    forget_entity_ids()
    forget_story_index()
    use_curated(curated_changes())


def ingest_archive(path: Path) -> Iterator[Outcome]:
    """Every record of a WARC or WACZ file: pages stored, images and stylesheets kept for
    replay, the rest counted; a bad record fails alone."""
    for item in archive_items(path, max_bytes=int(settings.MAX_PAGE_MB * 2**20)):
        if isinstance(item, Document):
            yield ingest_document(item)
        elif isinstance(item, Resource):
            yield keep_resource(item)
        elif isinstance(item, Revisit):
            yield Outcome(item.source, "unchanged", "a revisit record: the payload is archived")
        elif isinstance(item, Skipped):
            yield Outcome(item.source, "skipped", item.reason)
        elif isinstance(item, Failed):
            yield Outcome(item.source, "failed", item.reason)


def keep_resource(resource: Resource) -> Outcome:
    """An image or a stylesheet, stored as a capture (no article) to show pages as they were."""
    origin = resource.origin
    if _archived(hashlib.sha256(resource.content).hexdigest(), origin) is not None:
        return Outcome(resource.source, "unchanged")
    try:
        with transaction.atomic():
            new_capture(resource.content, source=origin.url, media_type=resource.media_type, origin=origin)
    except DatabaseError as error:
        return Outcome(resource.source, "failed", f"database error: {error}")
    return Outcome(resource.source, "kept")


def _archived(sha256: str, origin: Origin | None) -> tuple[int | None] | None:
    """(article id,) of the capture that already holds these bytes, or this page of this URL;
    None when it is new."""
    same = Q(sha256=sha256)
    if origin is not None:
        same = Q(url=origin.url, payload_digest=origin.payload_digest) | same
    found = Capture.objects.filter(same).values_list("article", flat=True)[:1]
    return (found[0],) if found else None


def ingest_document(document: Document) -> Outcome:
    """Store one page unless it is already archived (the same bytes, or for a URL the same
    page); never raises for bad input."""
    existing = _archived(document.sha256, document.origin)
    if existing is not None:
        return Outcome(document.source, "unchanged", article_id=existing[0])
    origin = document.origin
    versions = versions_of(origin.url) if origin is not None else []
    # the current version this capture supersedes: an earlier one not superseded yet
    current = next((pk for pk, by, at in versions if by is None and at < origin.captured_at), None)
    try:
        with transaction.atomic():  # a savepoint in a batch: a page that fails is rolled back alone
            page = clean_document(document)
            if not page.body:
                raise UnreadableInput("no article text found on the page")
            description = describe(page, document)
            facts = extract_facts(page.body, description.published_on)
            article = store_page(document, description, page.body, facts, first_version=not versions)
            story = place(article, signature(page.body))
            if story != own_story(article):  # alone in a story of its own, its figures stand for themselves
                refresh_facts([story])
    except UnreadableInput as error:
        return Outcome(document.source, "failed", str(error))
    except DatabaseError as error:
        log.exception("storing %s failed", document.source)
        return Outcome(document.source, "failed", f"database error: {error}")
    return Outcome(document.source, "added", article_id=article.pk, notes=document.notes, replaced=current)


def reprocess(
    articles: Iterable[Article], *, every: bool = False, progress: Callable[[Iterable], Iterable] = iter
) -> Report:
    """Re-derive articles from their captures with the current rules and data, then index them;
    `every` (all articles) also regroups every story from scratch.

    Verified figures (a curator's corrections) are kept.
    """
    start_run()
    report = Report()
    for article in in_batches(progress(list(articles))):
        capture = article.capture
        try:
            document = read_capture(capture)
            page = clean_document(document)
            with transaction.atomic():
                description = describe(page, document)
                facts = extract_facts(page.body, description.published_on)
                update_article(article, description, page.body, facts)
                if not every:
                    before = article.story_key  # the copies it leaves have their facts regrouped too
                    refresh_facts([before, place(article, signature(page.body))])
        except (UnreadableInput, DatabaseError) as error:
            report.outcomes.append(Outcome(capture.source, "failed", str(error), article.pk))
            continue
        report.outcomes.append(Outcome(capture.source, "updated", article_id=article.pk))
    if every:
        regroup()
        refresh_all_facts()
        rebuild_totals()  # every total may have changed: one pass over the figures, not one per group
    else:
        update_totals()
    refresh_statistics()
    report.index_error = index_pending()
    return report


def describe(page, document: Document) -> Description:
    """The page's description; a page from the web is filed under the URL that answered."""
    description = describe_page(page, source=document.source)
    if document.origin is not None and document.origin.url:
        description = replace(description, url=document.origin.url)
    return description


def read_capture(capture: Capture) -> Document:
    """A stored capture read again, as it was read when it came in."""
    content = bytes(capture.content)
    return read_stored(
        content, media_type=capture.media_type, source=capture.source, origin=origin_of(capture)
    )


def origin_of(capture: Capture) -> Origin | None:
    """Where a stored capture came from on the web (None for a file)."""
    if not capture.warc:
        return None
    return Origin(
        url=capture.url,
        captured_at=capture.captured_at,
        http_status=capture.http_status,
        payload_digest=capture.payload_digest,
        warc=capture.warc,
        request=bytes(capture.request or b""),
    )


def refresh_statistics() -> None:
    """Let SQLite's planner see the archive as it now is: without the statistics ANALYZE
    gathers it sorts every figure for the figures explorer (250 ms at 100k articles) instead
    of walking the date index (under 1 ms). Sampled, so a few ms at any size; PostgreSQL's
    autovacuum keeps its own.

    Except the captures' URL index: a capture of a file has no URL (''), so where files are
    most of the archive its statistics say a lookup by URL matches every capture, and the
    planner scans them all for each page from the web (0.4 ms at 300 captures, growing with
    the archive). Without them it assumes what holds for URLs: a few captures each."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
            cursor.execute(URL_INDEX_STATISTICS)
            cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again


URL_INDEX_STATISTICS = """
    DELETE FROM sqlite_stat1 WHERE tbl = 'archive_capture' AND idx IN (
        SELECT i.name FROM pragma_index_list('archive_capture') AS i, pragma_index_info(i.name) AS c
        WHERE c.name = 'url'
    )"""


def index_pending() -> str:
    """Index what was stored, after its transaction committed, and whatever an earlier run left
    unindexed; '' or what went wrong (the database keeps every article: the next writer or
    `manage.py update_index` catches up)."""
    try:
        indexing.catch_up()
    except Exception as error:
        log.exception("indexing failed")
        return f"{type(error).__name__}: {error}"
    return ""
