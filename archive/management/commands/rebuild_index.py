"""Rebuild the search index from the database: `manage.py rebuild_index`.

Replaces haystack's command of the same name: the new index is written beside the live one
and swapped in, so searches keep answering while it builds.
"""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.models import Article
from archive.search.indexing import rebuild


class Command(BaseCommand):
    help = "Write a new search index from the database and swap it in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="Accepted for compatibility."
        )
        parser.add_argument("--no-progress", action="store_true", help="Never draw a progress bar.")

    def handle(self, *args, no_progress, **options):
        show = not no_progress and sys.stderr.isatty()
        total = Article.objects.count()
        count = rebuild(progress=lambda items: tqdm(items, total=total, unit="doc", disable=not show))
        self.stdout.write(f"indexed {count} articles")
