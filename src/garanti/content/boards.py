"""A board's board.yml: its name, departments, meetings and defaults."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import schemas
from ..dates import DATE_FORM, parse_date
from ..languages import SEARCH_TAGS
from ..layout import BOARD_FILE
from ..model import Board, BoardNames, Contact, Meeting
from ..search_data import city_places, stop_words
from .files import check_fields, read_fields
from .problems import Findings


def load_board_dir(board_dir: Path, report: Findings) -> Board | None:
    path = board_dir / BOARD_FILE
    if path.is_symlink() or not path.is_file():
        report.add(
            board_dir,
            1,
            1,
            f"Nämndens mapp saknar {BOARD_FILE}. Skapa den med nämndens namn, avdelningar och sammanträden.",
        )
        return None
    loaded = read_fields(path, report, f'{BOARD_FILE} ska bestå av fält (nyckel: värde), till exempel "name: ...".')
    if loaded is None:
        return None
    data, positions = loaded
    before = len(report.problems)
    check_fields(schemas.BOARD_SCHEMA, data, positions, path, report)
    meetings = _meetings(data.get("meetings"), positions, path, report)
    names = _names(data, positions, path, report)
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
        places=tuple(data.get("places", ())),
        names=names,
    )


def _names(data: dict, positions, path: Path, report: Findings) -> dict[str, BoardNames]:
    """The board's names per language (the schema has checked their form); a department named that the
    board does not have is refused at its line."""
    names = {}
    given_names = data.get("names")
    for key, given in given_names.items() if isinstance(given_names, dict) else ():
        if not isinstance(given, dict):
            continue
        departments = given.get("departments") or {}
        if not isinstance(departments, dict):
            continue  # the schema has said what form they take
        for slug in departments:
            if slug not in (data.get("departments") or {}):
                line, column = positions.of_key(("names", key, "departments", slug))
                report.add(
                    path,
                    line,
                    column,
                    f'Avdelningen "{slug}" under names: {key}: finns inte under '
                    "departments. Skriv samma mappnamn som där, eller ta bort raden.",
                )
        names[key] = BoardNames(given.get("name"), dict(departments))
    return names


def check_places(boards: Iterable[Board], root: Path, report: Findings) -> None:
    """A place (board.yml's places) belongs to one board: the site's search shows its units for it. A place
    another board named first (in the boards' order) is refused at its line in the later board.yml."""
    named: dict[str, Board] = {}
    boards = sorted(boards, key=lambda board: board.slug)
    fixed = {**_service_words(), **_stop_words()}  # the same for every board
    city = {search_form(district): parts for district, parts in city_places().items()}
    for board in boards:
        taken = {**fixed, **_names_of_others(board, boards, city)}
        for place in board.places:
            form = search_form(place)
            if form in taken:
                report.add(
                    board.source,
                    *_place_at(root / board.source, place),
                    f'Platsen "{place}" är samma ord som '
                    f"{taken[form]}: sökningen skulle visa den här nämndens enheter för det. "
                    "Ta bort platsen.",
                )
            first = named.setdefault(place.casefold(), board)
            if first is not board:
                report.add(
                    board.source,
                    *_place_at(root / board.source, place),
                    f'Platsen "{place}" står också under places i {first.source}. '
                    "En plats hör till en nämnd: ta bort den från en av dem.",
                )


def search_form(word: str) -> str:
    """A word as the site's search compares it (docs/assets/sok.js): lower case, without diacritics."""
    return "".join(
        c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.category(c).startswith("M")
    )


def _service_words() -> dict[str, str]:
    """{search form: what it is} of every word the search takes for a service type, in every search language."""
    words = {}
    for language in SEARCH_TAGS:
        for service, everyday in schemas.everyday_words(language).items():
            for word in (service, *everyday):
                words.setdefault(search_form(word), f'ett ord för en verksamhet ("{word}", {service})')
    return words


def _stop_words() -> dict[str, str]:
    """{search form: what it is} of the small words the search drops from a query, in every search language."""
    return {
        search_form(word): f'ett småord som sökningen tar bort ur frågan ("{word}")'
        for words in stop_words().values()
        for word in words
    }


def _names_of_others(board: Board, boards: Iterable[Board], city: dict[str, list[str]]) -> dict[str, str]:
    """{search form: what it is} of the other boards' names and districts, and the stadsdelar the city's list
    (data/stockholm.yml; `city`: by the district's search form) puts in their districts."""
    names = {}
    for other in boards:
        if other is not board:
            names[search_form(other.name)] = f"namnet på nämnden i {other.source}"
            if other.district:
                names[search_form(other.district)] = f"stadsdelsområdet för {other.source}"
                for part in city.get(search_form(other.district), ()):
                    names.setdefault(
                        search_form(part), f"en stadsdel i {other.district}, stadsdelsområdet för {other.source}"
                    )
    return names


def _place_at(path: Path, place: str) -> tuple[int, int]:
    """Line and column of the place as a list item ("- Fruängen") in the file, else its start."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1, 1
    for number, line in enumerate(lines, 1):
        if line.strip() == f"- {place}":
            return number, line.index(place) + 1
    return 1, 1


def _meetings(items: Any, positions, path: Path, report: Findings) -> list[Meeting]:
    meetings: list[Meeting] = []
    seen: set = set()
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        date = parse_date(item.get("date"))
        if date is None:
            report_bad_date(item.get("date"), ("meetings", index, "date"), positions, path, report)
            continue
        if date in seen:
            line, column = positions.of(("meetings", index, "date"))
            report.add(path, line, column, f"Sammanträdet {date} står två gånger. Ta bort det ena.")
        seen.add(date)
        meetings.append(Meeting(date, item.get("case_number"), item.get("paragraph"), item.get("minutes")))
    return sorted(meetings, key=lambda meeting: meeting.date)


def report_bad_date(value: Any, at, positions, path: Path, report: Findings) -> None:
    if isinstance(value, str) and DATE_FORM.fullmatch(value):
        line, column = positions.of(at)
        report.add(path, line, column, f"{value} är inget riktigt datum. Kontrollera månad och dag.")
    # other forms are reported by the schema's pattern
