"""Archive pages: `manage.py ingest PATH [PATH ...]` (files, or folders searched recursively)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.pipeline import ingest_paths


class Command(BaseCommand):
    help = "Read, clean, extract, store and index pages (.txt, .html, .htm)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders of pages.")
        parser.add_argument("--no-progress", action="store_true", help="Never draw a progress bar.")

    def handle(self, *args, paths, no_progress, **options):
        show = not no_progress and sys.stderr.isatty()
        report = ingest_paths(
            paths, progress=lambda files: tqdm(files, unit="page", disable=not show, file=sys.stderr)
        )
        for outcome in report.with_status("failed"):
            self.stderr.write(f"failed: {outcome.source}: {outcome.reason}")
        added, unchanged, failed = (len(report.with_status(s)) for s in ("added", "unchanged", "failed"))
        self.stdout.write(f"added {added}, unchanged {unchanged}, failed {failed}")
        if report.index_error:
            self.stderr.write(
                f"warning: the articles are stored but the search index was not updated "
                f"({report.index_error}); run `manage.py update_index` to catch up"
            )
        if failed:
            raise CommandError(f"{failed} of {len(report.outcomes)} inputs failed", returncode=1)
