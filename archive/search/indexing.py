"""Bring the search index in line with the database; called by commands, never by web requests."""

from collections.abc import Iterable

from haystack import connections

from archive.models import Article


def index_articles(ids: Iterable[int]) -> int:
    """(Re)index these articles with one writer; returns how many were written."""
    ids = list(ids)
    if not ids:
        return 0
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    articles = list(index.index_queryset().filter(pk__in=ids))
    backend.update(index, articles)
    return len(articles)
