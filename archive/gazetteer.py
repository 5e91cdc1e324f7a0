"""Load the gazetteer (archive/data/*.toml) into the Agency, Platform and Category tables."""

from django.db import transaction

from archive import data
from archive.extract.entities import entities
from archive.models import Agency, Category, Platform

ENTITY_FIELDS = ("name", "acronyms", "names_zh", "aliases", "former", "kind", "note")


@transaction.atomic
def sync_gazetteer() -> dict[str, int]:
    """Create or update every entry; returns how many rows of each table the files hold."""
    counts = {}
    for model, kind in ((Agency, "agency"), (Platform, "platform")):
        rows = entities(kind)
        by_slug = {}
        for row in rows:
            defaults = {
                field: row.get(field, "" if field in ("kind", "note") else []) for field in ENTITY_FIELDS
            }
            by_slug[row["slug"]], _ = model.objects.update_or_create(slug=row["slug"], defaults=defaults)
        for row in rows:
            parent = by_slug.get(row.get("parent") or "")
            if by_slug[row["slug"]].parent_id != (parent.pk if parent else None):
                model.objects.filter(pk=by_slug[row["slug"]].pk).update(parent=parent)
        model.objects.exclude(slug__in=by_slug).delete()  # the data files are the truth
        counts[model._meta.verbose_name_plural] = len(rows)
    categories = data.load("categories")["category"]
    for row in categories:
        Category.objects.update_or_create(
            slug=row["slug"],
            defaults={
                key: row.get(key, [] if key.startswith("keywords") else "")
                for key in ("name", "keywords", "keywords_zh", "note")
            },
        )
    Category.objects.exclude(slug__in=[row["slug"] for row in categories]).delete()
    counts["categories"] = len(categories)
    return counts
