"""Bring the search index in line with the database: `manage.py update_index`.

Replaces haystack's command of the same name: it indexes every article whose current version
the index lacks and removes the documents of deleted ones (what any writing command does
first), or with `--all` indexes every article again in place.
"""

from archive.management.base import WriterCommand
from archive.models import Article
from archive.search import indexing


class Command(WriterCommand):
    help = "Index what the database holds and the index does not (or, with --all, everything)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--all", action="store_true", help="Index every article again, in place.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="Accepted for compatibility."
        )

    def catch_up(self) -> None:
        """The catch-up is this command's work (see write)."""

    def write(self, *args, all, **options):
        if all:
            Article.objects.touch()
        done = indexing.catch_up(progress=self.progress("doc", indexing.pending()))
        self.stdout.write(f"indexed {done} changes; the index holds every article")
