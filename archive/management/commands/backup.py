"""A consistent copy of the archive while it serves: `manage.py backup DIR`.

Copies the SQLite database with its online backup API and the search index, holding the writer
lock so the two match. Restore: copy the folder's contents into a fresh ARCHIVE_DATA_DIR and run
`manage.py verify` there. For PostgreSQL, use `pg_dump` (see the README).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import fixity
from archive.writer import WriterBusy, writer_lock


class Command(BaseCommand):
    help = "Copy the database and the search index into DIR, a new folder."

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path, help="Folder to create (it must not exist, or be empty).")

    def handle(self, *args, dir, **options):
        try:
            with writer_lock(on_wait=self.stderr.write):
                counts = fixity.backup(dir.resolve())
        except WriterBusy as error:
            raise CommandError(str(error), returncode=3) from None
        except (ValueError, OSError) as error:
            raise CommandError(f"cannot back up into {dir}: {error}") from None
        self.stdout.write(
            f"backed up {counts['captures']} captures and {counts['articles']} articles into {dir}"
        )
