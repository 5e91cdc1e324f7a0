"""The measurements behind `manage.py bench`; each returns a flat dict of numbers."""

import gc
import json
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from haystack import connections

from archive.bench.synthetic import Generator
from archive.extract import extract_facts
from archive.gazetteer import load_gazetteer
from archive.ingest.clean import clean_document
from archive.ingest.describe import describe_page
from archive.ingest.pipeline import in_batches, ingest_document, refresh_statistics
from archive.ingest.read import read_bytes, read_file
from archive.models import Article, Capture, Figure, FigureTotal, IndexRemoval, SourceCheck, StaleTotal
from archive.search import indexing
from archive.search.backend import WRITER_MB
from archive.totals import update_totals


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
        **long_pages(),
    }


LONG_PAGES = {"English": (False, True), "Chinese": (True, True), "one line": (False, False)}


def long_pages(*, sizes: tuple[float, ...] = (1, 5, 20), seed: int = 1) -> dict:
    """Seconds to read, clean, describe and extract one long page (a report pasted as text)
    of each size, in English, Chinese, and English as one line without punctuation; seconds
    per MB stay flat when the work is linear in the page's length."""
    numbers = {}
    for megabytes in sizes:
        for kind, (chinese, punctuated) in LONG_PAGES.items():
            text = Generator(seed=seed).long_page(megabytes, chinese=chinese, punctuated=punctuated)
            content = text.encode()
            started = time.perf_counter()
            page = clean_document(read_bytes(content, media_type="text/plain", source="long.txt"))
            describe_page(page, source="long.txt")
            extract_facts(page.body)
            elapsed = time.perf_counter() - started
            numbers[f"long page, {kind}, {megabytes:g} MB: s"] = elapsed
            numbers[f"long page, {kind}, {megabytes:g} MB: s per MB"] = elapsed / (len(content) / 2**20)
    numbers["long page: max s per MB"] = max(v for k, v in numbers.items() if k.endswith("s per MB"))
    return numbers


def ingest(generator: Generator, *, start: int, count: int, reset: bool) -> dict:
    """Store `count` more synthetic pages through the real pipeline (indexing is timed apart)."""
    if reset:
        reset_archive()
    load_gazetteer()  # agencies and platforms to link to
    pages = [generator.article(n) for n in range(start, start + count)]
    started = time.perf_counter()
    for page in in_batches(pages):  # as ingest_paths stores them
        ingest_document(read_bytes(page.text.encode(), media_type="text/plain", source=page.name))
    update_totals()  # as every real ingest does at its end
    refresh_statistics()
    elapsed = time.perf_counter() - started
    return {
        "pages": count,
        "pages/s": count / elapsed if elapsed else 0.0,
        "articles now": Article.objects.count(),
    }


def reset_archive() -> None:
    """An empty archive: no captures, articles or checks of URLs, and an empty index."""
    Article.objects.all().delete()
    SourceCheck.objects.all().delete()
    Capture.objects.all().delete()
    IndexRemoval.objects.all().delete()  # the index they are to be removed from is emptied too
    FigureTotal.objects.all().delete()
    StaleTotal.objects.all().delete()
    connections["default"].get_backend().clear()


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
        writer = raw.writer(limitmb=WRITER_MB, compound=False)
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


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    q: str
    agency: str = ""
    start: date | None = None
    end: date | None = None


def query_mix(*, seed: int) -> list[BenchQuery]:
    """50 queries: terms of varied frequency, two-term AND, phrases, an agency filter, facet
    requests and date ranges (the same for every run with the same seed)."""
    rng = random.Random(seed)
    words = Generator(seed=seed).words
    ranks = [60, 90, 150, 300, 600, 1200, 2500, 5000, 10_000, 20_000]
    mix = [BenchQuery("term", words[r]) for r in ranks]
    mix += [
        BenchQuery("and", f"{words[rng.randint(60, 800)]} {words[rng.randint(60, 3000)]}") for _ in range(10)
    ]
    mix += [BenchQuery("phrase", '"social media"')]
    sample = Generator(seed=seed + 1).filler(400).rstrip(".").lower().split()
    mix += [BenchQuery("phrase", f'"{sample[i]} {sample[i + 1]}"') for i in range(0, 90, 10)]
    agencies = ["cac", "mps", "miit", "samr", "nrta"]
    mix += [BenchQuery("agency", words[rng.randint(60, 2000)], agency=a) for a in agencies]
    mix += [BenchQuery("facets", words[r]) for r in (55, 70, 120, 400, 900, 1500, 3000, 6000, 9000, 12_000)]
    for _ in range(5):
        start = date(2010, 1, 1) + timedelta(days=rng.randrange(4000))
        mix.append(
            BenchQuery(
                "dates",
                words[rng.randint(60, 1000)],
                start=start,
                end=start + timedelta(days=rng.randint(90, 1500)),
            )
        )
    return mix


def search(*, seed: int) -> dict:
    """Our search function (facets, highlights, labels and all) against raw Whoosh on the
    same index with one open searcher, query by query."""
    from archive.search.query import search as archive_search

    mix = query_mix(seed=seed)
    for query in mix[:3]:
        archive_search(_params(query))  # open the searcher and build the facet bitsets once
    raw_search = _raw_searcher()
    for query in mix[:3]:
        raw_search(query)
    gc.collect()
    gc.freeze()  # as archive/wsgi.py does in the web server, for both sides alike
    try:
        ours = [_timed(lambda q=query: archive_search(_params(q))) for query in mix]
        raw = [_timed(lambda q=query: raw_search(q)) for query in mix]
    finally:
        gc.unfreeze()
    by_kind = {}
    for query, seconds in zip(mix, ours, strict=True):
        by_kind.setdefault(query.kind, []).append(seconds * 1000)
    numbers = {
        "queries": len(mix),
        "ours p50 ms": statistics.median(ours) * 1000,
        "ours p95 ms": percentile(ours, 0.95) * 1000,
        "raw Whoosh p50 ms": statistics.median(raw) * 1000,
        "raw Whoosh p95 ms": percentile(raw, 0.95) * 1000,
    }
    numbers["ours p50 / raw p50"] = numbers["ours p50 ms"] / numbers["raw Whoosh p50 ms"]
    numbers.update({f"ours p95 ms, {kind}": percentile(times, 0.95) for kind, times in by_kind.items()})
    return numbers


def _params(query: BenchQuery):
    from archive.search.query import SearchParams

    return SearchParams.from_query_dict(_page_params(query))[0]


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _raw_searcher():
    """Plain Whoosh on our index: one searcher, the stock query parser, Whoosh's own facets."""
    from whoosh import index as whoosh_index
    from whoosh import query as wq
    from whoosh.qparser import QueryParser
    from whoosh.sorting import FieldFacet

    ix = whoosh_index.open_dir(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    searcher = ix.searcher()
    parser = QueryParser("text", ix.schema)
    facets = [
        FieldFacet(f, allow_overlap=True)
        for f in ("agencies_exact", "platforms_exact", "categories_exact", "outlet_exact", "year_exact")
    ]

    def run(query: BenchQuery):
        q = parser.parse(query.q)
        kwargs = {"limit": 20}
        if query.agency:
            kwargs["filter"] = wq.Term("agencies_exact", query.agency)
        if query.kind == "facets":
            kwargs["groupedby"] = facets
        if query.start:
            q = wq.And(
                [
                    q,
                    wq.DateRange(
                        "published_on",
                        datetime.combine(query.start, datetime.min.time()),
                        datetime.combine(query.end, datetime.min.time()),
                    ),
                ]
            )
        results = searcher.search(q, **kwargs)
        list(results)
        return len(results)

    return run


def http(*, seed: int, seconds: float = 15, concurrency: int = 4, workers: int = 2) -> dict:
    """The search page under gunicorn (sync workers, a bounded load from a second process on
    127.0.0.1) beside a bare Django view, and raw Whoosh answering the same mix in as many
    processes; then each worker's memory."""
    mix = query_mix(seed=seed)
    paths = ["/search/?" + urlencode(_page_params(query)) for query in mix]
    call_command("collectstatic", interactive=False, verbosity=0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "ARCHIVE_DATA_DIR": str(settings.DATA_DIR),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "archive.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--preload", "--log-level", "warning", "--timeout", "120"],
        env=env,
        cwd=settings.BASE_DIR,
    )
    try:
        _wait_for(port, server)
        _load(port, 5, concurrency, paths)  # every worker opens its searcher and builds its bitsets
        page = _load(port, seconds, concurrency, paths)
        bare = _load(port, seconds, concurrency, ["/health/"])
        memory = _worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    raw = _raw_rate(mix, seconds, workers)
    return {
        "workers": workers,
        "client threads": concurrency,
        "search page req/s": page["requests/s"],
        "search page statuses": dict(page["statuses"]),
        "bare Django view req/s": bare["requests/s"],
        "raw Whoosh q/s": raw,
        "search page / raw Whoosh": page["requests/s"] / raw,
        "max worker RSS MB": max(m["rss"] for m in memory),
        "max worker PSS MB": max(m["pss"] for m in memory),
    }


def _page_params(query: BenchQuery) -> dict:
    params = {"q": query.q}
    if query.agency:
        params["agency"] = query.agency
    if query.start:
        params["from"], params["to"] = query.start.isoformat(), query.end.isoformat()
    return params


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within a minute")


def _load(port: int, seconds: float, concurrency: int, paths: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "archive.bench.load", str(port), str(seconds), str(concurrency)],
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(done.stdout)


def _worker_memory(master: int) -> list[dict]:
    """RSS and PSS (shared pages divided among the processes that share them) per worker, in MB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    memory = []
    for pid in children:
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0]) / 1024
        memory.append({"rss": fields["Rss"], "pss": fields["Pss"]})
    return memory


def _raw_rate(mix: list[BenchQuery], seconds: float, processes: int) -> float:
    """Queries/s of raw Whoosh (one open searcher per process) cycling through the mix."""
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        counts = pool.starmap(_raw_loop, [(mix, seconds, i * 7) for i in range(processes)])
    return sum(counts) / seconds


def _raw_loop(mix: list[BenchQuery], seconds: float, offset: int) -> int:
    run = _raw_searcher()
    for query in mix:
        run(query)
    n, deadline = offset, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        run(mix[n % len(mix)])
        n += 1
    return n - offset


def pages(*, repeats: int = 5) -> dict:
    """Median time of every kind of page (and JSON twin and feed) with the archive as it is,
    through Django's test client: views, database, templates, no network."""
    from django.test import Client

    from archive.models import Agency, Campaign, Law, Platform

    client = Client(HTTP_HOST="127.0.0.1")
    article = Article.objects.newest_first().first()
    agency, platform, campaign, law = (
        model.objects.annotate(n=Count("articles")).order_by("-n").first()
        for model in (Agency, Platform, Campaign, Law)
    )
    urls = {
        "home": "/",
        "article list": "/articles/?page=2",
        "article": article.get_absolute_url(),
        "agency (most named)": agency.get_absolute_url(),
        "platform (most named)": platform.get_absolute_url(),
        "agency list": "/agencies/",
        "figures explorer": "/figures/",
        "figures, filtered": f"/figures/?agency={agency.slug}&sort=largest&page=2",
        "search": "/search/?q=regulator",
        "search, entity and year": f"/search/?q={platform.slug}&year=2018",
        "agency JSON": f"/api/agencies/{agency.slug}/",
        "figures JSON": "/api/figures/?sort=largest",
        "figures, conflicts": "/figures/?conflicts=1",
        "figures, every copy": "/figures/?copies=1",
        "figures, totals of an agency's year": f"/figures/?agency={agency.slug}&year=2018",
        "figures, by what was counted": "/figures/?object=accounts",  # a unit: 账号 too
        "figures, by words of what was counted": "/figures/?object=gambling",
        "search feed": "/feeds/search/?q=regulator",
        "search, three compared": "/search/?q=regulator&compare=fraud&compare=gambling",
        "agency feed": f"/agencies/{agency.slug}/feed/",
        "campaign (most named)": campaign.get_absolute_url(),
        "campaign JSON": f"/api/campaigns/{campaign.slug}/",
        "campaign feed": f"/campaigns/{campaign.slug}/feed/",
        "campaign list": "/campaigns/",
        "law (most cited)": law.get_absolute_url(),
        "law JSON": f"/api/laws/{law.slug}/",
        "law list": "/laws/",
    }
    numbers = {}
    for name, url in urls.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        numbers[f"{name} median ms"] = statistics.median(times)
    slowest = max(numbers, key=numbers.get)
    numbers["slowest page"] = slowest.removesuffix(" median ms")
    numbers["slowest median ms"] = numbers[slowest]
    return numbers


def exports() -> dict:
    """Peak Python memory while streaming every figure and every article, against streaming
    only the first thousand: flat memory means the two peaks are alike."""
    import tracemalloc

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    numbers = {"figures": Figure.objects.count(), "articles": Article.objects.count()}
    for name, url in (("figures", "/export/figures.csv"), ("articles", "/export/articles.jsonl")):
        peaks = []
        for limit in (1000, None):
            tracemalloc.start()
            started = time.perf_counter()
            lines = 0
            for chunk in client.get(url).streaming_content:
                lines += chunk.count(b"\n")
                if limit and lines >= limit:
                    break
            elapsed = time.perf_counter() - started
            peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
            tracemalloc.stop()
        numbers[f"{name}: peak MB, first 1,000 rows"] = peaks[0]
        numbers[f"{name}: peak MB, all rows"] = peaks[1]
        numbers[f"{name}: all rows, seconds"] = elapsed
    return numbers
