"""The measurements behind `manage.py bench`; each returns a flat dict of numbers."""

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from archive.bench.synthetic import Generator
from archive.extract import extract_facts
from archive.ingest.clean import clean_document
from archive.ingest.pipeline import ingest_document
from archive.ingest.read import read_bytes, read_file
from archive.models import Article, Capture
from archive.search import indexing


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def extraction(generator: Generator, *, count: int) -> dict:
    """Time extract_facts on clean bodies: synthetic articles, the sample corpus, the dev set."""
    bodies = [
        clean_document(read_bytes(a.text.encode(), media_type="text/plain", source=a.name)).body
        for a in generator.articles(count)
    ]
    root = settings.BASE_DIR
    for folder in (root / "archive" / "samples", root / "tests" / "devset" / "pages"):
        bodies += [clean_document(read_file(p)).body for p in sorted(folder.glob("*")) if p.is_file()]
    extract_facts(bodies[0])  # load the data files once
    times = []
    for body in bodies:
        started = time.perf_counter()
        extract_facts(body)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "articles": len(bodies),
        "median ms": statistics.median(times),
        "p95 ms": percentile(times, 0.95),
        "max ms": max(times),
    }


def ingest(generator: Generator, *, start: int, count: int, reset: bool) -> dict:
    """Store `count` more synthetic pages through the real pipeline (indexing is timed apart)."""
    if reset:
        Article.objects.all().delete()
        Capture.objects.all().delete()
        shutil.rmtree(settings.HAYSTACK_CONNECTIONS["default"]["PATH"], ignore_errors=True)
    pages = [generator.article(n) for n in range(start, start + count)]
    started = time.perf_counter()
    for page in pages:
        document = read_bytes(page.text.encode(), media_type="text/plain", source=page.name)
        ingest_document(document)
    elapsed = time.perf_counter() - started
    return {
        "pages": count,
        "pages/s": count / elapsed if elapsed else 0.0,
        "articles now": Article.objects.count(),
    }


def index_build() -> dict:
    """Our full rebuild from the database against raw Whoosh writing the same documents."""
    started = time.perf_counter()
    written = indexing.rebuild()
    ours = time.perf_counter() - started
    documents = indexing.prepared_documents()
    schema = indexing.schema()
    folder = Path(tempfile.mkdtemp(prefix="raw-whoosh-"))
    try:
        from whoosh import index as whoosh_index

        raw = whoosh_index.create_in(str(folder), schema)
        started = time.perf_counter()
        writer = raw.writer(limitmb=indexing.WRITER_MB)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        floor = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    size = sum(
        p.stat().st_size
        for p in Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).rglob("*")
        if p.is_file()
    )
    return {
        "documents": written,
        "ours docs/s": written / ours,
        "raw Whoosh docs/s": len(documents) / floor,
        "ours / raw": (written / ours) / (len(documents) / floor),
        "index MB": size / 2**20,
        "database": connection.vendor,
    }
