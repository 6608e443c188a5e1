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
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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
    """Remove the work folders in `base` whose process is gone (their lock is free).

    Several runs may sweep the same folder at once: each folder is removed by the one run
    that holds its lock, and a folder another run removed first counts as removed."""
    for folder in base.glob(f"{PREFIX}*"):
        _leave_if_stuck(_remove_if_abandoned, folder)
    day_ago = time.time() - LEGACY_AGE_SECONDS
    for prefix in (*LEGACY_PREFIXES, NEW_PREFIX):  # NEW_PREFIX: a run killed before its lock
        for folder in base.glob(f"{prefix}*"):
            if _ours(folder) and _modified_before(folder, day_ago):
                _leave_if_stuck(remove_tree, folder)


def _leave_if_stuck(remove, folder: Path) -> None:
    """A dead run's folder that cannot be removed is left for a later sweep: it is not this run's
    work, so it must not stop it."""
    with suppress(OSError):
        remove(folder)


def _ours(folder: Path) -> bool:
    try:
        found = os.lstat(folder)
    except OSError:
        return False  # gone already: another run removed it
    return stat.S_ISDIR(found.st_mode) and found.st_uid == os.geteuid()


def _modified_before(folder: Path, moment: float) -> bool:
    try:
        return os.lstat(folder).st_mtime < moment
    except OSError:
        return False


def _remove_if_abandoned(folder: Path) -> None:
    """Remove the folder if its owner is gone, holding its lock while removing it, so that
    another run's sweep passes it by (taking the lock fails for as long as this one holds it)."""
    if not _ours(folder):
        return
    try:
        lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # a live process holds it, or another sweep is removing it
        remove_tree(folder)
    finally:
        os.close(lock)  # also releases the lock just taken


def remove_tree(folder: Path) -> None:
    """Remove a folder this product made, also where a read-only mode inside it would stop rmtree.

    Only modes inside the folder (the folder itself included) are changed, never its parent's:
    the parent is the machine's, e.g. /tmp. A folder, or a part of it, that is already gone
    (another run removed it) counts as removed."""
    try:
        if folder.is_symlink():
            folder.unlink(missing_ok=True)
            return
        shutil.rmtree(folder, onerror=_gone_is_removed)
    except FileNotFoundError:
        return
    except PermissionError:
        _allow_removal(folder)
        shutil.rmtree(folder, onerror=_gone_is_removed)


def _gone_is_removed(_function, _path, error_info) -> None:
    error = error_info[1]
    if not isinstance(error, FileNotFoundError):
        raise error


def _allow_removal(folder: Path) -> None:
    """Give every folder inside `folder` (and `folder`) the owner's full rights, so that what is in
    them can be removed; links are never followed."""
    waiting = [os.fspath(folder)]
    while waiting:
        path = waiting.pop()
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                continue
            os.chmod(path, 0o700)
            with os.scandir(path) as entries:
                waiting += [entry.path for entry in entries if entry.is_dir(follow_symlinks=False)]
        except OSError:
            continue  # gone, or not ours: rmtree says so if it matters
