"""Write the archive out: `manage.py export --format jsonl|csv|warc|wacz [--out FILE]`.

jsonl and csv: one record per article with its facts. warc and wacz: every capture in the
formats web archives exchange, with each article's facts as a metadata record (a WACZ adds its
index and page list); ingesting the file into another archive gives the same captures.
"""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import export
from archive.models import Article
from archive.webarchive import writer


class Command(BaseCommand):
    help = "Export every article (jsonl, csv) or every capture (warc, wacz); formats in the README."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=["jsonl", "csv", "warc", "wacz"], default="jsonl", help="Output format."
        )
        parser.add_argument(
            "--out", type=Path, help="File to write (default: standard output; a WACZ needs a file)."
        )
        parser.add_argument(
            "--unconfirmed",
            action="store_true",
            help="jsonl, csv: add the names no curator has confirmed yet (unconfirmed_agencies, "
            "unconfirmed_platforms).",
        )

    def handle(self, *args, format, out, unconfirmed, **options):
        self.unconfirmed = unconfirmed
        if format == "wacz" and out is None:
            raise CommandError("a WACZ is a ZIP file: give it a name with --out FILE.wacz")
        if out is None:
            count = self._write(format, sys.stdout.buffer if format == "warc" else sys.stdout)
        else:
            count = self._write_file(out, format)
        self.stderr.write(f"exported {count} {'captures' if format in ('warc', 'wacz') else 'articles'}")

    def _write(self, fmt: str, stream) -> int:
        if fmt == "warc":
            return writer.write_warc(export.web_archive_items(), stream)
        if fmt == "wacz":
            return writer.write_wacz(export.web_archive_items(), stream, title="Regulation Archive")
        ids = list(Article.objects.order_by("id").values_list("pk", flat=True))
        return export.write(ids, stream, fmt=fmt, unconfirmed=self.unconfirmed)

    def _write_file(self, out: Path, fmt: str) -> int:
        """Write beside the target and rename, so a failed export leaves no half-written file."""
        if not out.parent.is_dir():
            raise CommandError(f"cannot write {out}: no such folder {out.parent}")
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
        try:
            binary = fmt in ("warc", "wacz")
            mode = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": ""}
            with os.fdopen(handle, **mode) as file:
                count = self._write(fmt, file)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return count
