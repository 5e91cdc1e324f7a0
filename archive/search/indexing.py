"""Bring the search index in line with the database; called by commands, never by web requests.

Exactly one process writes at a time: Whoosh's own lock makes a second writer wait or fail,
and a failed write loses nothing, since the database holds every article
(`manage.py rebuild_index` or `update_index` catch up).
"""

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from haystack import connections
from whoosh import index as whoosh_index

from archive.models import Article
from archive.search.backend import WRITER_MB

CHUNK = 500


def _backend_and_index():
    connection = connections["default"]
    backend = connection.get_backend()
    if not backend.setup_complete:
        backend.setup()
    return backend, connection.get_unified_index().get_index(Article)


def schema():
    return _backend_and_index()[0].schema


def index_articles(ids: Iterable[int]) -> int:
    """(Re)index these articles with one writer; returns how many were written."""
    ids = list(ids)
    if not ids:
        return 0
    backend, index = _backend_and_index()
    articles = list(index.index_queryset().filter(pk__in=ids))
    backend.update(index, articles)
    return len(articles)


def _articles(index) -> Iterator[Article]:
    return index.index_queryset().order_by("pk").iterator(chunk_size=CHUNK)


def prepared_documents() -> list[dict]:
    """Every article as the Whoosh document the index holds (for the benchmark's raw floor)."""
    backend, index = _backend_and_index()
    return [backend.document(index, article) for article in _articles(index)]


def rebuild(*, progress: Callable[[Iterable], Iterable] = iter) -> int:
    """Write a complete new index beside the live one, then swap it in atomically.

    The configured index path is a symbolic link to a versioned folder (`whoosh.<n>`);
    the swap replaces the link in one rename, so a search at any moment finds an index. The
    previous version is kept until the next rebuild, for searchers still reading it.
    """
    backend, index = _backend_and_index()
    live = Path(backend.path)
    fresh = live.with_name(f"{live.name}.{time.time_ns()}")
    fresh.mkdir(parents=True)
    new_index = whoosh_index.create_in(str(fresh), backend.schema)
    count = 0
    try:
        with writer_process(new_index) as add:
            for article in progress(_articles(index)):
                add(backend.document(index, article))
                count += 1
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    previous = live.resolve() if live.is_symlink() else None
    if live.exists() and not live.is_symlink():  # an index from before versioned folders
        live.rename(live.with_name(f"{live.name}.0"))
    link = live.with_name(f"{live.name}.link")
    link.unlink(missing_ok=True)
    link.symlink_to(fresh.name)
    os.replace(link, live)
    for folder in live.parent.glob(f"{live.name}.*"):
        if folder.is_dir() and folder not in (fresh, previous):
            shutil.rmtree(folder, ignore_errors=True)
    backend.index = whoosh_index.open_dir(str(live), schema=backend.schema)
    return count


@contextmanager
def writer_process(new_index, chunk: int = 100):
    """`add(document)` into a Whoosh writer that runs in a forked process: while it analyses
    and writes one chunk of documents, this process reads and prepares the next from the
    database, on another core. Committed when the block ends; cancelled if it raises. The
    child touches nothing but the index (not the database connection it inherits)."""
    context = multiprocessing.get_context("fork")
    inbox, feed = context.Pipe(duplex=False)
    answers, answer = context.Pipe(duplex=False)
    child = context.Process(target=_write, args=(new_index, inbox, answer), daemon=True)
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


def _write(new_index, inbox, answer) -> None:
    """The child of writer_process: documents in until None, then commit; answers None or
    what went wrong."""
    writer = new_index.writer(limitmb=WRITER_MB, compound=False)
    try:
        while (documents := inbox.recv()) is not None:
            for document in documents:
                writer.add_document(**document)
        writer.commit()
        answer.send(None)
    except BaseException as error:
        writer.cancel()
        answer.send(f"{type(error).__name__}: {error}")
