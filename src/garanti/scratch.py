"""Temporary work folders that a killed process does not leave behind for good.

Each folder is held with an exclusive `flock` for as long as its process
lives; the kernel drops the lock when the process dies, however it dies
(SIGKILL included). Making a new folder first sweeps the folders of the same
kind whose lock can be taken: their owner is gone. So a killed run's
leftovers disappear at the next run, and a live run's folder is never touched.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Every folder made here starts with this.
PREFIX = "garanti-arbete-"
# A folder being made, before its lock is taken.
NEW_PREFIX = "garanti-ny-"
# Folders of versions before these locks: no lock tells whether their run lives, so
# they are swept only once a day old (no publish or check runs that long).
LEGACY_PREFIXES = ("garanti-publish-", "garanti-check-")
LEGACY_AGE_SECONDS = 24 * 3600


@contextmanager
def work_folder(kind: str) -> Iterator[Path]:
    """A fresh, locked temporary folder named garanti-arbete-<kind>-…, removed on exit."""
    base = Path(tempfile.gettempdir())
    sweep(base)
    # Made and locked under a name no sweep looks at, then renamed (the lock stays with the
    # folder): under its own name it is never unlocked, so another run's sweep cannot take it.
    unlocked = Path(tempfile.mkdtemp(prefix=f"{NEW_PREFIX}{kind}-", dir=base))
    lock = os.open(unlocked, os.O_RDONLY | os.O_DIRECTORY)
    folder = unlocked
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder = base / (PREFIX + unlocked.name.removeprefix(NEW_PREFIX))
        os.rename(unlocked, folder)
        yield folder
    finally:
        remove_tree(folder)
        os.close(lock)


def sweep(base: Path) -> None:
    """Remove the work folders in `base` whose process is gone (their lock is free)."""
    for folder in base.glob(f"{PREFIX}*"):
        if _ours(folder) and _owner_is_gone(folder):
            remove_tree(folder)
    day_ago = time.time() - LEGACY_AGE_SECONDS
    for prefix in (*LEGACY_PREFIXES, NEW_PREFIX):  # NEW_PREFIX: a run killed before its lock
        for folder in base.glob(f"{prefix}*"):
            if _ours(folder) and folder.stat().st_mtime < day_ago:
                remove_tree(folder)


def _ours(folder: Path) -> bool:
    return not folder.is_symlink() and folder.is_dir() and folder.stat().st_uid == os.geteuid()


def _owner_is_gone(folder: Path) -> bool:
    try:
        lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live process holds it
    finally:
        os.close(lock)  # also releases the lock just taken
    return True


def remove_tree(folder: Path) -> None:
    """Remove a folder we made, even where a read-only mode would stop rmtree."""

    def allow_and_retry(function, path, _error):
        try:
            os.chmod(os.path.dirname(path), 0o700)
            if not os.path.islink(path) and os.path.isdir(path):
                os.chmod(path, 0o700)
            function(path)
        except OSError:
            pass

    if folder.is_symlink() or not folder.exists():
        folder.unlink(missing_ok=True)
        return
    shutil.rmtree(folder, onerror=allow_and_retry)
