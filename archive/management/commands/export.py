"""Write every article with its facts: `manage.py export --format jsonl|csv [--out FILE]`."""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import export
from archive.models import Article


class Command(BaseCommand):
    help = "Export one record per article (the format is documented in the README)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl", help="Output format.")
        parser.add_argument("--out", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, format, out, **options):
        articles = Article.objects.for_records().order_by("id").iterator(chunk_size=500)
        if out is None:
            count = export.write(articles, sys.stdout, fmt=format)
        else:
            count = self._write_file(articles, out, format)
        self.stderr.write(f"exported {count} articles")

    def _write_file(self, articles, out: Path, fmt: str) -> int:
        """Write beside the target and rename, so a failed export leaves no half-written file."""
        if not out.parent.is_dir():
            raise CommandError(f"cannot write {out}: no such folder {out.parent}")
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                count = export.write(articles, file, fmt=fmt)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return count
