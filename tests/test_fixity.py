"""`manage.py verify` finds altered captures and a stale or missing index; `manage.py backup`
makes a copy that, restored into a fresh data folder, passes verify."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from haystack import connections

from archive.models import Article, Capture
from tests.conftest import SAMPLES
from tests.processes import ProcessArchive


def verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify", stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def samples(ingest):
    return ingest(SAMPLES)


def test_a_sound_archive_passes(samples):
    code, out, err = verify()
    assert (code, err) == (0, "")
    assert f"checked {len(samples.outcomes)} captures and {len(samples.outcomes)} articles" in out
    assert out.rstrip().endswith(": 0 problems")


def test_altered_bytes_in_the_database_are_found(samples):
    capture = Capture.objects.order_by("pk").first()
    Capture.objects.filter(pk=capture.pk).update(content=bytes(capture.content) + b" ")
    code, out, err = verify()
    assert code == 1
    assert f"capture {capture.pk} (" in err and f"recorded {capture.sha256}" in err
    assert "1 problems" in out


def test_a_missing_or_stale_index_document_is_found(samples):
    gone, stale = Article.objects.order_by("pk")[:2]
    backend = connections["default"].get_backend()
    writer = backend.index.refresh().writer()
    writer.delete_by_term("id", f"archive.article.{gone.pk}")
    writer.commit()
    stale.save()  # a new version the index has not caught up with
    code, _, err = verify()
    assert code == 1
    assert f"article {gone.pk}: not in the search index" in err
    assert (
        f"article {stale.pk}: the index holds version {stale.version - 1}, the database {stale.version}"
        in err
    )


def test_a_restored_backup_passes_verify_and_altered_bytes_on_disk_fail_it(tmp_path):
    """Real processes on SQLite (the backup's own path; PostgreSQL backs up with pg_dump)."""
    archive = ProcessArchive(tmp_path / "live", database_url=None)
    for step in (("migrate", "-v0"), ("load_gazetteer",), ("ingest", SAMPLES, "--no-progress")):
        assert archive.manage(*step).returncode == 0
    backup = archive.manage("backup", tmp_path / "backup")
    assert backup.returncode == 0, backup.stderr
    assert "backed up 18 captures and 18 articles" in backup.stdout
    assert archive.manage("backup", tmp_path / "backup").returncode == 1  # never over a backup

    restored = ProcessArchive(tmp_path / "restored", database_url=None)
    restored.data_dir.mkdir()
    for item in (tmp_path / "backup").iterdir():
        item.rename(restored.data_dir / item.name)
    checked = restored.manage("verify")
    assert checked.returncode == 0, checked.stderr
    assert "checked 18 captures and 18 articles" in checked.stdout

    database = restored.data_dir / "archive.sqlite3"
    raw = database.read_bytes()
    at = raw.index(b"</title>")  # markup: only the captured bytes hold it
    database.write_bytes(raw[:at] + b"</titlf>" + raw[at + 8 :])  # one byte changed, on disk
    altered = restored.manage("verify")
    assert altered.returncode == 1
    assert "hash to" in altered.stderr and "1 problems" in altered.stdout
