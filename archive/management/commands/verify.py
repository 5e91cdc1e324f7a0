"""Fixity check: `manage.py verify` (exit status 1 when anything is wrong).

Re-hashes every capture's bytes against its recorded sha256, checks the database file (SQLite),
and checks the search index holds every article, once, at its current version, and nothing
else. It waits for a writer to finish, so what it sees is settled, and changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from archive import fixity
from archive.models import Article, Capture
from archive.writer import WriterBusy, writer_lock


class Command(BaseCommand):
    help = "Check every capture's sha256 and that the index holds every article at its current version."

    def handle(self, *args, **options):
        try:
            with writer_lock(on_wait=self.stderr.write):
                problems = 0
                for check in (fixity.check_database, fixity.check_captures, fixity.check_index):
                    for line in check():
                        self.stderr.write(line)
                        problems += 1
                captures, articles = Capture.objects.count(), Article.objects.count()
        except WriterBusy as error:
            raise CommandError(str(error), returncode=3) from None
        self.stdout.write(
            f"checked {captures} captures and {articles} articles in the database and the index: "
            f"{problems} problems"
        )
        if problems:
            raise CommandError(f"{problems} problems found", returncode=1)
