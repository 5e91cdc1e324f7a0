"""Nothing falls out: real `manage.py` processes killed with real signals, run side by side,
and afterwards the database, the search index and the inputs agree."""

import signal
import subprocess
import sys

import pytest

from tests.processes import alive, children, kill, process_archive, wait_for, write_pages

PAGES = 240


@pytest.fixture
def archive(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        yield from process_archive(tmp_path)


def database_ids(archive) -> list[int]:
    return sorted(pk for (pk,) in archive.query("SELECT id FROM archive_article"))


def assert_all_indexed(archive, expected: int) -> None:
    assert archive.articles() == expected
    assert archive.query("SELECT COUNT(DISTINCT sha256) FROM archive_capture")[0][0] == expected
    assert archive.indexed_ids() == database_ids(archive)  # each once: no duplicates
    verified = archive.manage("verify")
    assert verified.returncode == 0, verified.stderr
    assert f"{expected} articles" in verified.stdout and "0 problems" in verified.stdout


def test_an_ingest_killed_at_any_moment_loses_nothing(archive, tmp_path):
    pages = write_pages(tmp_path / "pages", PAGES)
    for stored in (20, 100):  # killed while storing pages (the second run first catches up)
        run = archive.start("ingest", pages, "--no-progress")
        wait_for(lambda stored=stored: archive.articles() >= stored)
        kill(run)
        assert len(archive.indexed_ids()) < archive.articles()
    run = archive.start("ingest", pages, "--no-progress")
    wait_for(lambda: archive.articles() == PAGES)  # all stored: now it indexes
    kill(run)
    assert len(archive.indexed_ids()) < PAGES, "the kill came after indexing ended"
    done = archive.manage("ingest", pages, "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "caught up" in done.stderr
    assert f"added 0, unchanged {PAGES}, failed 0" in done.stdout
    assert_all_indexed(archive, PAGES)


def test_two_ingests_at_once_both_finish(archive, tmp_path):
    first = write_pages(tmp_path / "first", 120)
    second = write_pages(tmp_path / "second", 80, start=120)
    runs = [archive.start("ingest", folder, "--no-progress") for folder in (first, second)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert any("waiting for another writer" in err for _, err in outputs)
    assert_all_indexed(archive, 200)


def test_a_second_writer_gives_up_loudly(archive, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(archive.data_dir / "writer.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        done = archive.manage("ingest", write_pages(tmp_path / "pages", 3), "--no-progress", WRITER_WAIT="1")
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 3
    assert "waiting for another writer to finish (pid" in done.stderr
    assert "another writer holds the archive" in done.stderr and "gave up after 1 s" in done.stderr
    assert archive.articles() == 0


HOLD_LOCK = """
import fcntl, sys, time
lock = open(sys.argv[1], "w")
fcntl.flock(lock, fcntl.LOCK_EX)
lock.write("pid 1: a test holding the lock"); lock.flush()
print("holding", flush=True)
time.sleep(600)
"""


def start_rebuild(archive):
    """A rebuild_index process, once its writer child runs."""
    rebuild = archive.start("rebuild_index", "--no-progress")
    wait_for(lambda: rebuild.poll() is not None or children(rebuild.pid))
    assert rebuild.poll() is None, "the rebuild ended before it could be watched"
    return rebuild


def test_an_ingest_during_a_rebuild_is_in_the_swapped_index(archive, tmp_path):
    assert archive.manage("ingest", write_pages(tmp_path / "old", 400), "--no-progress").returncode == 0
    rebuild = start_rebuild(archive)
    ingest = archive.start("ingest", write_pages(tmp_path / "new", 60, start=400), "--no-progress")
    rebuilt, ingested = rebuild.communicate(timeout=300), ingest.communicate(timeout=300)
    assert (rebuild.returncode, ingest.returncode) == (0, 0), (rebuilt, ingested)
    assert "waiting for another writer" in ingested[1]
    assert_all_indexed(archive, 460)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_rebuild_leaves_no_process_and_no_half_index(archive, tmp_path, sig):
    assert archive.manage("ingest", write_pages(tmp_path / "pages", 400), "--no-progress").returncode == 0
    folders = sorted(archive.data_dir.glob("whoosh.*"))
    rebuild = start_rebuild(archive)
    writers = children(rebuild.pid)
    kill(rebuild, sig)
    assert rebuild.returncode != 0
    wait_for(lambda: not any(alive(pid) for pid in writers), timeout=10)
    if sig == signal.SIGTERM:  # it cleaned up after itself
        assert sorted(archive.data_dir.glob("whoosh.*")) == folders
    done = archive.manage("update_index")  # the next writer removes what a SIGKILL left
    assert done.returncode == 0, done.stderr
    assert sorted(archive.data_dir.glob("whoosh.*")) == folders
    assert_all_indexed(archive, 400)
