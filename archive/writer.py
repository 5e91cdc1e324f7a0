"""One writer at a time: the archive's writer lock, held by every command that writes.

The lock is an `fcntl` lock on `<data dir>/writer.lock`, so the kernel releases it when its
holder dies, however it dies. A second writer waits for it, saying so, up to WRITER_WAIT
seconds, then fails with the holder's name. The lock is reentrant within a process.
"""

import fcntl
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

POLL = 0.25
_held = {"depth": 0, "fd": None}


class WriterBusy(Exception):
    """Another process held the writer lock for longer than we could wait."""


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "writer.lock"


@contextmanager
def writer_lock(
    *, wait: float | None = None, on_wait: Callable[[str], None] = lambda _: None
) -> Iterator[None]:
    """Hold the archive's writer lock for the block; `on_wait(message)` once if it is taken."""
    if _held["depth"]:
        _held["depth"] += 1
        try:
            yield
        finally:
            _held["depth"] -= 1
        return
    wait = settings.WRITER_WAIT if wait is None else wait
    path = lock_path()
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, wait, on_wait)
        os.ftruncate(fd, 0)
        os.pwrite(fd, _holder().encode(), 0)
        _held.update(depth=1, fd=fd)
        try:
            yield
        finally:
            _held.update(depth=0, fd=None)
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def held_fd() -> int | None:
    """The lock's descriptor while this process holds it (a forked child must close it)."""
    return _held["fd"]


def _acquire(fd: int, path: Path, wait: float, on_wait: Callable[[str], None]) -> None:
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = path.read_text(errors="replace").strip() or "another process"
            if time.monotonic() >= deadline:
                raise WriterBusy(
                    f"another writer holds the archive ({holder}); gave up after {wait:g} s "
                    f"(WRITER_WAIT). Try again when it has finished."
                ) from None
            if not told:
                on_wait(f"waiting for another writer to finish ({holder}), up to {wait:g} s…")
                told = True
            time.sleep(POLL)


def _holder() -> str:
    command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv[:3]))
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"pid {os.getpid()}: {command}, since {started}"


@contextmanager
def terminate_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit, so that cleanup runs (a writer child stopped, a half-written
    index folder removed) instead of the process vanishing mid-write."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():  # signals go to the main thread
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
