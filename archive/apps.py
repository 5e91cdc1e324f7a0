from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveConfig(AppConfig):
    name = "archive"

    def ready(self):
        post_migrate.connect(_refresh_statistics, sender=self)


def _refresh_statistics(**kwargs):
    """An index a migration adds gets the planner's statistics now, not at the next ingest:
    without them SQLite counted the conflicting figures through another index (1 s at 100k)."""
    from archive.ingest.pipeline import refresh_statistics

    refresh_statistics()
