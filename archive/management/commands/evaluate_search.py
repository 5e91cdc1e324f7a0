"""Score search against judged queries: `manage.py evaluate_search QUERIES.json`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.evaluate_search import TOP, MissingPages, evaluate_search


class Command(BaseCommand):
    help = (
        "Recall and precision@10 of every judged query, on the pages the archive holds "
        "(ingest the judged pages into a fresh data folder first)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "queries", type=Path, help="A queries.json: [{query, kind, relevant: [file names]}]."
        )

    def handle(self, *args, queries, **options):
        try:
            judged = json.loads(queries.read_text(encoding="utf-8"))
            if not all(
                isinstance(q.get("query"), str) and isinstance(q.get("relevant"), list) for q in judged
            ):
                raise ValueError("every entry needs a 'query' and a 'relevant' list")
        except (OSError, ValueError, AttributeError, TypeError) as error:
            raise CommandError(f"cannot read queries file {queries}: {error}") from error
        try:
            result = evaluate_search(judged)
        except MissingPages as error:
            raise CommandError(f"{error}: run `manage.py ingest` on the judged pages first") from error
        for q in result.queries:
            line = f"{q.kind:9} {q.query[:40]:40} recall {q.recall:4.2f}  P@{TOP} {q.precision_at_top:4.2f}"
            self.stdout.write(line)
            if q.missed:
                self.stdout.write(f"{'':10}missed: {', '.join(q.missed)}")
            if q.stray:
                self.stdout.write(f"{'':10}not relevant in the first {TOP}: {', '.join(q.stray)}")
        self.stdout.write(f"\n{len(result.queries)} queries")
        for kind in [*result.kinds, None]:
            recall, precision = result.mean("recall", kind), result.mean("precision_at_top", kind)
            self.stdout.write(f"{kind or 'all':9} mean recall {recall:4.2f}  mean P@{TOP} {precision:4.2f}")
