"""The pipeline's upkeep of the database: pages stored in batches, each rolled back alone when it
fails, and statistics that keep lookups by URL on their index."""

import pytest
from django.db import connection

from archive.ingest import pipeline
from archive.ingest.pipeline import refresh_statistics
from archive.models import Article, Capture


def test_a_page_that_fails_in_a_batch_is_rolled_back_alone(ingest, monkeypatch, tmp_path):
    """Three pages in one transaction; the second fails in the database after its capture was
    written: that capture goes, the pages before and after it stay."""
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Page {name}\n\nThe regulator closed {name} websites today.\n")
    store_page = pipeline.store_page

    def failing_for_b(document, *args, **kwargs):
        article = store_page(document, *args, **kwargs)
        if document.source.endswith("b.txt"):
            with connection.cursor() as cursor:  # a real error from the database: NOT NULL
                cursor.execute("INSERT INTO archive_capture (sha256) VALUES (NULL)")
        return article

    monkeypatch.setattr(pipeline, "store_page", failing_for_b)
    monkeypatch.setattr(pipeline, "BATCH_SECONDS", 3600)
    report = ingest(tmp_path)
    assert [(o.source.rsplit("/", 1)[1], o.status) for o in report.outcomes] == [
        ("a.txt", "added"),
        ("b.txt", "failed"),
        ("c.txt", "added"),
    ]
    assert "database error" in report.outcomes[1].reason
    assert sorted(Capture.objects.values_list("source", flat=True)) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "c.txt"),
    ]
    assert Article.objects.count() == 2 and not report.index_error


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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")
@pytest.mark.django_db
def test_the_article_list_walks_the_date_index():
    """Every current article has the same superseded_by (NULL): looked up by it, the planner
    fetched them all and sorted them (240 ms a page at 100k articles)."""
    files = Capture.objects.bulk_create(
        Capture(sha256=f"{n:064x}", content=b"", source=f"{n}.txt", media_type="text/plain")
        for n in range(300)
    )
    Article.objects.bulk_create(Article(capture=capture, title="A page", body="Text.") for capture in files)
    refresh_statistics()
    with connection.cursor() as cursor:  # what ANALYZE's samples said at 100k articles
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'archive_article'")
        cursor.execute(
            "INSERT INTO sqlite_stat1 SELECT 'archive_article', i.name,"
            " CASE c.name WHEN 'published_on' THEN '73080 19' ELSE '111824 1001' END"
            " FROM pragma_index_list('archive_article') AS i, pragma_index_info(i.name) AS c"
            " WHERE c.name IN ('superseded_by_id', 'published_on')"
        )
        cursor.execute("ANALYZE sqlite_schema")
    sql, params = Article.objects.current().newest_first()[25:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "published_on" in plan and "TEMP B-TREE" not in plan, plan
