"""The index reads words differently from here on (hyphens and dots part words, a possessive's
"s" is dropped: archive/text.py WORD): every article is marked as not yet in the index at its
current version, so the next writing command (or `manage.py update_index`; `rebuild_index` is
faster on a large archive) indexes it again, and `manage.py verify` reports it until then."""

from django.db import migrations


def reindex_all(apps, schema_editor):
    apps.get_model("archive", "Article").objects.update(indexed_version=0)


class Migration(migrations.Migration):
    dependencies = [("archive", "0012_query_indexes")]

    operations = [migrations.RunPython(reindex_all, migrations.RunPython.noop, elidable=True)]
