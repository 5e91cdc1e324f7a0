"""Bring the search index in line with the database; called by commands, never by web requests.

The database leads and the index follows. Each article has a version (a new one at every save)
and records the version the index holds (`indexed_version`); `catch_up` indexes every article
whose two differ and removes the documents of deleted ones, then records what it wrote, after
the index committed. Killed at any moment, the next writer's catch-up finishes the job: the
database and the index end equal. Only the holder of the writer lock (archive/writer.py) calls
these functions, so nothing changes between reading an article and recording its version.
"""

import ctypes
import multiprocessing
import os
import signal
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import F
from haystack import connections

from archive.models import Article, IndexRemoval
from archive.writer import held_fd

CHUNK = 500


def _backend_and_index():
    connection = connections["default"]
    backend = connection.get_backend()
    if not backend.setup_complete:
        backend.setup()
    return backend, connection.get_unified_index().get_index(Article)


def schema():
    return _backend_and_index()[0].schema


def pending() -> int:
    """How many articles or removals the index has not caught up with."""
    return Article.objects.unindexed().count() + IndexRemoval.objects.count()


def catch_up(*, progress: Callable[[Iterable], Iterable] = iter) -> int:
    """Index every article whose current version the index lacks and remove the documents of
    deleted articles, with one writer; returns how many documents were written or removed."""
    backend, index = _backend_and_index()
    backend.remove_stale_versions()
    removals = list(IndexRemoval.objects.values_list("article_id", flat=True))
    ids = list(Article.objects.unindexed().order_by("pk").values_list("pk", flat=True))
    if not ids and not removals:
        return 0
    searchable = set(index.index_queryset().filter(pk__in=ids).values_list("pk", flat=True))
    unsearchable = [pk for pk in ids if pk not in searchable]  # e.g. superseded by a later version
    written: list[tuple[int, int]] = []
    articles = _remembering(_in_chunks(index, [pk for pk in ids if pk in searchable]), written)
    backend.update(index, progress(articles), removed=[*removals, *unsearchable])
    _mark_indexed([*written, *Article.objects.filter(pk__in=unsearchable).values_list("pk", "version")])
    IndexRemoval.objects.filter(article_id__in=removals).delete()
    return len(written) + len(removals) + len(unsearchable)


def _in_chunks(index, ids: list[int]) -> Iterator[Article]:
    for at in range(0, len(ids), CHUNK):
        yield from index.index_queryset().filter(pk__in=ids[at : at + CHUNK]).order_by("pk")


def _remembering(articles: Iterable[Article], written: list[tuple[int, int]]) -> Iterator[Article]:
    """The articles, noting the version of each as it goes to the index."""
    for article in articles:
        written.append((article.pk, article.version))
        yield article


def _mark_indexed(written: list[tuple[int, int]]) -> None:
    """Record the versions the index now holds (the version read, not whatever is current)."""
    by_version = defaultdict(list)
    for pk, version in written:
        by_version[version].append(pk)
    for version, pks in by_version.items():
        for at in range(0, len(pks), CHUNK):
            Article.objects.filter(pk__in=pks[at : at + CHUNK], version=version).update(
                indexed_version=version
            )


def searchable_articles():
    """The articles the index holds a document for."""
    return _backend_and_index()[1].index_queryset()


def indexed_versions() -> dict[int, list[int]]:
    """article id → the versions of its documents in the index (for `manage.py verify`)."""
    return _backend_and_index()[0].stored_versions()


def _articles(index) -> Iterator[Article]:
    return index.index_queryset().order_by("pk").iterator(chunk_size=CHUNK)


def prepared_documents() -> list[dict]:
    """Every article as the document the index holds (for the benchmark's raw floor)."""
    backend, index = _backend_and_index()
    return [backend.document(index, article) for article in _articles(index)]


def rebuild(*, progress: Callable[[Iterable], Iterable] = iter) -> int:
    """Write a complete new index from the database beside the live one, then swap it in
    (the backend's `rebuilding`): a search at any moment finds an index."""
    backend, index = _backend_and_index()
    removals_before = IndexRemoval.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    written: list[tuple[int, int]] = []
    with backend.rebuilding() as open_writer, writer_process(open_writer) as add:
        for article in progress(_remembering(_articles(index), written)):
            add(backend.document(index, article))
    _mark_indexed(written)
    unsearchable = Article.objects.exclude(pk__in=index.index_queryset().values("pk"))
    unsearchable.update(indexed_version=F("version"))  # the new index rightly lacks them
    IndexRemoval.objects.filter(pk__lte=removals_before).delete()  # the new index never held them
    return len(written)


@contextmanager
def writer_process(open_writer: Callable[[], Any], chunk: int = 100):
    """`add(document)` into the index writer `open_writer()` opens (add_document, commit,
    cancel) in a forked process: while it analyses and writes one chunk of documents, this
    process reads and prepares the next from the database, on another core. Committed when
    the block ends; cancelled if it raises. The child touches nothing but the index (not the
    database connection it inherits)."""
    context = multiprocessing.get_context("fork")
    inbox, feed = context.Pipe(duplex=False)
    answers, answer = context.Pipe(duplex=False)
    child = context.Process(target=_write, args=(open_writer, inbox, answer, feed, os.getpid()), daemon=True)
    child.start()
    inbox.close()  # the child's ends: if it dies, sending and receiving here fail, not hang
    answer.close()
    pending: list[dict] = []

    def send(item) -> None:
        try:
            feed.send(item)
        except OSError:  # the child stopped reading: say why
            raise RuntimeError(f"the index writer failed: {_why(answers)}") from None

    def add(document: dict) -> None:
        pending.append(document)
        if len(pending) >= chunk:
            send(pending)
            pending.clear()

    try:
        yield add
        send(pending)
        send(None)
        failure = _why(answers)
        if failure:
            raise RuntimeError(f"the index writer failed: {failure}")
    except BaseException:
        if child.is_alive():
            child.terminate()
        raise
    finally:
        child.join()
        feed.close()
        answers.close()


def _why(answers) -> str | None:
    try:
        return answers.recv()
    except EOFError:
        return "it exited without a word"


def _write(open_writer, inbox, answer, feed, parent: int) -> None:
    """The child of writer_process: documents in until None, then commit; answers None or
    what went wrong. It dies with its parent, however the parent dies."""
    _die_with(parent)
    feed.close()  # the parent's end: once the parent is gone, receiving ends instead of waiting
    lock = held_fd()
    if lock is not None:
        os.close(lock)  # the writer lock is the parent's: it must go when the parent goes
    index_writer = open_writer()
    try:
        while (documents := inbox.recv()) is not None:
            for document in documents:
                index_writer.add_document(**document)
        index_writer.commit()
        answer.send(None)
    except BaseException as error:
        index_writer.cancel()
        try:
            answer.send(f"{type(error).__name__}: {error}")
        except OSError:
            pass  # the parent is gone: nobody to tell


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when its parent exits (prctl PR_SET_PDEATHSIG), so a
    killed rebuild leaves no writer behind; then check the parent did not die before we asked."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the closed pipe ends the child instead
    if os.getppid() != parent:
        os._exit(1)
