"""Archive pages: `manage.py ingest PATH [PATH ...]` (files, or folders searched recursively)."""

from pathlib import Path

from django.core.management.base import CommandError

from archive.gazetteer import missing_slugs
from archive.ingest.pipeline import ingest_paths
from archive.management.base import WriterCommand
from archive.models import Agency


class Command(WriterCommand):
    help = (
        "Read, clean, extract, store and index pages (.txt, .html, .htm) and the pages of web "
        "archives (.warc, .warc.gz, .wacz)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders of pages.")

    def write(self, *args, paths, **options):
        if not Agency.objects.exists():
            raise CommandError("the gazetteer is not loaded: run `manage.py load_gazetteer` first")
        if missing := missing_slugs():
            self.stderr.write(
                f"warning: {len(missing)} entries of the data files are not loaded ({', '.join(missing[:5])}"
                f"{'…' if len(missing) > 5 else ''}): run `manage.py load_gazetteer`"
            )
        report = ingest_paths(paths, progress=self.progress("file"))
        self.report(report)
        if report.index_error:
            self.stderr.write(f"error: the search index could not be written: {report.index_error}")
        failed = len(report.with_status("failed"))
        if failed:
            raise CommandError(f"{failed} of {len(report.outcomes)} inputs failed", returncode=1)
