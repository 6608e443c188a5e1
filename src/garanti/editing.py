"""Changing content for editors: a new unit's guarantee, and the yearly rollover.

Editors edit these files by hand afterwards, so both change as little as they
can. `new_guarantee` writes a file from a template that passes the check as it
stands. `plan_rollover` rewrites only the validity dates and the draft flag,
keeping comments, quoting, key order, block texts, line endings and a BOM
byte for byte, and proves each edit by parsing the result before anything is
written.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from . import gitrepo, schemas, strictyaml
from .content import (
    BOARD_FILE, CONTENT_DIR, PLACEHOLDER, PLACEHOLDER_PHONE, CheckResult, EarlierGuarantees, check_tree, covers,
    follow_up_name, is_slug, slugify,
)
from .model import PRESCHOOL, Board, Contact, Guarantee

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
BOM = b"\xef\xbb\xbf"
# How far from this year a validity year may be before it is taken for a typo.
YEARS_BACK, YEARS_AHEAD = 1, 3


class EditRefused(Exception):
    """The edit was refused and nothing was written; the message is Swedish."""


# --- shared small pieces ----------------------------------------------------

# Characters a YAML double-quoted scalar may not hold raw: non-printables, and
# the line breaks beyond \n that PyYAML would fold.
_YAML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\x85\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def yaml_quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text`.

    JSON's string syntax is a subset of YAML's double-quoted style, so a
    title with a colon, quote or hash cannot break the file.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def check_year(text: str | int, today: dt.date) -> int:
    """The year as a number, if it is four digits and near enough to today's."""
    if not re.fullmatch(r"\d{4}", str(text).strip()):
        raise EditRefused(f"\"{text}\" är inget årtal. Skriv året med fyra siffror, till exempel {today.year + 1}.")
    year = int(str(text).strip())
    first, last = today.year - YEARS_BACK, today.year + YEARS_AHEAD
    if not first <= year <= last:
        raise EditRefused(f"Året {year} verkar fel: välj ett år mellan {first} och {last}.")
    return year


def board_of(root: Path, board: str) -> Board:
    """The board, loaded and checked; refused when it is unknown or its board.yml is wrong."""
    board_file = _refuse_unknown_board(root, board)
    result = check_tree(root, [board_file])
    if not result.ok:
        raise EditRefused(f"{CONTENT_DIR}/{board}/{BOARD_FILE} har fel. Rätta dem först:\n"
                          + _problem_lines(result.problems))
    return result.corpus.boards[board]


def checked_board(root: Path, board: str) -> tuple[Board, CheckResult]:
    """The board and the check of all its files, in one reading of the tree.

    Refused when the board is unknown or any of its files has a problem:
    working from a broken file could hide its problem or make it worse.
    """
    _refuse_unknown_board(root, board)
    result = check_tree(root, [root / CONTENT_DIR / board])
    if not result.ok:
        raise EditRefused("Nämndens filer har fel. Rätta dem först (kör garanti check), inget har ändrats:\n"
                          + _problem_lines(result.problems))
    return result.corpus.boards[board], result


def _refuse_unknown_board(root: Path, board: str) -> Path:
    board_file = root / CONTENT_DIR / board / BOARD_FILE
    if not is_slug(board) or not board_file.is_file():
        known = ", ".join(known_boards(root)) or "(inga)"
        raise EditRefused(f"Nämnden \"{board}\" finns inte ({CONTENT_DIR}/{board}/{BOARD_FILE} saknas). "
                          f"Nämnder som finns: {known}.")
    return board_file


def known_boards(root: Path) -> list[str]:
    content = root / CONTENT_DIR
    return sorted(entry.name for entry in content.iterdir() if (entry / BOARD_FILE).is_file())


def _problem_lines(problems) -> str:
    return "\n".join(f"  {problem}" for problem in problems)


# --- a new unit -------------------------------------------------------------


def split_target(target: str) -> tuple[str, str, str] | None:
    """(board, department, unit) from "board/department/unit" (or the file's path); None if malformed."""
    cleaned = target.strip().replace("\\", "/").strip("/")
    cleaned = cleaned.removeprefix(CONTENT_DIR + "/").removesuffix(".md")
    parts = cleaned.split("/")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 and all(parts) else None


def resolve_service(given: str) -> str:
    """The service type as given, if it is one of the schema's; refused with the closest match and the list."""
    services = schemas.service_types()
    if given in services:
        return given
    # The same rule and words as the check's: the schema's spelling exactly.
    raise EditRefused(schemas.not_a_choice(given, "verksamhet", services))


def new_guarantee(
    root: Path, board: str, department: str, unit: str, title: str, service: str, year: int
) -> Path:
    """Write guarantees/board/department/unit.md from the template; never overwrites.

    The written file is checked like any other; if the check finds a problem
    (a title with HTML, say) the file is removed again and the problems are
    the refusal.
    """
    service = resolve_service(service)
    title = " ".join(title.split())
    _refuse_bad_slugs(board, department, unit, title)
    loaded = board_of(root, board)
    _refuse_bad_place(root, loaded, department, unit)
    path = root / CONTENT_DIR / board / department / f"{unit}.md"
    path.parent.mkdir(exist_ok=True)
    _create_checked(root, path, render_new(loaded, title, service, year), "Garantin")
    return path


def _create_checked(root: Path, path: Path, text: str, what: str, earlier: EarlierGuarantees | None = None) -> None:
    """Write a new file that passes the check: never over an existing one, and removed again
    (EditRefused with the check's messages) if the check refuses it."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise EditRefused(f"{_relative(root, path)} finns redan. Den skrivs aldrig över.") from None
    problems = check_tree(root, [path], earlier=earlier).problems
    if problems:
        path.unlink()
        raise EditRefused(f"{what} skulle inte klara kontrollen, så ingen fil skapades:\n" + _problem_lines(problems))


def _refuse_bad_slugs(board: str, department: str, unit: str, title: str) -> None:
    for part, what, suggestion in (
        (board, "Nämndens namn", slugify(board)),
        (department, "Avdelningens namn", slugify(department)),
        (unit, "Enhetens namn", slugify(title) or slugify(unit)),
    ):
        if not is_slug(part):
            hint = f" Använd till exempel \"{suggestion}\"." if suggestion else ""
            raise EditRefused(f"{what} i sökvägen, \"{part}\", får bara innehålla små bokstäver a–z, "
                              f"siffror och bindestreck (å, ä blir a och ö blir o).{hint}")


def _refuse_bad_place(root: Path, board: Board, department: str, unit: str) -> None:
    board_dir = root / CONTENT_DIR / board.slug
    if department not in board.departments:
        known = "\n".join(f"  {slug}  ({name})" for slug, name in board.departments.items())
        raise EditRefused(f"Avdelningen \"{department}\" finns inte i {CONTENT_DIR}/{board.slug}/{BOARD_FILE}. "
                          f"Avdelningar som finns:\n{known}")
    if unit in board.departments:
        raise EditRefused(f"Enheten får inte heta som en avdelning (\"{unit}\"). "
                          f"Välj ett annat namn, till exempel \"{unit}-enhet\".")
    existing = sorted(board_dir.glob(f"*/{unit}.md"))
    if existing:
        raise EditRefused(f"Det finns redan en enhet som heter \"{unit}\" i nämnden: {_relative(root, existing[0])}. "
                          "Den skrivs aldrig över. Välj ett annat namn för den nya enheten.")


def render_new(board: Board, title: str, service: str, year: int) -> str:
    contact, note = _starting_contact(board.default_contact)
    return _template().render(
        mark=PLACEHOLDER,
        title=title,
        service=service,
        valid_from=dt.date(year, 1, 1).isoformat(),
        valid_to=dt.date(year, 12, 31).isoformat(),
        areas=schemas.curriculum_areas() if service == PRESCHOOL else [],
        complaints_default=bool(board.default_complaints),
        contact=contact,
        contact_note=note,
    )


def _starting_contact(default: Contact | None) -> tuple[dict[str, str], str]:
    """The board's contact to start from, else a placeholder number, and the note saying to replace it."""
    # Phone, e-mail, address and web: the board's opening hours are its own, not the new unit's.
    fields = {key: value for key, value in vars(default).items() if value and isinstance(value, str)} if default else {}
    if fields:
        return fields, "Nämndens kontaktuppgifter. Byt till enhetens egna: arbetstelefon, funktionsadress för e-post."
    return {"phone": PLACEHOLDER_PHONE}, "Byt till enhetens arbetstelefon, och lägg gärna till email: (funktionsadress)."


@cache
def _template(name: str = "new_guarantee.md.j2") -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, not HTML: every value goes through the yaml filter
    )
    environment.filters["yaml"] = yaml_quote
    return environment.get_template(name)


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


# --- a follow-up -------------------------------------------------------------


def new_follow_up(root: Path, board: str, department: str, unit: str, year: int,
                  earlier: EarlierGuarantees) -> tuple[Path, Guarantee]:
    """Write the unit's follow-up of `year` beside its guarantee, as a draft with every commitment
    of the guarantee valid that year; never overwrites. Returns the file and that guarantee.

    `earlier` finds the guarantee the board approved for the year when the file in the
    tree has moved on (see content.EarlierGuarantees). The written file is checked like
    any other and removed again if the check finds a problem."""
    _refuse_bad_slugs(board, department, unit, unit)
    loaded = board_of(root, board)
    guarantee = _checked_guarantee(root, board, department, unit)
    followed = guarantee if covers(guarantee, year) else earlier(loaded, unit, year)
    if followed is None:
        raise EditRefused(f"Hittar ingen garanti för {year} att följa upp: {guarantee.source} gäller "
                          f"{guarantee.valid_from}–{guarantee.valid_to}, och varken nämndens godkännandetaggar eller "
                          f"garantins historik i git har en version av garantin som gällde {year}. Kontrollera året. "
                          "Inget har skapats.")
    path = root / CONTENT_DIR / board / department / follow_up_name(unit, year)
    text = _template("new_follow_up.yml.j2").render(title=guarantee.title, year=year, commitments=followed.commitments)
    _create_checked(root, path, text, "Uppföljningen", earlier)
    return path, followed


def _checked_guarantee(root: Path, board: str, department: str, unit: str) -> Guarantee:
    """The unit's guarantee, loaded and checked; refused when it is missing or has problems."""
    path = root / CONTENT_DIR / board / department / f"{unit}.md"
    relative = _relative(root, path)
    if not path.is_file():
        raise EditRefused(f"Garantin {relative} finns inte. En uppföljning ligger bredvid garantin den följer upp: "
                          "skriv nämnd, avdelning och enhet som i sökvägen till garantin, till exempel "
                          "hagersten-liljeholmen/forskola/fruangens-forskolor.")
    result = check_tree(root, [path])
    guarantee = next((g for g in result.corpus.guarantees if g.source == relative), None)
    if guarantee is None or not result.ok:
        raise EditRefused(f"{relative} har fel. Rätta dem först (garanti check), inget har skapats:\n"
                          + _problem_lines(result.problems))
    return guarantee


# --- the yearly rollover ----------------------------------------------------


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
    loaded, result = checked_board(root, board)
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
        raise EditRefused(
            f"{latest.source} gäller redan från {latest.valid_from}, efter {year}. garanti rollover flyttar "
            f"bara garantierna framåt: välj {latest.valid_from.year} eller ett senare år. Inget har ändrats."
        )


def write_changes(changes: list[FileChange]) -> None:
    """Write every changed file, each through a temporary file and an atomic rename."""
    for change in changes:
        if change.new != change.old:
            write_atomically(change.path, change.new)


def write_atomically(path: Path, data: bytes) -> None:
    # The dot keeps a leftover temporary file out of the check's sight.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    lines = [match.group() for match in _LINE.finditer(old[len(bom):].decode("utf-8")) if match.group()]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None or lines[0].rstrip() != "---":
        raise _cannot_edit(relative, 1)
    front = "".join(lines[1:end])
    data, positions = strictyaml.load(front, line_offset=1)
    if strictyaml.parse_date(data["valid"]["from"]).year == year:
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
        data, _ = strictyaml.load("".join(lines[1:end]), line_offset=1)
    except strictyaml.YamlProblem as problem:
        raise _cannot_edit(relative, problem.line) from None
    if data != expected:
        raise _cannot_edit(relative, 2)


def _cannot_edit(relative: str, line: int) -> EditRefused:
    return EditRefused(f"{relative}:{line}: giltighetstiden eller draft kan inte ändras automatiskt i den här filen "
                       "(ovanlig YAML-form). Skriv giltighetstiden som \"valid:\" med \"from:\" och \"to:\" "
                       "på egna rader, eller ändra filen för hand. Inget har ändrats.")
