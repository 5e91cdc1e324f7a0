"""Bring the search index in line with the database; called by commands, never by web requests.

Exactly one process writes at a time: Whoosh's own lock makes a second writer wait or fail,
and a failed write loses nothing, since the database holds every article
(`manage.py rebuild_index` or `update_index` catch up).
"""

import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
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
    writer = new_index.writer(limitmb=WRITER_MB, compound=False)
    count = 0
    try:
        for article in progress(_articles(index)):
            writer.add_document(**backend.document(index, article))
            count += 1
        writer.commit()
    except BaseException:
        writer.cancel()
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
