"""Loading and checking the content under guarantees/.

`check_tree` reads every board and guarantee, reports every problem in every
file (one broken file never hides another), and returns the corpus of what
loaded cleanly. Files are read as untrusted input: no links are followed, no
path leaves the repository, sizes are bounded, and YAML is strict.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Collection, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import schemas, strictyaml
from .model import (
    PRESCHOOL, RESULTS, Board, Commitment, CommitmentResult, Contact, Corpus, FollowUp, Guarantee, Meeting, Problem,
)
from .untrusted import check_text

CONTENT_DIR = "guarantees"
BOARD_FILE = "board.yml"
MAX_FILE_BYTES = 256 * 1024
# Matched whole (fullmatch): "$" would also accept a name ending in a line break.
_SLUG = re.compile(r"[a-z0-9]++(?:-[a-z0-9]++)*+")
_IGNORED = {"README.md", ".gitkeep"}
# Every placeholder text `garanti new` writes starts with this, so a leftover one is easy to find.
PLACEHOLDER = "Skriv här"
# Obviously not a unit's own number: the city's switchboard pattern, all zeros.
PLACEHOLDER_PHONE = "08-508 00 000"
# A unit's follow-up of one year lies beside its guarantee: <unit>.uppfoljning-<year>.yml
FOLLOW_UP_INFIX, FOLLOW_UP_SUFFIX = ".uppfoljning-", ".yml"

# The guarantee of a year, for a follow-up of a year the guarantee in the tree no longer
# covers (after the rollover): (board, unit slug, year) -> the guarantee, or None when no
# version covers the year. Read from git by the caller (approval.earlier_guarantees: the
# board's approval tags, else the guarantee's history); without it such follow-ups are not matched.
EarlierGuarantees = Callable[[Board, str, int], "Guarantee | None"]


def slugify(name: str) -> str:
    """The slug for a name: "Årsta 2 förskolor" -> "arsta-2-forskolor"."""
    ascii_name = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def is_slug(name: str) -> bool:
    return bool(_SLUG.fullmatch(name))


@dataclass
class CheckResult:
    corpus: Corpus
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    # Draft follow-ups with values still to fill in: they pass, but are not in the corpus yet.
    unfinished_follow_ups: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Report:
    """Collects problems for one run, with paths relative to the repository."""

    root: Path
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.relative(path), line, column, message))

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        return path.relative_to(self.root).as_posix() if path.is_absolute() else path.as_posix()


_Loaded = TypeVar("_Loaded")


class LoadCache:
    """What loading each file gave, kept between checks of one tree.

    The preview (`mkdocs serve`) checks the whole tree on every save; with a
    cache, a file whose size, inode and times are unchanged since the last
    check is neither read nor checked again: its result and problems are reused.
    Checks that involve neighbours (departments, unit names) run every time.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple, Any, tuple[Problem, ...]]] = {}

    def load(self, path: Path, depends_on: Hashable, report: _Report, load: Callable[[], _Loaded]) -> _Loaded:
        try:
            stat = os.lstat(path)
        except OSError:
            return load()  # missing: the loader says so, every time
        stamp = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino, depends_on)
        cached = self._entries.get(str(path))
        if cached is not None and cached[0] == stamp:
            report.problems.extend(cached[2])
            return cached[1]
        before = len(report.problems)
        loaded = load()
        self._entries[str(path)] = (stamp, loaded, tuple(report.problems[before:]))
        return loaded


def check_tree(root: Path, only: list[Path] | None = None, cache: LoadCache | None = None,
               taken: Collection[str] = (), earlier: EarlierGuarantees | None = None) -> CheckResult:
    """Check everything under root/guarantees; report problems only for `only` if given.

    The whole tree is always read, because a file's validity depends on its
    neighbours (its board.yml, unit names unique within the board); a cache
    (see LoadCache) skips the files that did not change since its last check.
    `taken` are the addresses the site uses itself (site.paths.taken_addresses),
    which a board's folder may not be named after. `earlier` finds the approved
    guarantee a follow-up of an earlier year is matched against (see EarlierGuarantees).
    """
    root = root.resolve()
    report = _Report(root)
    corpus = Corpus()
    cache = cache or LoadCache()
    unfinished: list[str] = []
    files = _walk(root, report)
    boards_and_units = _group(files)
    for board_dir, unit_files in boards_and_units.items():
        board = cache.load(board_dir / BOARD_FILE, None, report, lambda: _load_board_dir(board_dir, report))
        if board_dir.name in taken:
            report.add(board_dir / BOARD_FILE, 1, 1, f"Mappnamnet \"{board_dir.name}\" används redan av webbplatsen "
                       f"(/{board_dir.name}/). Byt namn på nämndens mapp.")
            board = None  # its units are still checked, but none is loaded: the board has no address of its own
        if board:
            corpus.boards[board.slug] = board
        guarantee_files = [path for path in unit_files if not is_follow_up_name(path.name)]
        guarantees = _load_units(board_dir, board, guarantee_files, report, cache)
        corpus.guarantees += guarantees
        corpus.follow_ups += _load_follow_ups(
            [path for path in unit_files if is_follow_up_name(path.name)], board, guarantees, report, cache, earlier,
            unfinished)
    only = _with_follow_ups(only, files) if only is not None else None
    checked = [path for path in files if _selected(path, only)]
    problems = [problem for problem in report.problems if _selected(root / problem.path, only)]
    bad_paths = {problem.path for problem in report.problems}
    corpus.guarantees = [g for g in corpus.guarantees if g.source not in bad_paths]
    corpus.boards = {slug: b for slug, b in corpus.boards.items() if b.source not in bad_paths}
    kept = {g.unit_key for g in corpus.guarantees if g.board in corpus.boards}
    corpus.follow_ups = [f for f in corpus.follow_ups if f.source not in bad_paths and f.unit_key in kept]
    problems.sort(key=lambda problem: (problem.path, problem.line, problem.column))
    unfinished = [source for source in unfinished if source not in bad_paths]
    return CheckResult(corpus, problems, len(checked), unfinished)


def _with_follow_ups(only: list[Path], files: list[Path]) -> list[Path]:
    """The chosen paths and the follow-ups of each chosen guarantee: a follow-up is checked
    against its guarantee, so a change to the guarantee can break it (pre-commit passes
    only the changed files)."""
    chosen = set(only)
    follow_ups = [path for path in files if is_follow_up_name(path.name)
                  and path.with_name(split_follow_up_name(path.name)[0] + ".md") in chosen]
    return [*only, *follow_ups]


def _selected(path: Path, only: list[Path] | None) -> bool:
    if only is None:
        return True
    return any(path == chosen or chosen in path.parents for chosen in only)


# --- walking the tree -------------------------------------------------------


def _walk(root: Path, report: _Report) -> list[Path]:
    """All board.yml and unit files, refusing links and misplaced files."""
    content = root / CONTENT_DIR
    if content.is_symlink() or not content.is_dir():
        report.add(content, 1, 1, f"Mappen {CONTENT_DIR}/ saknas eller är en länk. Skapa den som en vanlig mapp.")
        return []
    found: list[Path] = []
    for board_dir in _entries(content, report, depth=0):
        found.append(board_dir / BOARD_FILE)
        for entry in _entries(board_dir, report, depth=1):
            found += _entries(entry, report, depth=2)
    return found


def _entries(folder: Path, report: _Report, depth: int) -> list[Path]:
    """The sub-folders (depth 0, 1) or unit files (depth 2) of a folder, sorted.

    A folder that cannot be read is reported and skipped; the rest of the tree is still checked."""
    wanted: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        report.add(folder, 1, 1, f"Mappen kan inte läsas ({why_unreadable(error)}). Ge alla läsrätt till mappen, "
                   "eller ta bort den om den inte hör hit.")
        return []
    for entry in entries:
        path = Path(entry.path)
        if entry.name in _IGNORED or entry.name.startswith("."):
            continue
        if entry.is_symlink():
            report.add(path, 1, 1, "Länkar (symboliska länkar) är inte tillåtna här. Ersätt länken med en vanlig fil eller mapp.")
        elif depth == 1 and entry.name == BOARD_FILE:
            continue
        elif entry.is_dir() and depth < 2:
            _check_slug(path, entry.name, report, "Mappnamnet")
            wanted.append(path)
        elif entry.is_file() and depth == 2 and entry.name.endswith(".md"):
            _check_slug(path, entry.name[:-3], report, "Filnamnet")
            wanted.append(path)
        elif entry.is_file() and depth == 2 and is_follow_up_name(entry.name):
            _check_follow_up_name(path, report)
            wanted.append(path)
        elif depth == 2 and (meant := _meant_follow_up_name(entry.name)):
            report.add(path, 1, 1, f"Filen ser ut som en uppföljning men har fel namn, så den kontrolleras inte och "
                       f"publiceras aldrig. Byt namn på filen till {meant} (<enhet>.uppfoljning-<år>.yml).")
        else:
            report.add(path, 1, 1, _misplaced(depth))
    return wanted


def _misplaced(depth: int) -> str:
    return {
        0: "Här ska bara finnas en mapp per nämnd. Flytta filen till guarantees/<nämnd>/<avdelning>/.",
        1: "Här ska bara finnas board.yml och en mapp per avdelning. Lägg garantin i en avdelningsmapp: guarantees/<nämnd>/<avdelning>/<enhet>.md.",
        2: "Här ska bara finnas garantier, en .md-fil per enhet, och deras uppföljningar "
           "(<enhet>.uppfoljning-<år>.yml, till exempel dalens-forskolor.uppfoljning-2026.yml). "
           "Flytta, byt namn på eller ta bort den här.",
    }[depth]


def _check_slug(path: Path, name: str, report: _Report, what: str) -> None:
    if not is_slug(name):
        suggestion = slugify(name) or "enhetens-namn"
        report.add(
            path, 1, 1,
            f"{what} \"{name}\" får bara innehålla små bokstäver a–z, siffror och bindestreck. "
            f"Byt namn till \"{suggestion}\".",
        )


def is_follow_up_name(name: str) -> bool:
    """Whether a file name has the follow-up's form, <unit>.uppfoljning-<year>.yml (the parts unchecked)."""
    return name.endswith(FOLLOW_UP_SUFFIX) and FOLLOW_UP_INFIX in name


def follow_up_name(unit: str, year: int) -> str:
    return f"{unit}{FOLLOW_UP_INFIX}{year}{FOLLOW_UP_SUFFIX}"


def split_follow_up_name(name: str) -> tuple[str, int | None]:
    """(unit, year) from a follow-up's file name; the year None when it is not four digits."""
    unit, _, year = name.removesuffix(FOLLOW_UP_SUFFIX).rpartition(FOLLOW_UP_INFIX)
    return unit, int(year) if len(year) == 4 and year.isascii() and year.isdigit() else None


def _meant_follow_up_name(name: str) -> str | None:
    """The follow-up name a misnamed file was meant to have (`x.uppföljning-2026.yaml`,
    `x-uppfoljning2026.yml`: the word, a unit before it, four digits after), or None."""
    stem, dot, extension = name.rpartition(".")
    if not dot or extension.lower() not in ("yml", "yaml"):
        return None
    unit, word, year = slugify(stem).rpartition(FOLLOW_UP_INFIX.strip(".-"))
    unit, year = unit.strip("-"), year.strip("-")
    if not (word and unit and len(year) == 4 and year.isdigit()):
        return None
    return follow_up_name(unit, int(year))


def _check_follow_up_name(path: Path, report: _Report) -> None:
    unit, year = split_follow_up_name(path.name)
    _check_slug(path, unit, report, "Enhetens namn i filnamnet")
    if year is None:
        report.add(path, 1, 1, f"Året i filnamnet ska skrivas med fyra siffror, till exempel "
                   f"{follow_up_name(slugify(unit) or 'enheten', 2026)}. Byt namn på filen.")


def _group(files: list[Path]) -> dict[Path, list[Path]]:
    boards: dict[Path, list[Path]] = {}
    for path in files:
        if path.name == BOARD_FILE:
            boards.setdefault(path.parent, [])
        else:
            boards.setdefault(path.parent.parent, []).append(path)
    return boards


# --- reading files ----------------------------------------------------------


def why_unreadable(error: OSError) -> str:
    """The reason a file or folder cannot be read, in Swedish for the usual ones."""
    if isinstance(error, PermissionError):
        return "ingen läsrätt"
    if isinstance(error, IsADirectoryError):
        return "det är en mapp"
    return error.strerror or type(error).__name__


def read_text(path: Path, report: _Report) -> str | None:
    """A file's text: size-bounded, UTF-8 (a BOM is fine), line endings made \\n."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add(path, 1, 1, f"Filen är för stor ({size // 1024} kB, högst {MAX_FILE_BYTES // 1024} kB). Korta texten.")
            return None
        data = path.read_bytes()
    except OSError as error:
        report.add(path, 1, 1, f"Filen kan inte läsas ({why_unreadable(error)}).")
        return None
    return decode(data, path, report)


def decode(data: bytes, path: Path | str, report: _Report) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        report.add(path, line, column, "Filen är inte sparad som UTF-8. Spara om den med teckenkodningen UTF-8.")
        return None
    return unify_line_endings(text)


def unify_line_endings(text: str) -> str:
    """Windows (CR LF) and old Mac (CR alone) line endings as \\n, the one way every reader sees lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _load_yaml(text: str, path: Path, report: _Report, line_offset: int = 0):
    try:
        return strictyaml.load(text, line_offset)
    except strictyaml.YamlProblem as problem:
        report.add(path, problem.line, problem.column, problem.message)
        return None


def _read_fields(path: Path, report: _Report, not_fields: str) -> tuple[dict, strictyaml.Positions] | None:
    """A YAML file of fields (key: value), read and parsed strictly; None, with its problem reported, if not."""
    text = read_text(path, report)
    loaded = _load_yaml(text, path, report) if text is not None else None
    if loaded is None:
        return None
    if not isinstance(loaded[0], dict):
        report.add(path, 1, 1, not_fields)
        return None
    return loaded


def _check_fields(schema: str, data: dict, positions: strictyaml.Positions, path: Path, report: _Report) -> None:
    """The file's fields against its schema, and every text against the untrusted-text rules."""
    _report_schema(schemas.validate(schema, data, positions.written), positions, path, report)
    _check_strings(data, positions, path, report)


def _check_strings(data: Any, positions: strictyaml.Positions, path: Path, report: _Report) -> None:
    """Apply the untrusted-text rules to every string value of the data."""
    for at, text in _strings(data):
        for problem in check_text(text):
            line, column = positions.of(at)
            report.add(path, line, column, problem.message)


def _report_schema(errors, positions: strictyaml.Positions, path: Path, report: _Report) -> None:
    for error in errors:
        line, column = positions.of_key(error.path) if error.at_key else positions.of(error.path)
        report.add(path, line, column, error.message)


# --- boards -----------------------------------------------------------------


def _load_board_dir(board_dir: Path, report: _Report) -> Board | None:
    path = board_dir / BOARD_FILE
    if path.is_symlink() or not path.is_file():
        report.add(board_dir, 1, 1, f"Nämndens mapp saknar {BOARD_FILE}. Skapa den med nämndens namn, avdelningar och sammanträden.")
        return None
    loaded = _read_fields(path, report, f"{BOARD_FILE} ska bestå av fält (nyckel: värde), till exempel \"name: ...\".")
    if loaded is None:
        return None
    data, positions = loaded
    before = len(report.problems)
    _check_fields(schemas.BOARD_SCHEMA, data, positions, path, report)
    meetings = _meetings(data.get("meetings"), positions, path, report)
    if len(report.problems) > before:
        return None
    defaults = data.get("defaults", {})
    return Board(
        slug=board_dir.name,
        name=data["name"],
        kind=data["kind"],
        district=data.get("district"),
        departments=dict(data["departments"]),
        meetings=tuple(meetings),
        default_complaints=defaults.get("complaints"),
        default_contact=Contact.from_data(defaults["contact"]) if "contact" in defaults else None,
        source=report.relative(path),
    )


def _meetings(items: Any, positions, path: Path, report: _Report) -> list[Meeting]:
    meetings: list[Meeting] = []
    seen: set = set()
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        date = strictyaml.parse_date(item.get("date"))
        if date is None:
            _report_bad_date(item.get("date"), ("meetings", index, "date"), positions, path, report)
            continue
        if date in seen:
            line, column = positions.of(("meetings", index, "date"))
            report.add(path, line, column, f"Sammanträdet {date} står två gånger. Ta bort det ena.")
        seen.add(date)
        meetings.append(Meeting(date, item.get("case_number"), item.get("paragraph"), item.get("minutes")))
    return sorted(meetings, key=lambda meeting: meeting.date)


def _report_bad_date(value: Any, at, positions, path: Path, report: _Report) -> None:
    if isinstance(value, str) and strictyaml.DATE_FORM.fullmatch(value):
        line, column = positions.of(at)
        report.add(path, line, column, f"{value} är inget riktigt datum. Kontrollera månad och dag.")
    # other forms are reported by the schema's pattern


# --- guarantees -------------------------------------------------------------


def _load_units(board_dir: Path, board: Board | None, unit_files: list[Path], report: _Report,
                cache: LoadCache) -> list[Guarantee]:
    guarantees = []
    # What a unit's own check takes from its board (see load_guarantee_file).
    from_board = (board is not None, board.default_complaints if board else None)
    first_seen: dict[str, Path] = {}
    for path in unit_files:
        department, slug = path.parent.name, path.stem
        if board and department not in board.departments:
            known = ", ".join(board.departments)
            report.add(path, 1, 1, f"Avdelningen \"{department}\" finns inte i {board_dir.name}/{BOARD_FILE}. "
                       f"Lägg till den under departments, eller flytta filen till en av: {known}.")
        if board and slug in board.departments:
            report.add(path, 1, 1, f"Enheten får inte heta som en avdelning (\"{slug}\"). Byt filnamn, till exempel till \"{slug}-enhet\".")
        if slug in first_seen:
            report.add(path, 1, 1, f"Det finns redan en enhet som heter \"{slug}\" i nämnden ({report.relative(first_seen[slug])}). "
                       "Varje enhet behöver ett eget filnamn inom nämnden.")
        first_seen.setdefault(slug, path)
        guarantee = cache.load(path, from_board, report, lambda: load_guarantee_file(path, board, report))
        if guarantee:
            guarantees.append(guarantee)
    return guarantees


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts), or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def load_guarantee_file(path: Path, board: Board | None, report: _Report) -> Guarantee | None:
    text = read_text(path, report)
    return None if text is None else _load_guarantee_text(text, path, board, report)


def guarantee_from_bytes(data: bytes, path: str, board: Board) -> Guarantee | None:
    """A guarantee file's content (e.g. as git recorded it at a tag), loaded by the same rules;
    None if it does not load cleanly. `path` is repository-relative: guarantees/<board>/<department>/<unit>.md."""
    report = _Report(Path("."))
    text = decode(data, path, report) if len(data) <= MAX_FILE_BYTES else None
    guarantee = _load_guarantee_text(text, Path(path), board, report) if text is not None else None
    return guarantee if not report.problems else None


def _load_guarantee_text(text: str, path: Path, board: Board | None, report: _Report) -> Guarantee | None:
    parts = split_front_matter(text)
    if parts is None:
        report.add(path, 1, 1, "Filen ska börja med en rad med bara --- följd av fälten (title, service, ...) "
                   "och en till rad med bara ---. Se CONTRIBUTING.md.")
        return None
    front, body, body_line = parts
    loaded = _load_yaml(front, path, report, line_offset=1)
    if loaded is None:
        return None
    data, positions = loaded
    if not isinstance(data, dict):
        report.add(path, 2, 1, "Framsidan ska bestå av fält (nyckel: värde), till exempel \"title: Dalens förskolor\".")
        return None
    before = len(report.problems)
    _check_fields(schemas.GUARANTEE_SCHEMA, data, positions, path, report)
    _check_body(body, body_line, path, report)
    if data.get("draft") is not True:
        _refuse_placeholders(data, body, body_line, positions, path, report)
    valid = _validity(data.get("valid"), positions, path, report)
    complaints = data.get("complaints") or (board.default_complaints if board else None)
    if board and not complaints:
        report.add(path, 2, 1, "Fältet \"complaints\" (synpunkter och klagomål) saknas och nämnden har ingen gemensam text "
                   f"(defaults: complaints i {BOARD_FILE}). Lägg till complaints.")
    if len(report.problems) > before or board is None or valid is None:
        return None
    return _guarantee(path, data, valid, complaints, body, report)


def _check_body(body: str, first_line: int, path: Path, report: _Report) -> None:
    if not body.strip():
        report.add(path, first_line, 1, "Verksamhetsidén saknas. Skriv en kort presentation av enheten under den andra raden med ---.")
    for message in schemas.validate_body(body.strip()):
        report.add(path, first_line, 1, message)
    for problem in check_text(body):
        before = body[: problem.offset]
        line = first_line + before.count("\n")
        column = problem.offset - (before.rfind("\n") + 1) + 1
        report.add(path, line, column, problem.message)


def _refuse_placeholders(data: dict, body: str, body_line: int, positions, path: Path, report: _Report) -> None:
    """Texts left from `garanti new`'s template may not be published: only a draft may keep them."""
    advice = ("Texten är kvar från mallen som garanti new skapade. Skriv er egen text, "
              "eller låt raden \"draft: true\" stå kvar tills garantin är klar.")
    for at, value in _strings(data):
        if PLACEHOLDER in value or (at == ("contact", "phone") and value == PLACEHOLDER_PHONE):
            line, column = positions.of(at)
            report.add(path, line, column, advice)
    if PLACEHOLDER in body:
        before = body[: body.index(PLACEHOLDER)]
        report.add(path, body_line + before.count("\n"), 1, advice)


def _strings(data: Any, at=()):
    """(path, text) for every string value in the data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, at + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, at + (index,))
    elif isinstance(data, str):
        yield at, data


# The schema's fields that the model holds in another shape than the front matter's.
_FRONT_MATTER_SHAPES = {
    "valid": lambda g: {"from": g.valid_from.isoformat(), "to": g.valid_to.isoformat()},
    "commitments": lambda g: [{"area": c.area, "text": c.text} if c.area else c.text for c in g.commitments],
    "contact": lambda g: g.contact.as_data(),
}


def front_matter(guarantee: Guarantee) -> dict[str, Any]:
    """The guarantee's fields as the schema names and shapes them, in its order (JSON-ready).

    Every field comes from the schema's list (schemas.guarantee_fields); one the
    model lacks fails here, and in tests, rather than being left out silently."""
    return {
        key: _FRONT_MATTER_SHAPES[key](guarantee) if key in _FRONT_MATTER_SHAPES else getattr(guarantee, key)
        for key in schemas.guarantee_fields()
    }


def _validity(valid: Any, positions, path: Path, report: _Report):
    if not isinstance(valid, dict):
        return None
    dates = {}
    for key in ("from", "to"):
        dates[key] = strictyaml.parse_date(valid.get(key))
        if dates[key] is None:
            _report_bad_date(valid.get(key), ("valid", key), positions, path, report)
    if None in dates.values():
        return None
    if dates["to"] < dates["from"]:
        line, column = positions.of(("valid", "to"))
        report.add(path, line, column, f"Giltighetstiden slutar ({dates['to']}) innan den börjar ({dates['from']}). Rätta datumen.")
        return None
    return dates["from"], dates["to"]


def _guarantee(path: Path, data: dict, valid, complaints: str, body: str, report: _Report) -> Guarantee:
    preschool = data["service"] == PRESCHOOL
    commitments = tuple(
        Commitment(item["text"], item["area"]) if preschool else Commitment(item)
        for item in data["commitments"]
    )
    return Guarantee(
        board=path.parent.parent.name,
        department=path.parent.name,
        slug=path.stem,
        title=data["title"],
        service=data["service"],
        valid_from=valid[0],
        valid_to=valid[1],
        commitments=commitments,
        correction=data["correction"],
        complaints=complaints,
        contact=Contact.from_data(data["contact"]),
        body=body.strip(),
        more_info=data.get("more_info"),
        draft=bool(data.get("draft", False)),
        source=report.relative(path),
    )


# --- follow-ups ---------------------------------------------------------------


@dataclass(frozen=True)
class _FollowUpText:
    """A follow-up file as read and checked on its own, before it is matched with its guarantee."""

    data: dict
    positions: strictyaml.Positions
    clean: bool  # no problem of its own: it may go into the corpus once it matches its guarantee


def _load_follow_ups(paths: list[Path], board: Board | None, guarantees: list[Guarantee], report: _Report,
                     cache: LoadCache, earlier: EarlierGuarantees | None, unfinished: list[str]) -> list[FollowUp]:
    """The board's follow-ups, each checked and matched against the guarantee of its year;
    the drafts still being filled in are added to `unfinished`."""
    by_file = {g.source: g for g in guarantees}
    follow_ups = []
    for path in paths:
        unit, year = split_follow_up_name(path.name)
        read = cache.load(path, None, report, lambda: load_follow_up_file(path, report))
        guarantee_path = path.with_name(f"{unit}.md")
        if not guarantee_path.is_file():
            report.add(path, 1, 1, f"Uppföljningen hör inte till någon garanti: {report.relative(guarantee_path)} "
                       "finns inte. Lägg uppföljningen bredvid garantin den följer upp, med samma namn före "
                       f"\"{FOLLOW_UP_INFIX}\", eller ta bort den.")
            continue
        guarantee = by_file.get(report.relative(guarantee_path))
        if read is None or board is None or guarantee is None or year is None or not is_slug(unit):
            continue  # the problems are reported: its own, or its guarantee's or board's
        follow_up = _follow_up(path, year, read, board, guarantee, report, earlier)
        if follow_up is not None:
            follow_ups.append(follow_up)
        elif read.clean and not _filled_in(read.data):
            unfinished.append(report.relative(path))
    return follow_ups


def load_follow_up_file(path: Path, report: _Report) -> _FollowUpText | None:
    """A follow-up file checked against its schema, the untrusted-text rules and what a finished
    one needs; None only if it cannot be read as fields at all. Every problem is reported in one
    check: the matching with its guarantee still runs on a file with problems of its own."""
    loaded = _read_fields(path, report, "Uppföljningen ska bestå av fält (nyckel: värde), till exempel "
                          "\"complaints: 3\". Skapa den med garanti uppfoljning, se CONTRIBUTING.md.")
    if loaded is None:
        return None
    data, positions = loaded
    before = len(report.problems)
    _check_fields(schemas.FOLLOW_UP_SCHEMA, data, positions, path, report)
    if data.get("draft") is not True:
        _refuse_unfinished(data, positions, path, report)
    return _FollowUpText(data, positions, clean=len(report.problems) == before)


def _refuse_unfinished(data: dict, positions: strictyaml.Positions, path: Path, report: _Report) -> None:
    """Only a draft may leave a value empty, or a result without its comment: what is published
    says how every commitment went."""
    def add(at, message: str) -> None:
        line, column = positions.of_key(at)
        report.add(path, line, column, message + " Eller låt raden \"draft: true\" stå kvar tills uppföljningen är klar.")

    for index, item in _result_items(data):
        if item.get("result") in RESULTS[1:] and not item.get("comment"):
            add(("results", index, "result"), f"Åtagandet är {item['result']}: skriv en kort kommentar efter "
                "\"comment:\" om vad som hände och vad ni gör nu.")
    for at, message in _empty_values(data):
        add(at, message)


def _result_items(data: dict) -> Iterator[tuple[int, dict]]:
    """(index, item) for each result that is a group of fields (the schema reports any other shape)."""
    results = data.get("results")
    for index, item in enumerate(results if isinstance(results, list) else []):
        if isinstance(item, dict):
            yield index, item


def _empty_values(data: dict) -> Iterator[tuple[tuple, str]]:
    """The values a published follow-up needs that are written but still empty (a draft may leave
    them so), each with where it is and what to write. A value left out altogether is the schema's
    message ("Fältet ... saknas")."""
    words = ", ".join(RESULTS[:-1]) + " eller " + RESULTS[-1]
    for index, item in _result_items(data):
        if "result" in item and item["result"] is None:
            yield ("results", index, "result"), f"Resultatet saknas. Skriv {words} efter \"result:\"."
    corrections = data.get("corrections")
    if isinstance(corrections, dict) and "count" in corrections and corrections["count"] is None:
        yield ("corrections", "count"), "Antalet begärda rättelser saknas. Skriv ett heltal efter \"count:\", till exempel 0."
    if "complaints" in data and data["complaints"] is None:
        yield ("complaints",), "Antalet klagomål saknas. Skriv ett heltal efter \"complaints:\", till exempel 0."


def _filled_in(data: dict) -> bool:
    """Whether every value a published follow-up needs is there (a draft may leave them empty)."""
    return next(_empty_values(data), None) is None


def covers(guarantee: Guarantee, year: int) -> bool:
    return guarantee.valid_from.year <= year <= guarantee.valid_to.year


def _follow_up(path: Path, year: int, read: _FollowUpText, board: Board, guarantee: Guarantee, report: _Report,
               earlier: EarlierGuarantees | None) -> FollowUp | None:
    """The follow-up, matched with the guarantee of its year; None if it does not match or is unfinished."""
    data, positions = read.data, read.positions
    followed = guarantee if covers(guarantee, year) else None
    if followed is None and earlier is not None:
        followed = earlier(board, guarantee.slug, year)
        if followed is None:
            report.add(path, 1, 1, f"Hittar ingen garanti för {year} att jämföra uppföljningen med: "
                       f"{guarantee.source} gäller {guarantee.valid_from}–{guarantee.valid_to}, och varken nämndens "
                       f"godkännandetaggar eller garantins historik i git har en version av garantin som gällde {year}. "
                       "Kontrollera året i filnamnet.")
            return None
    if followed is not None and not _matches(path, data, positions, followed, year, report):
        return None
    if not read.clean or not _filled_in(data):
        return None  # problems of its own; or a draft still being filled in: it passes, but shows nowhere yet
    areas = {_normal(c.text): c.area for c in followed.commitments} if followed else {}
    return FollowUp(
        board=guarantee.board,
        department=guarantee.department,
        unit=guarantee.slug,
        year=year,
        results=tuple(
            CommitmentResult(item["commitment"], item["result"], item.get("comment"),
                             item.get("area") or areas.get(_normal(item["commitment"])))
            for item in data["results"]
        ),
        corrections=data["corrections"]["count"],
        corrections_changed=data["corrections"].get("changed"),
        complaints=data["complaints"],
        draft=bool(data.get("draft", False)),
        source=report.relative(path),
    )


def _normal(text: str) -> str:
    """A commitment as compared: line breaks and runs of spaces are not a difference."""
    return " ".join(text.split())


def _matches(path: Path, data: dict, positions: strictyaml.Positions, guarantee: Guarantee, year: int,
             report: _Report) -> bool:
    """Whether the follow-up names each commitment of the guarantee once, and nothing else."""
    before = len(report.problems)
    wanted = {_normal(c.text): c for c in guarantee.commitments}
    seen: set[str] = set()
    items = list(_result_items(data))
    if not isinstance(data.get("results"), list) or len(items) < len(data["results"]) or any(
            not isinstance(item.get("commitment"), str) for _, item in items):
        return False  # the results' shape is wrong (reported): which commitments they name is not known
    for index, item in items:
        text = _normal(item["commitment"])
        line, column = positions.of(("results", index, "commitment"))
        if text in seen:
            report.add(path, line, column, "Åtagandet står två gånger i uppföljningen. Ta bort det ena.")
        elif text not in wanted:
            report.add(path, line, column, _unknown_commitment(text, set(wanted) - seen, guarantee, year))
        elif item.get("area") in schemas.curriculum_areas() and item["area"] != wanted[text].area:
            line, column = positions.of(("results", index, "area"))
            report.add(path, line, column, f"Läroplansområdet ska vara \"{wanted[text].area}\", som i garantin "
                       f"({guarantee.source})." if wanted[text].area else
                       "Bara förskolor anger läroplansområde (area). Ta bort raden.")
        seen.add(text)
    line, column = positions.of_key(("results",))
    for text in wanted:
        if text not in seen:
            report.add(path, line, column, f"Åtagandet \"{_shortened(text)}\" i garantin för {year} "
                       f"({guarantee.source}) saknas i uppföljningen. Lägg till det med commitment: och result:.")
    return len(report.problems) == before


# The closest commitment is looked for among the texts' beginnings: difflib's time grows with the
# product of the lengths, and 30 texts of 2,000 characters against 30 took seconds.
_COMPARED_LENGTH = 200


def _unknown_commitment(text: str, left: set[str], guarantee: Guarantee, year: int) -> str:
    beginnings = {candidate[:_COMPARED_LENGTH]: candidate for candidate in sorted(left)}
    close = difflib.get_close_matches(text[:_COMPARED_LENGTH], list(beginnings), n=1, cutoff=0.6)
    hint = (f" Menade du \"{_shortened(beginnings[close[0]])}\"? Skriv åtagandet exakt som i garantin." if close
            else " Skriv åtagandet exakt som i garantin, eller ta bort det.")
    return (f"Åtagandet finns inte i garantin för {year} ({guarantee.source}); har garantins text ändrats?{hint}")


def _shortened(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
