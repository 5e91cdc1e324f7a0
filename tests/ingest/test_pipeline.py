"""The pipeline's upkeep of the database: statistics that keep lookups by URL on their index."""

import pytest
from django.db import connection

from archive.ingest.pipeline import refresh_statistics
from archive.models import Article, Capture


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")
@pytest.mark.django_db
def test_a_lookup_by_url_uses_its_index_in_an_archive_of_files():
    files = Capture.objects.bulk_create(
        Capture(sha256=f"{n:064x}", content=b"", source=f"{n}.txt", media_type="text/plain")
        for n in range(300)
    )  # no URL ('') for any
    Article.objects.bulk_create(Article(capture=capture, title="A page", body="Text.") for capture in files)
    refresh_statistics()
    lookup = Article.objects.filter(capture__url="https://news.example/a.html").values_list("pk")
    sql, params = lookup.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "(url=?)" in plan and "SCAN" not in plan, plan  # not every article, in date order
