"""The capture part of `manage.py bench`: capturing from a local web site, ingesting the same
pages from a WARC file and from plain files, and exporting the archive as WARC and WACZ."""

import ctypes
import gc
import gzip
import itertools
import os
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from archive.bench.measure import reset_archive
from archive.bench.site import serve
from archive.bench.synthetic import Generator
from archive.export import web_archive_items
from archive.gazetteer import load_gazetteer
from archive.ingest.capture import Fetching, capture_urls
from archive.ingest.pipeline import Report, ingest_paths
from archive.models import Article, Capture
from archive.webarchive import records, writer

SITE = "http://bench.example"  # where the pages of the WARC file say they came from
FIRST = 1000  # captures exported first, against all: flat memory means alike peaks
ROUNDS = 5  # of the plain-file and WARC ingests, alternating


def capture_and_ingest(generator: Generator, *, count: int, rounds: int = ROUNDS) -> dict:
    """Pages/s of `count` synthetic HTML pages ingested from plain files and from a WARC file
    (request and response records), then captured from a local web site (no politeness delay,
    no images or stylesheets), each time into an emptied archive; every rate includes indexing.
    The two ingests alternate for `rounds` rounds and each keeps its best, and their ratio is
    also given in CPU time (the least of each), steadier where the machine is shared."""
    pages = {f"/news/{n:06d}.html": generator.article(n).as_html().encode() for n in range(count)}
    load_gazetteer()  # agencies and platforms to link to
    rates, cpu = {"plain-file": [], "WARC": []}, {"plain-file": [], "WARC": []}
    with tempfile.TemporaryDirectory(prefix="bench-capture-") as scratch:
        inputs = {
            "plain-file": _write_files(pages, Path(scratch) / "pages"),
            "WARC": _write_warc(pages, Path(scratch)),
        }
        for _, (name, path) in itertools.product(range(rounds), inputs.items()):
            reset_archive()
            started, cpu_started = time.perf_counter(), time.process_time()
            report = ingest_paths([path])
            cpu[name].append(time.process_time() - cpu_started)
            rates[name].append(_rate(report, count, time.perf_counter() - started))
    reset_archive()
    with serve(pages) as base:
        how = Fetching(user_agent="bench", timeout=30, delay=0, max_bytes=int(settings.MAX_PAGE_MB * 2**20))
        started = time.perf_counter()
        report = capture_urls([base + path for path in pages], how=how, with_requisites=False)
        captured = _rate(report, count, time.perf_counter() - started)
    files, warc = max(rates["plain-file"]), max(rates["WARC"])
    return {
        "pages": count,
        "plain-file ingest pages/s": files,
        "WARC ingest pages/s": warc,
        "WARC / plain-file ingest": warc / files,
        "WARC / plain-file ingest, CPU time": min(cpu["plain-file"]) / min(cpu["WARC"]),
        "capture pages/s": captured,
        "capture / plain-file ingest": captured / files,
        **{f"{name} ingest pages/s, each round": [round(r, 1) for r in rates[name]] for name in rates},
    }


def _rate(report: Report, count: int, elapsed: float) -> float:
    added = len(report.with_status("added"))
    if added != count or report.index_error:
        failed = report.with_status("failed")[:3]
        raise RuntimeError(f"{added} of {count} pages added; {failed} {report.index_error}")
    return count / elapsed


def _write_files(pages: dict[str, bytes], folder: Path) -> Path:
    folder.mkdir()
    for path, body in pages.items():
        (folder / path.rsplit("/", 1)[1]).write_bytes(body)
    return folder


def _write_warc(pages: dict[str, bytes], folder: Path) -> Path:
    """The pages as a crawler records them: a response and a request record each, gzipped."""
    warc = folder / "pages.warc.gz"
    with warc.open("wb") as out:
        for path, body in pages.items():
            head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}"
            response = head.encode() + b"\r\n\r\n" + body
            request = f"GET {path} HTTP/1.1\r\nHost: bench.example\r\nUser-Agent: bench\r\n\r\n".encode()
            response_headers, request_headers = records.exchange_headers(
                url=SITE + path, fetched_at=datetime.now(UTC), request=request, response=response, ip=""
            )
            for headers, block in ((response_headers, response), (request_headers, request)):
                out.write(gzip.compress(records.record(headers, block), mtime=0))
    return warc


def web_archive_exports(*, first: int = FIRST) -> dict:
    """Captures/s writing the archive as WARC and as WACZ (the `export` command's path), and
    the peak memory of writing the first `first` captures and all of them: Python's peak
    (tracemalloc, a run apart, as it slows the work) and the process's RSS growth."""
    numbers = {"captures": Capture.objects.count(), "articles": Article.objects.count()}
    formats = {
        "WARC": writer.write_warc,
        "WACZ": lambda items, out: writer.write_wacz(items, out, title="bench"),
    }
    for write in formats.values():
        _export(write, 20)  # what a first run alone pays (imports, caches) is not memory it grows by
    for name, write in formats.items():
        for limit, label in ((first, f"first {first:,}"), (None, "all")):
            count, seconds, size, rss = _export(write, limit)
            peak = _export(write, limit, traced=True)[-1]
            numbers[f"{name}: peak MB, {label}"] = peak
            numbers[f"{name}: RSS growth MB, {label}"] = rss
        numbers[f"{name} captures/s"] = count / seconds
        numbers[f"{name} MB"] = size / 2**20
    return numbers


def _export(write, limit: int | None, *, traced: bool = False) -> tuple[int, float, int, float]:
    """(captures, seconds, bytes written, MB): tracemalloc's peak when `traced`, else how far
    the process's RSS rose."""
    gc.collect()
    _trim()
    with tempfile.TemporaryFile() as out, _PythonPeak() if traced else _RssGrowth() as memory:
        started = time.perf_counter()
        count = write(itertools.islice(web_archive_items(), limit), out)
        seconds = time.perf_counter() - started
        size = out.tell()
    return count, seconds, size, memory.mb


class _PythonPeak:
    """The peak of Python's allocations during the block, in MB (tracemalloc)."""

    def __enter__(self) -> "_PythonPeak":
        tracemalloc.start()
        return self

    def __exit__(self, *exc) -> None:
        self.mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()


class _RssGrowth:
    """How far the process's resident memory rose during the block, in MB (sampled every 10 ms)."""

    def __enter__(self) -> "_RssGrowth":
        self.start = self.highest = _rss()
        self.done = threading.Event()
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()
        return self

    def _sample(self) -> None:
        while not self.done.wait(0.01):
            self.highest = max(self.highest, _rss())

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.sampler.join()
        self.mb = (max(self.highest, _rss()) - self.start) / 2**20


def _rss() -> int:
    """The resident memory of this process in bytes (Linux)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _trim() -> None:
    """Give freed memory back to the system first (glibc), so each run starts from the same RSS."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
