"""The database leads, the index follows: whatever is stored and not indexed (a crash, a failed
index write, an edit in the admin, a deletion) is indexed by the next writing command."""

import pytest
from django.core.management import CommandError, call_command
from haystack import connections

from archive.ingest.pipeline import ingest_document
from archive.ingest.read import read_file
from archive.models import Article, IndexRemoval
from archive.search import indexing
from archive.search.query import SearchParams, search
from tests.conftest import FIXTURES, SAMPLES


def ingest_command(*paths) -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *map(str, paths), "--no-progress", stdout=out, stderr=err)
        code = 0
    except CommandError as error:  # what manage.py prints last
        code = error.returncode
        err.write(f"CommandError: {error}\n")
    return code, out.getvalue(), err.getvalue()


def indexed() -> dict[int, list[int]]:
    return indexing.indexed_versions()


def test_what_a_crash_left_unindexed_goes_in_with_the_next_ingest(gazetteer):
    for name in ("2021-didi-app-removal.html", "2017-pboc-ico-ban.txt"):
        ingest_document(read_file(SAMPLES / name))  # stored, then "killed" before indexing
    assert indexing.pending() == 2 and indexed() == {}
    code, out, err = ingest_command(FIXTURES / "page.html")
    assert code == 0 and out == "added 1, unchanged 0, failed 0\n"
    assert "caught up 2 index changes an earlier run left undone" in err
    assert indexing.pending() == 0
    assert indexed() == {a.pk: [a.version] for a in Article.objects.all()}
    assert search(SearchParams(q="Didi")).total >= 1


def test_a_failed_index_write_exits_non_zero_and_the_next_run_catches_up(gazetteer, monkeypatch):
    backend = connections["default"].get_backend()
    update = backend.update

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backend, "update", broken)
    code, out, err = ingest_command(FIXTURES / "page.html")
    assert code == 2
    assert out == "added 1, unchanged 0, failed 0\n"
    assert "the search index could not be written: OSError: disk full" in err
    assert Article.objects.count() == 1 and indexed() == {}
    monkeypatch.setattr(backend, "update", update)
    code, _, err = ingest_command(FIXTURES / "page.html")
    assert code == 0 and "caught up 1 index changes" in err
    assert list(indexed()) == [Article.objects.get().pk]


def test_an_edit_and_a_deletion_in_the_database_reach_the_index(ingest):
    ingest(SAMPLES)
    article, doomed = Article.objects.order_by("pk")[:2]
    article.title = "Edited by a curator"
    article.save()  # as the admin does
    doomed_pk = doomed.pk
    doomed.delete()
    assert IndexRemoval.objects.filter(article_id=doomed_pk).exists()
    assert indexing.pending() == 2
    call_command("update_index", "--no-progress")
    versions = indexed()
    assert versions[article.pk] == [article.version] and doomed_pk not in versions
    assert not IndexRemoval.objects.exists()
    assert search(SearchParams(q="curator", words=True)).total == 1


def test_update_index_all_writes_every_article_again(ingest):
    ingest(SAMPLES)
    before = {a.pk: a.version for a in Article.objects.all()}
    call_command("update_index", "--all", "--no-progress")
    assert indexed() == {pk: [version + 1] for pk, version in before.items()}


def test_a_rebuild_records_what_it_indexed(ingest):
    ingest(SAMPLES)
    Article.objects.touch()
    assert indexing.pending() == Article.objects.count()
    indexing.rebuild()
    assert indexing.pending() == 0
    assert indexed() == {a.pk: [a.version] for a in Article.objects.all()}


@pytest.mark.usefixtures("no_gazetteer")
def test_ingest_asks_for_the_gazetteer_first():
    code, _, err = ingest_command(FIXTURES / "page.html")
    assert code == 1 and "run `manage.py load_gazetteer` first" in err
    assert not Article.objects.exists()


def test_a_migration_that_changes_how_words_are_read_has_every_article_indexed_again(ingest):
    import importlib

    from django.apps import apps

    assert ingest(SAMPLES).ok and indexing.pending() == 0
    migration = importlib.import_module("archive.migrations.0013_reindex_split_words")
    migration.reindex_all(apps, None)
    assert indexing.pending() == Article.objects.count()
    code, _, err = ingest_command(FIXTURES / "page.html")  # any writing command catches up
    assert code == 0 and f"caught up {Article.objects.count() - 1} index changes" in err
    assert indexing.pending() == 0
