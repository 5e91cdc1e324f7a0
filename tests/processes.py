"""Archives run as real processes: `manage.py` in subprocesses on a data folder of their own,
with SQLite, or with a scratch PostgreSQL database when the suite runs on PostgreSQL."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
from django.db import connection
from whoosh import index as whoosh_index

from archive.bench.synthetic import Generator
from tests.conftest import ROOT


class ProcessArchive:
    def __init__(self, data_dir: Path, database_url: str | None):
        self.data_dir = data_dir
        self.database_url = database_url
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")},
            "ARCHIVE_DATA_DIR": str(data_dir),
            "SECRET_KEY": "process-tests",
            "PYTHONUNBUFFERED": "1",
        }
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def command(self, *args) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py"), *map(str, args)]

    def manage(self, *args, timeout: float = 300, **env) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(*args),
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args, **env) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args),
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str) -> list[tuple]:
        """Read the archive's database directly, as another program would."""
        if self.database_url:
            with psycopg.connect(self.database_url) as db:
                return db.execute(sql).fetchall()
        with sqlite3.connect(self.data_dir / "archive.sqlite3", timeout=30) as db:
            return db.execute(sql).fetchall()

    def articles(self) -> int:
        return self.query("SELECT COUNT(*) FROM archive_article")[0][0]

    def indexed_ids(self) -> list[int]:
        """The article id of every document in the search index (duplicates included)."""
        folder = self.data_dir / "whoosh"
        if not whoosh_index.exists_in(str(folder)):
            return []
        with whoosh_index.open_dir(str(folder)).searcher() as searcher:
            return sorted(int(fields["django_id"]) for fields in searcher.all_stored_fields())


def process_archive(tmp_path: Path):
    """A migrated archive with its gazetteer loaded; yields it, then drops its database."""
    database_url = None
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        name = f"archive_proc_{uuid.uuid4().hex[:12]}"
        server = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        database_url = f"{server}/{name}"
    archive = ProcessArchive(tmp_path / "data", database_url)
    try:
        for step in (("migrate", "-v0"), ("load_gazetteer",)):
            done = archive.manage(*step)
            assert done.returncode == 0, done.stderr
        yield archive
    finally:
        if database_url:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_pages(folder: Path, count: int, *, start: int = 0, seed: int = 7) -> Path:
    """`count` distinct synthetic pages (the bench's generator) as files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed=seed, vocabulary=3000)
    for number in range(start + count):
        page = generator.article(number)
        if number >= start:
            (folder / page.name).write_text(page.text, encoding="utf-8")
    return folder


def wait_for(condition, *, timeout: float = 120, every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition.__doc__ or condition}")
        time.sleep(every)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    process.send_signal(sig)
    process.communicate(timeout=60)
