"""A unit's guarantee: front matter (the city template's fields) and the verksamhetsidé after it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .. import dates, fields, schemas, untrusted_yaml
from ..dates import parse_date
from ..layout import BOARD_FILE, is_follow_up_name
from ..model import PLACEHOLDER, PLACEHOLDER_PHONE, Board, Guarantee
from ..untrusted import check_text
from .boards import report_bad_date
from .cache import LoadCache
from .files import MAX_FILE_BYTES, check_fields, decode, load_yaml, read_text, strings
from .problems import Findings


def load_units(
    board_dir: Path, board: Board | None, unit_files: list[Path], report: Findings, cache: LoadCache
) -> list[Guarantee]:
    guarantees = []
    # What a unit's own check takes from its board (see load_guarantee_file).
    from_board = (board is not None, board.default_complaints if board else None)
    first_seen: dict[str, Path] = {}
    for path in unit_files:
        department, slug = path.parent.name, path.stem
        if board and department not in board.departments:
            known = ", ".join(board.departments)
            report.add(
                path,
                1,
                1,
                f'Avdelningen "{department}" finns inte i {board_dir.name}/{BOARD_FILE}. '
                f"Lägg till den under departments, eller flytta filen till en av: {known}.",
            )
        if board and slug in board.departments:
            report.add(
                path,
                1,
                1,
                f'Enheten får inte heta som en avdelning ("{slug}"). Byt filnamn, till exempel till "{slug}-enhet".',
            )
        if slug in first_seen:
            report.add(
                path,
                1,
                1,
                f'Det finns redan en enhet som heter "{slug}" i nämnden ({report.relative(first_seen[slug])}). '
                "Varje enhet behöver ett eget filnamn inom nämnden.",
            )
        first_seen.setdefault(slug, path)
        guarantee = cache.load(path, from_board, report, partial(load_guarantee_file, path, board, report))
        if guarantee:
            guarantees.append(guarantee)
    return guarantees


def draft_of(data: object) -> bool:
    """Whether a guarantee's front matter, or a follow-up, says draft: true: the one reading of the flag."""
    return isinstance(data, dict) and data.get("draft") is True


def marked_draft(path: str, data: bytes) -> bool:
    """Whether a content file as git recorded it (guarantees/…) is marked draft: true, read as the check
    reads it, without checking the rest. A file that cannot be read counts as a draft: what cannot be
    read is never counted as published."""
    report = Findings(Path("."))
    text = decode(data, path, report) if len(data) <= MAX_FILE_BYTES else None
    if text is None:
        return True
    if not is_follow_up_name(path.rsplit("/", 1)[-1]):
        parts = split_front_matter(text)
        text = parts[0] if parts else None
    try:
        return text is None or draft_of(untrusted_yaml.load(text)[0])
    except untrusted_yaml.YamlProblem:
        return True


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts), or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def load_guarantee_file(path: Path, board: Board | None, report: Findings) -> Guarantee | None:
    text = read_text(path, report)
    return None if text is None else _load_guarantee_text(text, path, board, report)


def guarantee_from_bytes(data: bytes, path: str, board: Board) -> Guarantee | None:
    """A guarantee file's content (e.g. as git recorded it at a tag), loaded by the same rules;
    None if it does not load cleanly. `path` is repository-relative: guarantees/<board>/<department>/<unit>.md."""
    report = Findings(Path("."))
    text = decode(data, path, report) if len(data) <= MAX_FILE_BYTES else None
    guarantee = _load_guarantee_text(text, Path(path), board, report) if text is not None else None
    return guarantee if not report.problems else None


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown content file read: its front matter's fields, where each stood, and the text after it."""

    data: dict
    positions: untrusted_yaml.Positions
    body: str  # as written
    body_line: int


def read_front_matter(text: str, path: Path, report: Findings, first_fields: str, example: str) -> FrontMatter | None:
    """The front matter of fields and the text after it (a guarantee, a language version); None, with the
    problem reported, when there is no front matter, it is not strict YAML or not fields. `first_fields`
    and `example` are what the messages show ("title, service", "title: Dalens förskolor")."""
    parts = split_front_matter(text)
    if parts is None:
        report.add(
            path,
            1,
            1,
            f"Filen ska börja med en rad med bara --- följd av fälten ({first_fields}, ...) "
            "och en till rad med bara ---. Se CONTRIBUTING.md.",
        )
        return None
    front, body, body_line = parts
    loaded = load_yaml(front, path, report, line_offset=1)
    if loaded is None:
        return None
    data, positions = loaded
    if not isinstance(data, dict):
        report.add(path, 2, 1, f'Framsidan ska bestå av fält (nyckel: värde), till exempel "{example}".')
        return None
    return FrontMatter(data, positions, body, body_line)


def _load_guarantee_text(text: str, path: Path, board: Board | None, report: Findings) -> Guarantee | None:
    read = read_front_matter(text, path, report, "title, service", "title: Dalens förskolor")
    if read is None:
        return None
    data, positions, body, body_line = read.data, read.positions, read.body, read.body_line
    before = len(report.problems)
    check_fields(schemas.GUARANTEE_SCHEMA, data, positions, path, report)
    check_body(body, body_line, path, report)
    if not draft_of(data):
        refuse_placeholders(data, body, body_line, positions, path, report)
    valid = _validity(data.get("valid"), positions, path, report)
    _check_quality_award(data.get("quality_award"), positions, path, report)
    complaints = data.get("complaints") or (board.default_complaints if board else None)
    if board and not complaints:
        report.add(
            path,
            2,
            1,
            'Fältet "complaints" (synpunkter och klagomål) saknas och nämnden har ingen gemensam text '
            f"(defaults: complaints i {BOARD_FILE}). Lägg till complaints.",
        )
    if len(report.problems) > before or board is None or valid is None:
        return None
    return _guarantee(path, data, valid, complaints, body, report)


def check_body(body: str, first_line: int, path: Path, report: Findings) -> None:
    if not body.strip():
        report.add(
            path,
            first_line,
            1,
            "Verksamhetsidén saknas. Skriv en kort presentation av enheten under den andra raden med ---.",
        )
    for message in schemas.validate_body(body.strip()):
        report.add(path, first_line, 1, message)
    for problem in check_text(body):
        before = body[: problem.offset]
        line = first_line + before.count("\n")
        column = problem.offset - (before.rfind("\n") + 1) + 1
        report.add(path, line, column, problem.message)


def refuse_placeholders(data: dict, body: str, body_line: int, positions, path: Path, report: Findings) -> None:
    """Texts left from `garanti new`'s template may not be published: only a draft may keep them."""
    advice = "Texten är kvar från mallen som garanti new skapade. Skriv er egen text, eller " + schemas.draft_advice(
        "garantin"
    )
    for at, value in strings(data):
        if PLACEHOLDER in value or (at == ("contact", "phone") and value == PLACEHOLDER_PHONE):
            line, column = positions.of(at)
            report.add(path, line, column, advice)
    if PLACEHOLDER in body:
        before = body[: body.index(PLACEHOLDER)]
        report.add(path, body_line + before.count("\n"), 1, advice)


def _validity(valid: Any, positions, path: Path, report: Findings):
    if not isinstance(valid, dict):
        return None
    dates = {}
    for key in ("from", "to"):
        dates[key] = parse_date(valid.get(key))
        if dates[key] is None:
            report_bad_date(valid.get(key), ("valid", key), positions, path, report)
    if None in dates.values():
        return None
    if dates["to"] < dates["from"]:
        line, column = positions.of(("valid", "to"))
        report.add(
            path,
            line,
            column,
            f"Giltighetstiden slutar ({dates['to']}) innan den börjar ({dates['from']}). Rätta datumen.",
        )
        return None
    return dates["from"], dates["to"]


def _check_quality_award(years: Any, positions, path: Path, report: Findings) -> None:
    """What the schema cannot say of the kvalitetsutmärkelse: each year a whole year (YAML's 2015.0 is a float,
    which JSON Schema counts as an integer), once, not after this one; each decision's date a real day, not after
    today."""
    if not isinstance(years, list):
        return
    today = dates.today()
    seen: set[int] = set()
    for index, entry in enumerate(years):
        if not isinstance(entry, dict):
            continue
        decision = entry.get("decision")
        if isinstance(decision, dict):
            _check_award_decision(
                decision.get("date"), ("quality_award", index, "decision", "date"), today, positions, path, report
            )
        year = entry.get("year")
        line, column = positions.of(("quality_award", index, "year"))
        if isinstance(year, float):
            report.add(path, line, column, f'Året ska vara ett heltal, till exempel 2015, inte "{year}".')
        if not isinstance(year, int) or isinstance(year, bool):
            continue
        if year > today.year:
            report.add(path, line, column, f"Året {year} har inte börjat än. Skriv ett år som har varit eller pågår.")
        if year in seen:
            report.add(
                path,
                line,
                column,
                f"Året {year} står två gånger under quality_award (kvalitetsutmärkelsen). "
                "Skriv varje år en gång, med det utfall och beslut som gäller.",
            )
        seen.add(year)


def _check_award_decision(given: Any, at: tuple, today, positions, path: Path, report: Findings) -> None:
    date = parse_date(given)
    if date is None:
        report_bad_date(given, at, positions, path, report)
    elif date > today:
        line, column = positions.of(at)
        report.add(
            path,
            line,
            column,
            f"Beslutet {date} ligger efter i dag ({today}). Skriv dagen nämnden beslutade, när beslutet är taget.",
        )


def _guarantee(path: Path, data: dict, valid, complaints: str, body: str, report: Findings) -> Guarantee:
    return fields.guarantee(
        data,
        board=path.parent.parent.name,
        department=path.parent.name,
        slug=path.stem,
        valid=valid,
        complaints=complaints,
        body=body,
        source=report.relative(path),
    )
