"""The published folder: replaced in one step, never missing, readable by a web server.

OUT is a symbolic link to a version folder beside it,
`.<OUT's name>.versioner/<version>/`. A publish builds into a new version
folder, then renames a new link over OUT. rename(2) replaces OUT atomically,
so whoever reads OUT at any instant finds the old site or the new one, never
nothing. The version it replaced is kept, one generation, named by a second link
`.<OUT's name>.foregaende` beside OUT: `roll_back` rewrites the two links, OUT
first, so the kept site is live again and the replaced one kept in its turn. The
next publish keeps the version it replaces and removes the one kept before.

One publish or roll-back at a time per OUT: the versions folder is held with
`flock` while one runs, so the next one waits. Under that lock everything in the
versions folder except the current and the kept version is debris of a killed
run, and is removed first.

A plain folder at OUT (the layout before version folders) is swapped for the
link in one step too, with renameat2(RENAME_EXCHANGE) where the system has it.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import Refusal
from .scratch import remove_tree

DIRECTORY_MODE = 0o755
FILE_MODE = 0o644


def versions_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.versioner"


def kept_link(out: Path) -> Path:
    """The link to the version the last publish replaced (the one `roll_back` brings back)."""
    return out.parent / f".{out.name}.foregaende"


def _link_prefix(out: Path) -> str:
    return f".{out.name}.ny-lank-"


def _parked_prefix(out: Path) -> str:
    return f".{out.name}.gammal-"


@contextmanager
def new_version(out: Path) -> Iterator[Path]:
    """Yield an empty folder to build the site in; when the block ends normally, it becomes OUT.

    On an exception the new folder is removed and OUT stays as it was.
    """
    versions = versions_folder(out)
    if not versions.is_dir():
        _writable(out.parent, lambda: _make_folder(versions))
    with _locked(versions):
        _remove_debris(out)
        name = dt.datetime.now().strftime(VERSION_TIME) + "-" + secrets.token_hex(4)
        folder = versions / name
        _writable(versions, lambda: _make_folder(folder))
        try:
            yield folder
            make_readable(folder)
            _swap(out, folder)
        except BaseException:
            remove_tree(folder)
            raise
        _remove_debris(out)


# A version folder's name begins with when its publish began, in local time.
VERSION_TIME = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class RolledBack:
    """After a roll-back: the version folder now live and the one kept in its place."""

    live: str
    kept: str


def roll_back(out: Path) -> RolledBack:
    """Make the kept version live again, and keep the one it replaces: each link rewritten in one
    rename, OUT first, so OUT always holds a whole site. Refusal if there is nothing kept."""
    out = out.absolute()
    versions, kept = versions_folder(out), kept_link(out)
    if not out.is_symlink() or not versions.is_dir():
        raise Refusal(
            f"{out} är ingen webbplats som garanti publish har lagt ut (ingen länk till mappen {versions.name}), "
            "så det finns ingen tidigare webbplats att gå tillbaka till. Ange samma --out som vid publiceringen."
        )
    with _locked(versions):
        _remove_debris(out)
        live, previous = _version_of(out), _version_of(kept)
        if previous is None or previous == live or not (versions / previous).is_dir():
            raise Refusal(
                f"Det finns ingen sparad tidigare webbplats för {out}: en tidigare version sparas först när en "
                "publicering har ersatt en annan. Webbplatsen är orörd."
            )
        _point(out, out, previous)
        _point(out, kept, live)
    return RolledBack(live=previous, kept=live)


def published_at(version: str) -> dt.datetime | None:
    """When the publish that made `version` began (None for a name not of this form)."""
    try:
        return dt.datetime.strptime(version[: len("YYYYmmdd-HHMMSS")], VERSION_TIME)
    except ValueError:
        return None


def _version_of(link: Path) -> str | None:
    """The version folder a link in the site's folder names (None: no such link)."""
    return os.readlink(link).rsplit("/", 1)[-1] if link.is_symlink() else None


def _point(out: Path, link: Path, version: str) -> None:
    """`link` (OUT or the kept link) made, or replaced in one rename, to name `version`."""
    new = out.parent / f"{_link_prefix(out)}{secrets.token_hex(4)}"
    _writable(out.parent, lambda: os.symlink(f"{versions_folder(out).name}/{version}", new))
    try:
        _writable(link.parent, lambda: os.replace(new, link))
    finally:
        if new.is_symlink():
            new.unlink()


@contextmanager
def _locked(versions: Path) -> Iterator[None]:
    lock = os.open(versions, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)


def _make_folder(folder: Path) -> None:
    folder.mkdir(parents=True)
    os.chmod(folder, DIRECTORY_MODE)  # mkdir's mode is cut by the umask


def make_readable(folder: Path) -> None:
    """The usual modes (folders 0755, files 0644) whatever the umask: a web server may run as another user."""
    os.chmod(folder, DIRECTORY_MODE)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), DIRECTORY_MODE)
        for name in files:
            os.chmod(os.path.join(parent, name), FILE_MODE)


def _swap(out: Path, folder: Path) -> None:
    if out.is_symlink():
        _point(out, kept_link(out), _version_of(out))  # kept until the next publish replaces it
        _point(out, out, folder.name)
        return
    link = out.parent / f"{_link_prefix(out)}{secrets.token_hex(4)}"
    target = f"{versions_folder(out).name}/{folder.name}"
    _writable(out.parent, lambda: os.symlink(target, link))
    try:
        if out.is_dir():
            _writable(out.parent, lambda: _exchange(link, out))
            remove_tree(link)  # now the old plain folder (not kept: it has no version folder)
        else:
            _writable(out.parent, lambda: os.replace(link, out))
    finally:
        if link.is_symlink():
            link.unlink()


def _exchange(first: Path, second: Path) -> None:
    """Swap two names in one step (Linux renameat2); two renames where the system lacks it."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS):
            raise OSError(code, os.strerror(code), str(second))
    _exchange_by_renames(first, second)


def _exchange_by_renames(first: Path, second: Path) -> None:
    """The fallback: `second` parked under a name the sweep knows, so a run killed between the renames leaves
    nothing for ever."""
    aside = second.parent / f"{_parked_prefix(second)}{secrets.token_hex(4)}"
    os.rename(second, aside)
    os.rename(first, second)
    os.rename(aside, first)


def _remove_debris(out: Path) -> None:
    """Under the lock: every version but the current and the kept one, stray links, and the old layout's leftovers."""
    keep = {_version_of(out), _version_of(kept_link(out))}
    for version in versions_folder(out).iterdir():
        if version.name not in keep:
            remove_tree(version)
    for pattern in (f"{_link_prefix(out)}*", f".{out.name}.ny-*", f"{_parked_prefix(out)}*"):
        for debris in out.parent.glob(pattern):
            remove_tree(debris)


def _writable(folder: Path, action) -> None:
    try:
        action()
    except OSError as error:
        raise Refusal(_message(folder, error)) from None


def _message(folder: Path, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "skrivskyddad" if error.errno == errno.EROFS else "du har inte rätt att skriva där"
        return (
            f"Webbplatsen kan inte skrivas i {folder} ({why}). Välj en mapp du kan skriva i med --out, "
            "eller be den som sköter servern om skrivrätt till mappen."
        )
    if error.errno == errno.ENOSPC:
        return f"Disken är full där webbplatsen skulle skrivas ({folder}). Frigör utrymme och försök igen."
    return f"Webbplatsen kunde inte skrivas i {folder}: {error.strerror}."
