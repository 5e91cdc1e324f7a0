"""Re-derive articles from their stored captures: `manage.py reprocess [--id ID ...]`."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.pipeline import reprocess
from archive.models import Article


class Command(BaseCommand):
    help = "Clean, describe and extract again from the captures (after the rules or data changed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--id", type=int, action="append", dest="ids", help="Only this article (repeatable)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Never draw a progress bar.")

    def handle(self, *args, ids, no_progress, **options):
        articles = Article.objects.select_related("capture").order_by("id")
        if ids:
            articles = articles.filter(pk__in=ids)
        show = not no_progress and sys.stderr.isatty()
        report = reprocess(articles, progress=lambda items: tqdm(items, unit="article", disable=not show))
        for outcome in report.with_status("failed"):
            self.stderr.write(f"failed: {outcome.source}: {outcome.reason}")
        updated, failed = len(report.with_status("updated")), len(report.with_status("failed"))
        self.stdout.write(f"updated {updated}, failed {failed}")
        if report.index_error:
            self.stderr.write(
                f"warning: the index was not updated ({report.index_error}); run `manage.py update_index`"
            )
        if failed:
            raise CommandError(f"{failed} articles failed", returncode=1)
