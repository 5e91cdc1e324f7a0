"""Load agencies, platforms and categories from archive/data/*.toml into the database."""

from archive.gazetteer import load_gazetteer
from archive.management.base import WriterCommand
from archive.search import indexing


class Command(WriterCommand):
    help = (
        "Create or update the gazetteer from the data files, keeping a curator's changes (safe to "
        "repeat). Entries gone from the files are kept unless --prune is given."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Remove entries the data files no longer hold; the articles naming them are reindexed.",
        )

    def write(self, *args, prune, **options):
        report = load_gazetteer(prune=prune)
        self.stdout.write(
            ", ".join(f"{count} {table}" for table, count in report.in_files.items())
            + f" in the data files: {report.created} created, {report.updated} updated"
        )
        for table, slugs in report.removed.items():
            self.stdout.write(f"removed {len(slugs)} {table}: {', '.join(slugs)}")
        if report.removed:
            self.stdout.write(f"{report.articles_touched} articles named them: reindexing")
            self.stdout.write(f"reindexed {indexing.catch_up(progress=self.progress('doc'))} articles")
        for table, slugs in report.gone.items():
            if table not in report.removed:
                self.stderr.write(
                    f"kept {len(slugs)} {table} the data files no longer hold ({', '.join(slugs)}); "
                    "--prune removes them"
                )
