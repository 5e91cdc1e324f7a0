"""What public output shows of where a page came from: a web address, or a file's name alone,
never the server path it was ingested from (the database keeps the path)."""

from pathlib import PurePosixPath

from archive.ingest.urls import web_url


def public_source(source: str) -> str:
    """A capture's source for pages, feeds, the API and exports: its http(s) URL, or the
    name of the file it was read from."""
    if url := web_url(source):
        return url
    return PurePosixPath(source.replace("\\", "/")).name  # a Windows path too


def original_url(url: str) -> str:
    """An article's own URL, if it is one a page can link to (rows stored before ingest
    checked the scheme may hold javascript: or data: URLs)."""
    return web_url(url)
