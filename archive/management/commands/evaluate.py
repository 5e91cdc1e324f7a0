"""Score extraction against a gold file: `manage.py evaluate GOLD.json [--pages DIR]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.evaluate import evaluate


class Command(BaseCommand):
    help = "Precision, recall and F1 for agencies, platforms and figure values; exact-match rates."

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, help="A gold file in the format of seeds-gold.json.")
        parser.add_argument(
            "--pages",
            type=Path,
            help="Folder holding the labelled pages (searched recursively). "
            "Default: the gold file's folder, or its 'seeds' or 'pages' subfolder.",
        )

    def handle(self, *args, gold, pages, **options):
        try:
            labels = json.loads(gold.read_text(encoding="utf-8"))["seeds"]
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read gold file {gold}: {error}") from error
        pages = pages or next(
            (d for d in (gold.parent / "seeds", gold.parent / "pages") if d.is_dir()), gold.parent
        )
        result = evaluate(labels, pages)
        for line in result.disagreements:
            self.stdout.write(line)
        self.stdout.write(f"\n{result.pages} pages")
        self.stdout.write(f"{'':10} {'precision':>9} {'recall':>7} {'F1':>5}")
        for name, s in [*result.sets.items(), *result.named.items(), ("stories", result.stories)]:
            self.stdout.write(f"{name:10} {s.precision:9.2f} {s.recall:7.2f} {s.f1:5.2f}")
        s = result.with_candidates
        self.stdout.write(
            f"platforms with unconfirmed candidates: P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f}"
        )
        for name in ("title", "date", "outlet"):
            self.stdout.write(f"{name} exact: {result.exact[name]}/{result.pages}")
        self.stdout.write(f"invented dates: {result.invented_dates}")
        agency = result.acting_agency
        self.stdout.write(f"acting agency of found figures: {agency['right']}/{agency['labelled']}")
        self.stdout.write(
            f"conversions of found figures: {result.converted['right']}/{result.converted['labelled']}"
        )
        self.stdout.write(f"platforms' own actions: {result.actor['right']}/{result.actor['labelled']}")
        if result.errors:
            self.stdout.write("\nerrors by kind")
        for kind, causes in result.errors.items():
            for cause, where in causes.items():
                self.stdout.write(f"{kind}: {cause} ({len(where)}): {', '.join(where)}")
