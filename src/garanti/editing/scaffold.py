"""New files from the city's template: a new unit's guarantee (`garanti new`) and a unit's
follow-up of a year (`garanti uppfoljning`), each written only if it passes the check as it stands."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import jinja2

from .. import schemas
from ..content import EarlierGuarantees, check_tree, covers, load_board
from ..errors import Refusal
from ..layout import BOARD_FILE, CONTENT_DIR, follow_up_name, is_follow_up_name, is_slug, slugify
from ..model import PLACEHOLDER, PLACEHOLDER_PHONE, PRESCHOOL, Board, Contact, Guarantee
from .files import yaml_quote

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"


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
    raise Refusal(schemas.not_a_choice(given, "verksamhet", services))


def new_guarantee(root: Path, board: str, department: str, unit: str, title: str, service: str, year: int) -> Path:
    """Write guarantees/board/department/unit.md from the template; never overwrites.

    The written file is checked like any other; if the check finds a problem
    (a title with HTML, say) the file is removed again and the problems are
    the refusal.
    """
    service = resolve_service(service)
    title = " ".join(title.split())
    _refuse_bad_slugs(board, department, unit, title)
    loaded = load_board(root, board)
    _refuse_bad_place(root, loaded, department, unit)
    path = root / CONTENT_DIR / board / department / f"{unit}.md"
    path.parent.mkdir(exist_ok=True)
    _create_checked(root, path, render_new(loaded, title, service, year), "Garantin")
    return path


def _create_checked(root: Path, path: Path, text: str, what: str, earlier: EarlierGuarantees | None = None) -> None:
    """Write a new file that passes the check: never over an existing one, and removed again
    (Refusal with the check's messages) if the check refuses it."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise Refusal(f"{_relative(root, path)} finns redan. Den skrivs aldrig över.") from None
    problems = check_tree(root, [path], earlier=earlier).problems
    if problems:
        path.unlink()
        raise Refusal(f"{what} skulle inte klara kontrollen, så ingen fil skapades:", problems)


def _refuse_bad_slugs(board: str, department: str, unit: str, title: str) -> None:
    for part, what, suggestion in (
        (board, "Nämndens namn", slugify(board)),
        (department, "Avdelningens namn", slugify(department)),
        (unit, "Enhetens namn", slugify(title) or slugify(unit)),
    ):
        if not is_slug(part):
            hint = f' Använd till exempel "{suggestion}".' if suggestion else ""
            raise Refusal(
                f'{what} i sökvägen, "{part}", får bara innehålla små bokstäver a–z, '
                f"siffror och bindestreck (å, ä blir a och ö blir o).{hint}"
            )


def _refuse_bad_place(root: Path, board: Board, department: str, unit: str) -> None:
    board_dir = root / CONTENT_DIR / board.slug
    if department not in board.departments:
        known = "\n".join(f"  {slug}  ({name})" for slug, name in board.departments.items())
        raise Refusal(
            f'Avdelningen "{department}" finns inte i {CONTENT_DIR}/{board.slug}/{BOARD_FILE}. '
            f"Avdelningar som finns:\n{known}"
        )
    if unit in board.departments:
        raise Refusal(
            f'Enheten får inte heta som en avdelning ("{unit}"). Välj ett annat namn, till exempel "{unit}-enhet".'
        )
    existing = sorted(board_dir.glob(f"*/{unit}.md"))
    if existing:
        raise Refusal(
            f'Det finns redan en enhet som heter "{unit}" i nämnden: {_relative(root, existing[0])}. '
            "Den skrivs aldrig över. Välj ett annat namn för den nya enheten."
        )


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
    return {
        "phone": PLACEHOLDER_PHONE
    }, "Byt till enhetens arbetstelefon, och lägg gärna till email: (funktionsadress)."


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


def new_follow_up(
    root: Path, board: str, department: str, unit: str, year: int, earlier: EarlierGuarantees
) -> tuple[Path, Guarantee]:
    """Write the unit's follow-up of `year` beside its guarantee, as a draft with every commitment
    of the guarantee valid that year; never overwrites. Returns the file and that guarantee.

    `earlier` finds the guarantee the board approved for the year when the file in the
    tree has moved on (see content.EarlierGuarantees). The written file is checked like
    any other and removed again if the check finds a problem."""
    followed, path = followed_guarantee(root, board, department, unit, year, earlier)
    results = follow_up_results(
        [{"commitment": c.text, "area": c.area, "result": None, "comment": None} for c in followed.commitments]
    )
    text = _template("new_follow_up.yml.j2").render(title=followed.title, year=year, results=results)
    _create_checked(root, path, text, "Uppföljningen", earlier)
    return path, followed


def followed_guarantee(
    root: Path, board: str, department: str, unit: str, year: int, earlier: EarlierGuarantees
) -> tuple[Guarantee, Path]:
    """The guarantee a follow-up of `year` reports on (the file in the tree when it covers the year,
    else the version the board approved for it), and the follow-up's file."""
    _refuse_bad_slugs(board, department, unit, unit)
    loaded = load_board(root, board)
    guarantee = _checked_guarantee(root, board, department, unit)
    followed = guarantee if covers(guarantee, year) else earlier(loaded, unit, year)
    if followed is None:
        raise Refusal(
            f"Hittar ingen garanti för {year} att följa upp: {guarantee.source} gäller "
            f"{guarantee.valid_from}–{guarantee.valid_to}, och varken nämndens godkännandetaggar eller "
            f"garantins historik i git har en version av garantin som gällde {year}. Kontrollera året. "
            "Inget har ändrats."
        )
    return followed, root / CONTENT_DIR / board / department / follow_up_name(unit, year)


def follow_up_results(results: list[dict]) -> str:
    """A follow-up's `results:` block, as the guides write it: each commitment (and its area), its
    result and comment (empty where not given)."""
    return _template("follow_up_results.yml.j2").render(results=results).rstrip("\n")


def _checked_guarantee(root: Path, board: str, department: str, unit: str) -> Guarantee:
    """The unit's guarantee, loaded and checked; refused when it is missing or has problems."""
    path = root / CONTENT_DIR / board / department / f"{unit}.md"
    relative = _relative(root, path)
    if not path.is_file():
        raise Refusal(
            f"Garantin {relative} finns inte. En uppföljning ligger bredvid garantin den följer upp: "
            "skriv nämnd, avdelning och enhet som i sökvägen till garantin, till exempel "
            "hagersten-liljeholmen/forskola/fruangens-forskolor."
        )
    result = check_tree(root, [path])
    guarantee = next((g for g in result.corpus.guarantees if g.source == relative), None)
    # A follow-up that no longer matches is what --uppdatera is for: not the guarantee's fault.
    problems = [p for p in result.problems if not is_follow_up_name(Path(p.path).name)]
    if guarantee is None or problems:
        raise Refusal(f"{relative} har fel. Rätta dem först (garanti check), inget har ändrats:", problems)
    return guarantee
