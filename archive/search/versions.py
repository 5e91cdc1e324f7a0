"""The index on disk as versioned folders behind a link (`whoosh` → `whoosh.<n>`): a rebuild is
written into a new folder and the link switched to it in one rename, so a search at any moment
finds an index. Plain files: part of the Whoosh boundary only because an engine with a server
keeps its index elsewhere (see backend.py)."""

import os
import shutil
import time
from pathlib import Path


def new_version(live: Path) -> Path:
    """A new empty folder for the index at `live`, numbered after every earlier one."""
    folder = live.with_name(f"{live.name}.{time.time_ns()}")
    folder.mkdir(parents=True)
    return folder


def point_to(live: Path, folder: Path) -> None:
    """Make `live` a link to `folder`, in one rename."""
    link = live.with_name(f"{live.name}.link")
    link.unlink(missing_ok=True)
    link.symlink_to(folder.name)
    os.replace(link, live)


def swap_in(live: Path, folder: Path) -> None:
    """Make `folder` the live index; the previous version is kept until the next swap, for
    searchers still reading it."""
    if live.exists() and not live.is_symlink():  # an index from before versioned folders
        live.rename(live.with_name(f"{live.name}.0"))
    point_to(live, folder)
    remove_stale_versions(live)


def remove_live(live: Path) -> None:
    """Remove the live index: the link and the folder behind it."""
    if live.is_symlink():
        target = live.resolve()
        live.unlink()
        shutil.rmtree(target, ignore_errors=True)
    elif live.exists():
        shutil.rmtree(live)


def remove_stale_versions(live: Path) -> list[Path]:
    """Remove the index folders no searcher needs: all but the live one and the one before it
    (searchers may still read it). A folder newer than the live one is a rebuild that never
    finished (killed): half written, it goes too."""
    if not live.exists():  # mid-swap from an index of before versioned folders: leave it
        return []
    folders = sorted(
        (f for f in live.parent.glob(f"{live.name}.*") if f.is_dir() and f.suffix[1:].isdigit()),
        key=lambda f: int(f.suffix[1:]),
    )
    keep = set()
    if live.is_symlink():
        current = live.resolve()
        keep = {current, *[f for f in folders if int(f.suffix[1:]) < int(current.suffix[1:])][-1:]}
    stale = [f for f in folders if f not in keep]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale
