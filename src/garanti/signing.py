"""Only an approver's tag counts: approval tags signed with SSH keys, checked against main's list.

The list of approvers is `godkannare/allowed_signers` as it is on the main
line (never as it is at a tag: whoever made the tag could have written it
there). It has git's allowed-signers format (`man ssh-keygen`, ALLOWED
SIGNERS), one key a line, with the boards a key may approve for as the
principals:

    hagersten-liljeholmen anna.andersson@stockholm.se ssh-ed25519 AAAAC3Nz...
    enskede-arsta-vantor,hagersten-liljeholmen ssh-ed25519 AAAAC3Nz... bo.berg@stockholm.se

(the first word is the principals: board folder names separated by commas,
or `*` for every board; what follows the key is a free comment).

A tag is verified with `ssh-keygen -Y verify` in git's namespace, for the
tag's board as the principal, over the tag object without its signature:
the very check `git verify-tag` makes, with the board as the identity. The tag
object also names the tag; that name must be the tag's own, so a signed
decision cannot be replayed under another board or date.

Without the list (a repository that has not set up keys yet) tags are not
verified, and the decisions page says so.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import gitrepo, scratch

SIGNERS_FILE = "godkannare/allowed_signers"
NAMESPACE = "git"  # what git signs tags in
_SSH_SIGNATURE = b"-----BEGIN SSH SIGNATURE-----"
_ANY_SIGNATURE = (b"-----BEGIN PGP SIGNATURE-----", b"-----BEGIN SIGNED MESSAGE-----", _SSH_SIGNATURE)


def signers_at(root: Path, line: str) -> bytes | None:
    """The list of approvers on the main line, or None where there is none yet."""
    return gitrepo.read_file_at(root, line, SIGNERS_FILE)


@contextmanager
def verifier(root: Path, signers: bytes | None) -> Iterator[Callable[[str, str], str | None] | None]:
    """A function (tag name, board) -> problem or None; None when there is no list to verify against."""
    if signers is None:
        yield None
        return
    with scratch.work_folder("signaturer") as folder:
        allowed = folder / "allowed_signers"
        allowed.write_bytes(signers)
        yield lambda name, board: tag_problem(root, folder, allowed, name, board)


def tag_problem(root: Path, folder: Path, allowed: Path, name: str, board: str) -> str | None:
    """Why the tag `name` is not an approval signed by one of `board`'s approvers (None: it is)."""
    payload, signature = split_signature(gitrepo.tag_object(root, name))
    inner = _header(payload, b"tag")
    if inner != name:
        return (
            f"Taggen \"{name}\" är en kopia av beslutet \"{inner}\" under ett annat namn. En signerad tagg gäller bara "
            f"det beslut den skapades för. Ta bort taggen: git push origin :refs/tags/{name}"
        )
    if signature is None:
        return (
            f"Taggen \"{name}\" är inte signerad. Projektet har en lista över godkännare ({SIGNERS_FILE}), så "
            "bara taggar som en godkännare har signerat publiceras. En flyttad eller efterhandsskapad tagg ser ut så här. "
            "Ta bort taggen och låt nämndens sekreterare skapa den igen med garanti tag (se PUBLICERING.md, "
            "\"Din signeringsnyckel\")."
        )
    if not signature.startswith(_SSH_SIGNATURE):
        return f"Taggen \"{name}\" är signerad med något annat än en SSH-nyckel, och kan inte kontrolleras. Skapa den igen med garanti tag."
    done = _ssh_keygen(folder, allowed, board, payload, signature, _tagged_at(payload))
    if done is None:
        return "Programmet ssh-keygen (OpenSSH) saknas, så taggarnas signaturer kan inte kontrolleras. Installera OpenSSH och försök igen."
    broken = _broken_line(done.stderr.decode("utf-8", "replace"), allowed)
    if done.returncode != 0 and broken:
        return (
            f"Listan över godkännare ({SIGNERS_FILE} på main) har ett fel på rad {broken[0]}: {broken[1]}. "
            "Därför kan taggarnas signaturer inte kontrolleras. Be förvaltaren rätta raden (se \"Listan över "
            "godkännare\" i PUBLICERING.md)."
        )
    if done.returncode != 0:
        return (
            f"Taggen \"{name}\" har ingen giltig signatur från någon av nämndens godkännare i {SIGNERS_FILE} på main: "
            "den är signerad med en nyckel som inte står i listan för nämnden, eller ändrad efter signeringen "
            "(till exempel flyttad). Ta bort taggen och låt nämndens sekreterare skapa den igen med garanti tag."
        )
    return None


def split_signature(raw: bytes) -> tuple[bytes, bytes | None]:
    """(what was signed, the signature) of a tag object, split as git splits it:
    at the last line that starts a signature."""
    at, position = None, 0
    for line in raw.splitlines(keepends=True):
        if line.startswith(_ANY_SIGNATURE):
            at = position
        position += len(line)
    return (raw, None) if at is None else (raw[:at], raw[at:])


def _header(payload: bytes, key: bytes) -> str | None:
    for line in payload.split(b"\n"):
        if not line:
            return None  # the headers end at the first empty line
        if line.startswith(key + b" "):
            return line[len(key) + 1 :].decode("utf-8", "replace")
    return None


def _broken_line(stderr: str, allowed: Path) -> tuple[int, str] | None:
    """(line, ssh-keygen's reason) where ssh-keygen could not read the list, e.g. "allowed_signers:3: invalid key"."""
    match = re.search(rf"{re.escape(str(allowed))}:(\d+): ([^\n]*)", stderr)
    return (int(match.group(1)), match.group(2).strip()) if match else None


def _tagged_at(payload: bytes) -> str | None:
    """The tagger's time as ssh-keygen's verify-time (UTC), so that a key listed with
    valid-before keeps the tags it made while it was valid, as `git verify-tag` does."""
    tagger = _header(payload, b"tagger") or ""
    try:
        seconds = int(tagger.rsplit(">", 1)[1].split()[0])
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y%m%d%H%M%SZ")
    except (IndexError, ValueError, OverflowError, OSError):
        return None


def _ssh_keygen(folder: Path, allowed: Path, board: str, payload: bytes, signature: bytes, tagged_at: str | None):
    program = shutil.which("ssh-keygen")
    if program is None:
        return None
    signature_file = folder / "signatur"
    signature_file.write_bytes(signature)
    when = [f"-Overify-time={tagged_at}"] if tagged_at else []
    return subprocess.run(
        [program, "-Y", "verify", "-f", str(allowed), "-I", board, "-n", NAMESPACE, "-s", str(signature_file), *when],
        input=payload, capture_output=True, check=False, timeout=60,
    )
