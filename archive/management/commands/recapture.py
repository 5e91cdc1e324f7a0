"""Fetch archived URLs again: `manage.py recapture [--older-than DAYS]`.

A page that changed becomes a new version of its URL; one that answers 404 or 410, or whose
host no longer exists, is recorded as gone. Both are listed on /changes/ (and its feed).
"""

from django.core.management.base import CommandError

from archive.ingest.capture import capture_urls, due_urls
from archive.management.base import WriterCommand
from archive.management.commands.capture import add_fetching_arguments, fetching
from archive.models import SourceCheck


class Command(WriterCommand):
    help = "Fetch archived URLs again and record which were edited and which are gone."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--older-than", type=float, default=0, metavar="DAYS", help="Only URLs not checked for DAYS days."
        )
        add_fetching_arguments(parser)

    def write(self, *args, older_than, **options):
        if older_than < 0:
            raise CommandError("--older-than takes a number of days, 0 or more")
        urls = due_urls(older_than)
        started = SourceCheck.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        report = capture_urls(
            urls, how=fetching(options), with_requisites=False, progress=self.progress("URL")
        )
        checks = SourceCheck.objects.filter(pk__gt=started)
        counts = {
            kind: checks.filter(outcome=kind).count() for kind in ("unchanged", "changed", "gone", "failed")
        }
        self.stdout.write(
            f"checked {len(urls)} URLs: {counts['unchanged']} unchanged, {counts['changed']} edited, "
            f"{counts['gone']} gone, {counts['failed']} failed"
        )
        for check in checks.filter(outcome__in=["changed", "gone", "failed"]).order_by("pk"):
            reason = f": {check.reason}" if check.reason else ""
            self.stderr.write(f"{check.outcome}: {check.url}{reason}")
        if report.index_error:
            self.stderr.write(f"error: the search index could not be written: {report.index_error}")
