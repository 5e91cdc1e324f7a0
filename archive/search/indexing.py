"""Bring the search index in line with the database; called by commands, never by web requests.

Exactly one process writes at a time: Whoosh's own lock makes a second writer wait or fail,
and a failed write loses nothing, since the database holds every article
(`manage.py rebuild_index` or `update_index` catch up).
"""

import shutil
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
    """Write a complete new index beside the live one, then swap it in.

    Searches keep answering from the old index until the swap; web workers notice the new
    folder on their next search.
    """
    backend, index = _backend_and_index()
    live = Path(backend.path)
    fresh, old = live.with_name(live.name + ".new"), live.with_name(live.name + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
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
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    fresh.rename(live)
    shutil.rmtree(old, ignore_errors=True)
    backend.index = whoosh_index.open_dir(str(live), schema=backend.schema)
    return count
