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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Every folder made here starts with this; nothing else is ever swept.
PREFIX = "garanti-arbete-"


@contextmanager
def work_folder(kind: str) -> Iterator[Path]:
    """A fresh, locked temporary folder named garanti-arbete-<kind>-…, removed on exit."""
    base = Path(tempfile.gettempdir())
    sweep(base)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-", dir=base))
    lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder
    finally:
        remove_tree(folder)
        os.close(lock)


def sweep(base: Path) -> None:
    """Remove the work folders in `base` whose process is gone (their lock is free)."""
    for folder in base.glob(f"{PREFIX}*"):
        if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.geteuid():
            continue
        if _owner_is_gone(folder):
            remove_tree(folder)


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
