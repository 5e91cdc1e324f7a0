"""What every command that writes the archive shares: one writer at a time, the index caught
up first and checked last, and a non-zero exit whenever an article is left unindexed."""

import sys
from collections.abc import Callable, Iterable

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.search import indexing
from archive.writer import WriterBusy, terminate_as_exit, writer_lock


class WriterCommand(BaseCommand):
    """Subclasses do their work in `write()`; `handle()` holds the writer lock around it."""

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Never draw a progress bar.")

    def handle(self, *args, **options):
        self.show_progress = not options.get("no_progress") and sys.stderr.isatty()
        try:
            with terminate_as_exit(), writer_lock(on_wait=self.stderr.write):
                self.catch_up()
                try:
                    self.write(*args, **options)
                except CommandError:
                    self.check_indexed()  # the graver failure speaks first
                    raise
                self.check_indexed()
        except WriterBusy as error:
            raise CommandError(str(error), returncode=3) from None

    def write(self, *args, **options) -> None:
        raise NotImplementedError

    def progress(self, unit: str, total: int | None = None) -> Callable[[Iterable], Iterable]:
        return lambda items: tqdm(
            items, total=total, unit=unit, disable=not self.show_progress, file=sys.stderr
        )

    def report(self, report) -> None:
        """A line per failure and per warning, then the counts (those from the web only when
        there are some)."""
        for outcome in report.outcomes:
            if outcome.status == "failed":
                self.stderr.write(f"failed: {outcome.source}: {outcome.reason}")
            for note in outcome.notes:
                self.stderr.write(f"warning: {outcome.source}: {note}")
        counts = {s: len(report.with_status(s)) for s in ("added", "unchanged", "failed", "kept", "skipped")}
        line = f"added {counts['added']}, unchanged {counts['unchanged']}, failed {counts['failed']}"
        if counts["kept"]:
            line += f"; kept {counts['kept']} images and stylesheets for replay"
        if counts["skipped"]:
            line += f"; skipped {counts['skipped']} records that are not pages"
        self.stdout.write(line)

    def catch_up(self) -> None:
        """Index what an earlier run stored but did not index (killed, or the index failed)."""
        left = indexing.pending()
        if not left:
            return
        try:
            done = indexing.catch_up(progress=self.progress("doc", left))
        except Exception as error:  # the command's own work may still be stored; checked at the end
            why = f"{type(error).__name__}: {error}"
            self.stderr.write(f"error: could not index what an earlier run left ({why})")
            return
        self.stderr.write(f"caught up {done} index changes an earlier run left undone")

    def check_indexed(self) -> None:
        left = indexing.pending()
        if left:
            raise CommandError(
                f"{left} stored changes are not in the search index (see the error above); "
                "they are safe in the database: run `manage.py update_index` to catch up",
                returncode=2,
            )
