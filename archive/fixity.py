"""Fixity and backup: do the captures still hash to what was recorded, does the index hold
every article at its current version, and a consistent copy of the archive while it serves."""

import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from archive.models import Article, Capture
from archive.search import indexing

CHUNK = 200


def check_database() -> Iterator[str]:
    """SQLite's own check of its file (pages, indexes); PostgreSQL checksums its own pages."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA quick_check")
        for (message,) in cursor.fetchall():
            if message != "ok":
                yield f"database: {message}"


def check_captures() -> Iterator[str]:
    """One line per capture whose bytes no longer hash to its recorded sha256."""
    rows = Capture.objects.order_by("pk").values_list("pk", "sha256", "content", "source")
    for pk, recorded, content, source in rows.iterator(chunk_size=CHUNK):
        actual = hashlib.sha256(bytes(content)).hexdigest()
        if actual != recorded:
            yield f"capture {pk} ({Path(source).name}): the bytes hash to {actual}, recorded {recorded}"


def check_index() -> Iterator[str]:
    """One line per article the index lacks, holds at an old version or twice, and per
    document of an article the database no longer has."""
    in_index = indexing.indexed_versions()
    searchable = indexing.searchable_articles().order_by("pk").values_list("pk", "version")
    for pk, version in searchable.iterator(chunk_size=2000):
        versions = in_index.pop(pk, [])
        if not versions:
            yield f"article {pk}: not in the search index"
        elif len(versions) > 1:
            yield f"article {pk}: {len(versions)} documents in the search index"
        elif versions[0] != version:
            yield f"article {pk}: the index holds version {versions[0]}, the database {version}"
    for pk in sorted(in_index):
        yield f"article {pk}: in the search index but not in the database"


def backup(target: Path) -> dict[str, int]:
    """Copy the SQLite database (its online backup API: a consistent copy while pages are
    served) and the live search index into `target`, a new folder; written beside it and
    renamed into place, so a failed backup leaves nothing half written. The caller holds the
    writer lock, so the index matches the database."""
    if connection.vendor != "sqlite":
        raise ValueError(
            "the database is PostgreSQL: back it up with `pg_dump -Fc` (see the README); "
            "the index is rebuilt from it with `manage.py rebuild_index`"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ValueError(f"{target} already exists and is not an empty folder")
    if not target.parent.is_dir():
        raise ValueError(f"no such folder {target.parent}")
    partial = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        connection.ensure_connection()
        with sqlite3.connect(partial / "archive.sqlite3") as copy:
            connection.connection.backup(copy)
        copy.close()
        index = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
        if index.exists():
            shutil.copytree(index.resolve(), partial / index.name)
        counts = {"captures": Capture.objects.count(), "articles": Article.objects.count()}
        (partial / "BACKUP.txt").write_text(_manifest(counts))
        if target.exists():
            target.rmdir()
        os.replace(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return counts


def _manifest(counts: dict[str, int]) -> str:
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return (
        f"Regulation Archive backup, made {made}: {counts['captures']} captures, "
        f"{counts['articles']} articles.\n\n"
        "Restore into a fresh data folder, then check it:\n"
        "  mkdir NEW && cp -a THIS_FOLDER/. NEW/\n"
        "  ARCHIVE_DATA_DIR=NEW python manage.py verify\n"
    )
