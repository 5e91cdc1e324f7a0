"""Rebuild the search index from the database: `manage.py rebuild_index`.

Replaces haystack's command of the same name: the new index is written beside the live one
and swapped in, so searches keep answering while it builds; it holds the writer lock, so an
ingest meanwhile waits for it instead of writing into the index about to be replaced.
"""

from archive.management.base import WriterCommand
from archive.models import Article
from archive.search.indexing import rebuild


class Command(WriterCommand):
    help = "Write a new search index from the database and swap it in."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="Accepted for compatibility."
        )

    def catch_up(self) -> None:
        """Nothing to catch up: the rebuild writes everything."""

    def write(self, *args, **options):
        count = rebuild(progress=self.progress("doc", Article.objects.count()))
        self.stdout.write(f"indexed {count} articles")
