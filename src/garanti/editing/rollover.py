"""The yearly rollover (`garanti rollover`): next year's validity for every guarantee of a board,
as drafts. Only those lines change: comments, quoting, key order, block texts, line endings and
a BOM stay byte for byte, and each edit is proved by parsing the result before anything is written."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import gitrepo, untrusted_yaml
from ..content import load_checked_board
from ..dates import parse_date
from ..errors import Refusal
from ..layout import CONTENT_DIR
from ..model import Board
from .files import BOM, stage_beside, write_atomically


@dataclass(frozen=True)
class FileChange:
    """One guarantee's rollover: its bytes before and after, and what changed, in Swedish."""

    path: Path
    relative: str
    old: bytes
    new: bytes
    changes: tuple[str, ...]
    finished: bool = False  # already made for the year and not a draft: left exactly as it is


@dataclass(frozen=True)
class RolloverPlan:
    board: Board
    changes: list[FileChange]
    untracked: list[str]  # guarantees git does not track: left alone, they are not the board's yet


def plan_rollover(root: Path, board: str, year: int) -> RolloverPlan:
    """Every guarantee of the board with its new bytes; nothing is written here.

    Refused when any of the board's files fails the check (see `checked_board`),
    and when the year would move a guarantee backwards. In a git repository only
    the files git tracks are rolled over: an untracked file is someone's work in
    progress, and rewriting it would sweep it into the rollover's commit.
    """
    loaded, result = load_checked_board(root, board)
    guarantees = sorted(result.corpus.guarantees_of(board), key=lambda g: g.source)
    _refuse_going_back(guarantees, year)
    untracked = set(gitrepo.untracked_paths(root, f"{CONTENT_DIR}/{board}")) if gitrepo.is_repository(root) else set()
    return RolloverPlan(
        loaded,
        [_roll_file(root / g.source, g.source, year) for g in guarantees if g.source not in untracked],
        sorted(untracked & {g.source for g in guarantees}),
    )


def _refuse_going_back(guarantees, year: int) -> None:
    later = [g for g in guarantees if g.valid_from.year > year]
    if later:
        latest = max(later, key=lambda g: g.valid_from)
        raise Refusal(
            f"{latest.source} gäller redan från {latest.valid_from}, efter {year}. garanti rollover flyttar "
            f"bara garantierna framåt: välj {latest.valid_from.year} eller ett senare år. Inget har ändrats."
        )


def write_changes(changes: list[FileChange]) -> None:
    """Write every changed file or none.

    The new bytes were made from what the plan read; an editor may have saved a file since
    (the form, another terminal), and writing over it would lose that work. So every file is
    staged beside itself first, every file is read again and compared with the plan, and
    only then are the staged files renamed into place. Should a rename fail, the files
    already replaced get their planned bytes back. A file the system will not write (no
    right to, a full disk) refuses the board in Swedish: it is the folder's fault, not a bug.
    """
    pending = [change for change in changes if change.new != change.old]
    staged: list[tuple[FileChange, Path]] = []
    try:
        for change in pending:
            try:
                staged.append((change, stage_beside(change.path, change.new)))
            except OSError as error:
                raise _not_written(change, error) from None
        changed = [change.relative for change in pending if _current_bytes(change.path) != change.old]
        if changed:
            raise Refusal(
                f"{', '.join(changed)} har ändrats sedan garanti rollover läste "
                f"{'den' if len(changed) == 1 else 'dem'}. Spara ändringarna och kör kommandot igen. "
                "Inget har ändrats."
            )
        done: list[FileChange] = []
        try:
            for change, temporary in staged:
                os.replace(temporary, change.path)
                done.append(change)
        except BaseException as error:
            for written in done:
                write_atomically(written.path, written.old)
            if isinstance(error, OSError):
                raise _not_written(change, error) from None
            raise
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)


def _not_written(change: FileChange, error: OSError) -> Refusal:
    why = (
        "du får inte skriva där"
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
        else "disken är full"
        if error.errno == errno.ENOSPC
        else error.strerror
    )
    return Refusal(
        f"{change.relative} kunde inte skrivas ({why}). Inget har ändrats. Se till att du får "
        "skriva i mappen (och att disken inte är full) och kör kommandot igen."
    )


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# A line with its ending, split where PyYAML counts a new line, so that its
# line numbers index this list.
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")
_DATE_TOKEN = re.compile(r"([\"']?)(\d{4}-\d{2}-\d{2})\1")
_WORD_TOKEN = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class _Edit:
    line: int  # index into the list of lines
    column: int  # 0-based
    length: int
    text: str


def _roll_file(path: Path, relative: str, year: int) -> FileChange:
    old = path.read_bytes()
    bom = BOM if old.startswith(BOM) else b""
    lines = [match.group() for match in _LINE.finditer(old[len(bom) :].decode("utf-8")) if match.group()]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None or lines[0].rstrip() != "---":
        raise _cannot_edit(relative, 1)
    front = "".join(lines[1:end])
    data, positions = untrusted_yaml.load(front, line_offset=1)
    if parse_date(data["valid"]["from"]).year == year:
        # Made for the year already (by garanti new, or an earlier rollover): its dates and its
        # draft line are the editor's, and a finished guarantee is not made a draft again.
        return FileChange(path, relative, old, old, (), finished=data.get("draft") is not True)
    wanted = {"from": dt.date(year, 1, 1).isoformat(), "to": dt.date(year, 12, 31).isoformat()}
    edits, changes = [], []
    if data["valid"] != wanted:
        edits += [_date_edit(lines, positions.of(("valid", key)), wanted[key], relative) for key in ("from", "to")]
        changes.append(f"giltighetstid {data['valid']['from']}–{data['valid']['to']} → {wanted['from']}–{wanted['to']}")
    if data.get("draft") is not True:
        if "draft" in data:
            edits.append(_word_edit(lines, positions.of(("draft",)), "true", relative))
        changes.append("markerad som utkast (draft: true)")
    new_lines = _apply(lines, edits)
    if "draft" not in data:
        indent = " " * (min(column for key, (_, column) in positions.keys.items() if len(key) == 1) - 1)
        new_lines.insert(end, f"{indent}draft: true{_ending(lines[0])}")
    new = bom + "".join(new_lines).encode("utf-8")
    expected = copy.deepcopy(data) | {"valid": wanted, "draft": True}
    _prove(new_lines, end + (len(new_lines) - len(lines)), expected, relative)
    return FileChange(path, relative, old, new, tuple(changes))


def _date_edit(lines: list[str], position: tuple[int, int], date: str, relative: str) -> _Edit:
    index, column = position[0] - 1, position[1] - 1
    match = _DATE_TOKEN.match(lines[index], column)
    if not match:
        raise _cannot_edit(relative, index + 1)
    return _Edit(index, match.start(2), len(match.group(2)), date)


def _word_edit(lines: list[str], position: tuple[int, int], word: str, relative: str) -> _Edit:
    index, column = position[0] - 1, position[1] - 1
    match = _WORD_TOKEN.match(lines[index], column)
    if not match:
        raise _cannot_edit(relative, index + 1)
    return _Edit(index, column, len(match.group()), word)


def _apply(lines: list[str], edits: list[_Edit]) -> list[str]:
    result = list(lines)
    # Right to left, so that an edit never moves the column of the next one.
    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        line = result[edit.line]
        result[edit.line] = line[: edit.column] + edit.text + line[edit.column + edit.length :]
    return result


def _ending(line: str) -> str:
    return "\r\n" if line.endswith("\r\n") else "\n"


def _prove(lines: list[str], end: int, expected: dict, relative: str) -> None:
    """Parse the edited front matter; it must say exactly what was intended, nothing else."""
    try:
        data, _ = untrusted_yaml.load("".join(lines[1:end]), line_offset=1)
    except untrusted_yaml.YamlProblem as problem:
        raise _cannot_edit(relative, problem.line) from None
    if data != expected:
        raise _cannot_edit(relative, 2)


def _cannot_edit(relative: str, line: int) -> Refusal:
    return Refusal(
        f"{relative}:{line}: giltighetstiden eller draft kan inte ändras automatiskt i den här filen "
        '(ovanlig YAML-form). Skriv giltighetstiden som "valid:" med "from:" och "to:" '
        "på egna rader, eller ändra filen för hand. Inget har ändrats."
    )
