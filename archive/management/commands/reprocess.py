"""Re-derive articles from their stored captures: `manage.py reprocess [--id ID ...]`."""

from django.core.management.base import CommandError

from archive.ingest.pipeline import reprocess
from archive.management.base import WriterCommand
from archive.models import Article


class Command(WriterCommand):
    help = "Clean, describe and extract again from the captures (after the rules or data changed)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--id", type=int, action="append", dest="ids", help="Only this article (repeatable)."
        )

    def write(self, *args, ids, **options):
        articles = Article.objects.select_related("capture").order_by("id")
        if ids:
            articles = articles.filter(pk__in=ids)
        report = reprocess(articles, every=not ids, progress=self.progress("article"))
        for outcome in report.with_status("failed"):
            self.stderr.write(f"failed: {outcome.source}: {outcome.reason}")
        updated, failed = len(report.with_status("updated")), len(report.with_status("failed"))
        self.stdout.write(f"updated {updated}, failed {failed}")
        if report.index_error:
            self.stderr.write(f"error: the search index could not be written: {report.index_error}")
        if failed:
            raise CommandError(f"{failed} articles failed", returncode=1)
