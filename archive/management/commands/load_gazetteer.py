"""Load agencies, platforms and categories from archive/data/*.toml into the database."""

from django.core.management.base import BaseCommand

from archive.gazetteer import sync_gazetteer


class Command(BaseCommand):
    help = "Create or update the gazetteer tables from the data files (safe to repeat)."

    def handle(self, *args, **options):
        counts = sync_gazetteer()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
