"""Everything the package asks of git, and the only module that runs it.

git is run as a subprocess with an explicit argument list (never a shell),
with `core.quotepath=off` so paths come back as written, `--end-of-options`
before refs and `--` before paths, so nothing a user or a pull request names
can be taken for an option. Trees are read from the object database, never
from the working tree: what is published is what git recorded.

Errors are raised as `errors.GitError` with a Swedish message, because they end up
in front of board secretaries.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import GitError

_GIT = ["git", "-c", "core.quotepath=off"]
# Used with fullmatch ("$" would allow a final newline); \A keeps a search from retrying at every position.
_APPROVAL_NAME = re.compile(r"\A([^/]++)/([0-9]{4}-[0-9]{2}-[0-9]{2})")
_SYMLINK_MODE = "120000"
_SUBMODULE_MODE = "160000"
_EXECUTABLE_MODE = "100755"


@dataclass(frozen=True)
class ApprovalTag:
    """A tag named `<board>/<YYYY-MM-DD>`; whether it is a valid approval is publishing's call."""

    name: str
    board: str
    date: dt.date
    commit: str
    message: str
    annotated: bool
    tagged_at: dt.datetime | None = None  # the time the tag object claims (the tagger's), annotated tags only


@dataclass(frozen=True)
class TagRef:
    """Any tag whose name has a slash, as git has it: the raw material for approvals.

    `commit` is None when the tag points at something other than a commit.
    """

    name: str
    commit: str | None
    message: str
    annotated: bool
    tagged_at: dt.datetime | None = None


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str  # "blob", "tree" or "commit" (a submodule)
    sha: str
    path: str  # repository-relative, POSIX

    @property
    def is_regular(self) -> bool:
        """A plain file: not a link, not a submodule."""
        return self.kind == "blob" and self.mode != _SYMLINK_MODE


# --- running git ------------------------------------------------------------


def _run(
    root: Path,
    args: list[str],
    input: bytes | None = None,
    ok_codes=(0,),
    config: dict[str, str] | None = None,
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    # Literal pathspecs: a folder name is never read as a pattern.
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_LITERAL_PATHSPECS="1", **(environment or {}))
    for index, (key, value) in enumerate((config or {}).items()):  # like -c key=value
        env.update(
            {"GIT_CONFIG_COUNT": str(index + 1), f"GIT_CONFIG_KEY_{index}": key, f"GIT_CONFIG_VALUE_{index}": value}
        )
    try:
        done = subprocess.run([*_GIT, *args], cwd=root, input=input, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise GitError("Programmet git finns inte på datorn. Installera git och försök igen.") from None
    if done.returncode not in ok_codes:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(
            f"git {args[0]} misslyckades" + (f": {detail[-1]}" if detail else f" (kod {done.returncode})") + "."
        )
    return done


def _out(root: Path, args: list[str]) -> str:
    return _run(root, args).stdout.decode("utf-8", "replace")


def is_repository(root: Path) -> bool:
    done = _run(root, ["rev-parse", "--is-inside-work-tree"], ok_codes=(0, 128))
    return done.returncode == 0


def unsaved_paths(root: Path, subdir: str) -> list[str]:
    """Paths under `subdir` whose working-tree state is not committed (untracked ones included)."""
    output = _out(root, ["status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", subdir])
    return [record[3:] for record in output.split("\0") if len(record) > 3]


def untracked_paths(root: Path, subdir: str) -> list[str]:
    """Paths under `subdir` that git does not track (ignored ones included), relative to root."""
    output = _out(root, ["ls-files", "--others", "-z", "--", subdir])
    return [path for path in output.split("\0") if path]


# --- refs -------------------------------------------------------------------


def resolve(root: Path, ref: str) -> str:
    """The commit sha a ref (branch, tag, sha, HEAD~1 ...) names; GitError if none."""
    if not ref or ref.startswith("-"):
        raise GitError(f'"{ref}" är ingen giltig version (commit, gren eller tagg).')
    done = _run(
        root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], ok_codes=(0, 1, 128)
    )
    sha = done.stdout.decode().strip()
    if done.returncode != 0 or not sha:
        raise GitError(
            f'Hittar ingen version som heter "{ref}" i git. Kontrollera namnet, eller hämta den med git fetch.'
        )
    return sha


def ref_exists(root: Path, full_ref: str) -> bool:
    """Whether a fully spelled ref (refs/heads/main, refs/tags/x/y) exists."""
    done = _run(root, ["show-ref", "--verify", "--quiet", full_ref], ok_codes=(0, 1))
    return done.returncode == 0


def is_ancestor(root: Path, commit: str, ref: str) -> bool:
    """Whether `commit` is `ref` or one of its ancestors."""
    done = _run(root, ["merge-base", "--is-ancestor", commit, resolve(root, ref)], ok_codes=(0, 1))
    return done.returncode == 0


def commit_date(root: Path, ref: str) -> dt.date:
    """The day a commit was made (its committer date, in the committer's time zone)."""
    stamp = _out(root, ["show", "-s", "--format=%cI", "--end-of-options", resolve(root, ref)]).strip()
    return dt.date.fromisoformat(stamp[:10])


def changed_paths(root: Path, base: str, head: str = "HEAD") -> list[str]:
    """The paths `head` changed since it left `base` (against their merge base, as a pull request
    shows them), deletions included."""
    output = _out(root, ["diff", "--name-only", "-z", "--no-renames", f"{resolve(root, base)}...{resolve(root, head)}"])
    return [path for path in output.split("\0") if path]


def current_branch(root: Path) -> str | None:
    """The short name of the branch checked out, None when HEAD is detached."""
    done = _run(root, ["symbolic-ref", "--quiet", "--short", "HEAD"], ok_codes=(0, 1))
    return done.stdout.decode("utf-8", "replace").strip() or None


def branch_refs(root: Path) -> dict[str, str]:
    """Every branch, local (refs/heads/x) and fetched from a remote (refs/remotes/origin/x), by its full
    ref: {ref: the branch's name on its repository (x)}."""
    found = {}
    for ref in _out(root, ["for-each-ref", "--format=%(refname)", "refs/heads/", "refs/remotes/"]).splitlines():
        if ref.startswith("refs/heads/"):
            found[ref] = ref.removeprefix("refs/heads/")
        elif ref.count("/") >= 3 and not ref.endswith("/HEAD"):
            found[ref] = ref.split("/", 3)[3]
    return found


def commit_paths(root: Path, paths: list[str], message: str) -> str:
    """`paths` as they are in the working tree committed on the branch checked out (nothing else that
    is staged), by the identity git is given; returns the new commit."""
    _run(root, ["add", "--", *paths])
    _run(root, ["commit", "--quiet", "--file=-", "--", *paths], input=message.encode("utf-8"))
    return resolve(root, "HEAD")


# --- tags -------------------------------------------------------------------

# One record per tag; the message may hold newlines, so records end in NUL NUL NL.
_TAG_FORMAT = (
    "%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00"
    "%(taggerdate:iso-strict)%00%(contents)%00%00"
)


def all_tags_like_approvals(root: Path) -> list[TagRef]:
    """Every tag with a slash in its name, well formed or not, sorted by name."""
    output = _out(root, ["for-each-ref", f"--format={_TAG_FORMAT}", "refs/tags/"])
    tags = []
    for record in output.split("\0\0\n"):
        fields = record.split("\0")
        if len(fields) < 7:
            continue
        refname, kind, sha, target_kind, target_sha, tagged, message = fields[:7]
        name = refname.removeprefix("refs/tags/")
        if "/" not in name:
            continue
        if kind == "tag":
            commit = target_sha if target_kind == "commit" else None
            tags.append(TagRef(name, commit, message.strip(), annotated=True, tagged_at=_tagger_time(tagged)))
        else:
            tags.append(TagRef(name, sha if kind == "commit" else None, "", annotated=False))
    return sorted(tags, key=lambda tag: tag.name)


def _tagger_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def parse_approval_name(name: str) -> tuple[str, dt.date] | None:
    """(board, date) for a name like "hagersten-liljeholmen/2026-01-22", else None."""
    match = _APPROVAL_NAME.fullmatch(name)
    if not match:
        return None
    try:
        return match.group(1), dt.date.fromisoformat(match.group(2))
    except ValueError:
        return None


def as_approval(tag: TagRef) -> ApprovalTag | None:
    """The tag as an approval if its name is well formed and it points at a commit."""
    parsed = parse_approval_name(tag.name)
    if parsed is None or tag.commit is None:
        return None
    return ApprovalTag(tag.name, parsed[0], parsed[1], tag.commit, tag.message, tag.annotated, tag.tagged_at)


def approval_tags(root: Path, board: str | None = None) -> list[ApprovalTag]:
    """Well-formed approval tags (annotated or not), oldest date first.

    Malformed tags are left out here; `all_tags_like_approvals` has them all,
    and publishing refuses to go on while any is wrong.
    """
    found = [approval for tag in all_tags_like_approvals(root) if (approval := as_approval(tag))]
    found = [tag for tag in found if board in (None, tag.board)]
    return sorted(found, key=lambda tag: (tag.date, tag.name))


def latest_approval(root: Path, board: str) -> ApprovalTag | None:
    tags = approval_tags(root, board)
    return tags[-1] if tags else None


def identity_configured(root: Path) -> bool:
    """Whether git knows who is tagging (user.name and user.email, or the environment)."""

    def known(key: str, env: str) -> bool:
        if os.environ.get(env):
            return True
        return _run(root, ["config", "--get", key], ok_codes=(0, 1)).returncode == 0

    return known("user.name", "GIT_COMMITTER_NAME") and known("user.email", "GIT_COMMITTER_EMAIL")


def signing_key(root: Path) -> str | None:
    """The key git signs with (user.signingkey), if one is set."""
    done = _run(root, ["config", "--get", "user.signingkey"], ok_codes=(0, 1))
    return done.stdout.decode("utf-8", "replace").strip() or None


def create_annotated_tag(
    root: Path, name: str, commit: str, message: str, sign: bool = False, at: dt.datetime | None = None
) -> None:
    """Create tag `name` on `commit`, signed with the SSH key in user.signingkey if `sign`, dated `at`
    (default: now); never moves an existing tag (no --force)."""
    _run(
        root,
        ["tag", "--sign" if sign else "--annotate", "--file=-", "--cleanup=verbatim", "--end-of-options", name, commit],
        input=message.encode("utf-8"),
        config={"gpg.format": "ssh"} if sign else None,
        environment={"GIT_COMMITTER_DATE": at.isoformat()} if at else None,
    )


def delete_tag(root: Path, name: str) -> None:
    _run(root, ["tag", "--delete", "--end-of-options", name])


def tag_object(root: Path, name: str) -> bytes:
    """The raw tag object of an annotated tag (headers, message, signature)."""
    return _run(root, ["cat-file", "tag", f"refs/tags/{name}"]).stdout


def tag_object_id(root: Path, name: str) -> str:
    """The sha of an annotated tag's own object (what its signature covers), not of its commit."""
    return _out(root, ["rev-parse", "--verify", "--end-of-options", f"refs/tags/{name}"]).strip()


def tag_ids(root: Path) -> dict[str, str]:
    """Every tag with a slash in its name (as all_tags_like_approvals), and the object its ref names: an
    annotated tag's own object, a light tag's commit. One for-each-ref, however many tags."""
    output = _out(root, ["for-each-ref", "--format=%(refname)%00%(objectname)", "refs/tags/"])
    found = (line.split("\0") for line in output.splitlines())
    return {name: sha for ref, sha in found if "/" in (name := ref.removeprefix("refs/tags/"))}


# --- trees ------------------------------------------------------------------


def tree_entries(root: Path, ref: str, subdir: str | None = None) -> list[TreeEntry]:
    """Every file (blob, link, submodule) at `ref`, under `subdir` if given."""
    sha = resolve(root, ref)
    subdir = subdir.strip("/") if subdir else None
    args = ["ls-tree", "-r", "-z", "--full-tree", sha]
    if subdir:
        args += ["--", subdir]
    entries = []
    for record in _out(root, args).split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, blob = meta.split(" ")
        if subdir is None or path == subdir or path.startswith(subdir + "/"):
            entries.append(TreeEntry(mode, kind, blob, path))
    return entries


def file_versions(root: Path, ref: str, subdir: str) -> list[tuple[str, str, str]]:
    """Every version of the plain files under `subdir` that the history of `ref` recorded,
    newest first: (path, commit, blob sha), in one `git log` run.

    A version is a file as a commit added or changed it; deletions, links and
    submodules are left out. Merges add no versions of their own: git follows
    the side that changed the file."""
    sha = resolve(root, ref)
    output = _out(
        root,
        [
            "log",
            "--format=commit %H",
            "--raw",
            "--no-renames",
            "--no-abbrev",
            "--end-of-options",
            sha,
            "--",
            subdir.strip("/"),
        ],
    )
    versions: list[tuple[str, str, str]] = []
    commit = None
    for line in output.splitlines():
        if line.startswith("commit "):
            commit = line.removeprefix("commit ")
        elif line.startswith(":") and "\t" in line and commit:
            meta, path = line[1:].split("\t", 1)
            _, new_mode, _, new_blob, status = meta.split(" ")
            if status in ("A", "M", "T") and new_mode in ("100644", _EXECUTABLE_MODE):
                versions.append((path, commit, new_blob))
    return versions


def list_tree(root: Path, ref: str, subdir: str | None = None) -> list[str]:
    return [entry.path for entry in tree_entries(root, ref, subdir)]


def read_file_at(root: Path, ref: str, path: str) -> bytes | None:
    """A file's bytes at `ref`, or None when there is no such file there."""
    entry = next((e for e in tree_entries(root, ref, path) if e.path == path), None)
    if entry is None:
        return None
    _refuse_special(entry, ref)
    return read_blobs(root, [entry.sha])[entry.sha]


def read_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Many blobs in one `git cat-file --batch` run."""
    unique = list(dict.fromkeys(shas))
    if not unique:
        return {}
    data = _run(root, ["cat-file", "--batch"], input="".join(f"{sha}\n" for sha in unique).encode()).stdout
    blobs, position = {}, 0
    for sha in unique:
        header_end = data.index(b"\n", position)
        header = data[position:header_end].decode().split(" ")
        if len(header) != 3:  # "<sha> missing": a submodule's commit is not in this repository
            raise GitError(f"git-objektet {sha} finns inte i det här arkivet.")
        name, kind, size = header
        if kind != "blob":
            raise GitError(f"git-objektet {sha} är ingen fil.")
        start = header_end + 1
        blobs[sha] = data[start : start + int(size)]
        position = start + int(size) + 1
    return blobs


def export_tree(
    root: Path, ref: str, dest: Path, subdir: str | None = None, exclude: tuple[str, ...] = ()
) -> list[str]:
    """Write the files of `ref` (under `subdir`, minus top-level `exclude` folders) into `dest`.

    Files keep their repository-relative paths. Links and submodules are
    refused rather than written: a link in a pull request could otherwise
    point the build at files outside the repository. Returns the paths written.
    """
    entries = [e for e in tree_entries(root, ref, subdir) if e.path.split("/", 1)[0] not in exclude]
    for entry in entries:
        _refuse_special(entry, ref)
        _check_safe_path(entry.path)
    blobs = read_blobs(root, [entry.sha for entry in entries])
    dest = dest.resolve()
    for entry in entries:
        target = dest.joinpath(*PurePosixPath(entry.path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blobs[entry.sha])
        target.chmod(0o755 if entry.mode == _EXECUTABLE_MODE else 0o644)
    return [entry.path for entry in entries]


def _refuse_special(entry: TreeEntry, ref: str) -> None:
    if entry.mode == _SYMLINK_MODE:
        raise GitError(
            f"{entry.path} är en länk (symbolisk länk) i versionen {ref}. Länkar publiceras inte: "
            "ersätt länken med en vanlig fil."
        )
    if entry.mode == _SUBMODULE_MODE or entry.kind != "blob":
        raise GitError(f"{entry.path} är en undermodul i versionen {ref}. Undermoduler kan inte publiceras.")


def _check_safe_path(path: str) -> None:
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.lower() == ".git" for part in parts):
        raise GitError(f'Sökvägen "{path}" i git är inte tillåten.')
