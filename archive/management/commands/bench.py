"""Benchmarks (`make bench`): extraction, capture from a local site and WARC ingest, ingest,
index build, search, the search page under gunicorn, every page's time, the exports' memory and
the WARC and WACZ exports, on seeded synthetic articles. Prints a table and writes JSON.

Run it on its own data folder (the Makefile uses var/bench): it empties that database and index.
Leave out the ingest and capture parts to measure again on the archive a previous run left
there (the capture part empties it, then builds each size as the ingest part does).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.bench import capture, measure
from archive.bench.synthetic import Generator
from archive.models import Article


class Command(BaseCommand):
    help = "Measure speed and memory on synthetic articles; print a table and write JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", default="10000,100000", help="Archive sizes to measure, comma-separated."
        )
        parser.add_argument(
            "--parts",
            default="extraction,capture,ingest,index,search,http,pages,exports",
            help="Which measurements.",
        )
        parser.add_argument(
            "--pages", type=int, default=500, help="Pages the capture part serves, captures and ingests."
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the synthetic corpus and query mix.")
        parser.add_argument("--out", type=Path, help="JSON file to write (default: <data dir>/bench.json).")

    def handle(self, *args, sizes, parts, pages, seed, out, **options):
        if not str(settings.DATA_DIR).rstrip("/").endswith("bench"):
            raise CommandError(
                "run the benchmark on its own data folder: make bench (ARCHIVE_DATA_DIR=var/bench)"
            )
        parts = set(parts.split(","))
        results = {"seed": seed, "sizes": {}}
        if "extraction" in parts:
            results["extraction"] = measure.extraction(Generator(seed=seed), count=1000)
            self.report("extraction", results["extraction"])
        if "capture" in parts:  # it empties the archive: before the sizes are built
            results["capture"] = capture.capture_and_ingest(Generator(seed=seed), count=pages)
            self.report("capture", results["capture"])
        generator, have = Generator(seed=seed), 0
        for size in sorted(int(s) for s in sizes.split(",")):
            row = results["sizes"][size] = {}
            if parts & {"ingest", "capture"}:  # the capture part exports an archive of each size
                row["ingest"] = measure.ingest(generator, start=have, count=size - have, reset=have == 0)
                have = size
                self.report(f"ingest to {size:,}", row["ingest"])
            elif parts - {"extraction"} and Article.objects.count() != size:
                raise CommandError(
                    f"without the ingest part the archive must already hold {size:,} articles"
                    f" (it holds {Article.objects.count():,})"
                )
            if "index" in parts:
                row["index"] = measure.index_build()
                self.report(f"index {size:,}", row["index"])
            if "search" in parts:
                row["search"] = measure.search(seed=seed)
                self.report(f"search {size:,}", row["search"])
            if "http" in parts:
                row["http"] = measure.http(seed=seed)
                self.report(f"http {size:,}", row["http"])
            if "pages" in parts:
                row["pages"] = measure.pages()
                self.report(f"pages {size:,}", row["pages"])
            if "exports" in parts:
                row["exports"] = measure.exports()
                self.report(f"exports {size:,}", row["exports"])
            if "capture" in parts:
                row["capture"] = capture.web_archive_exports()
                self.report(f"WARC and WACZ export {size:,}", row["capture"])
        out = out or settings.DATA_DIR / "bench.json"
        out.write_text(json.dumps(results, indent=2, default=str))
        self.stdout.write(f"wrote {out}")

    def report(self, title: str, numbers: dict) -> None:
        self.stdout.write(f"\n{title}")
        for key, value in numbers.items():
            shown = (
                f"{value:,.2f}"
                if isinstance(value, float)
                else f"{value:,}"
                if isinstance(value, int)
                else value
            )
            self.stdout.write(f"  {key:42} {shown}")
