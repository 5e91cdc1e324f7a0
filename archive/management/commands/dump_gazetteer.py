"""Write what curators changed in the gazetteer as TOML: `manage.py dump_gazetteer [--out FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.curation import dump
from archive.gazetteer import curated_changes


class Command(BaseCommand):
    help = "Print the entities curators created and the names they added, as TOML for archive/data."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, out, **options):
        text = dump(curated_changes())
        if out is None:
            self.stdout.write(text, ending="")
            return
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from None
        self.stderr.write(f"wrote {out}")
