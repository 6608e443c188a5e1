"""`garanti new BOARD/DEPARTMENT/UNIT --title TITLE --service SERVICE`: a new unit's guarantee."""

from __future__ import annotations

from .. import schemas
from ..dates import today, year_argument
from ..editing import new_guarantee, split_target
from ..errors import UsageError
from ..model import PLACEHOLDER


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "new",
        help="skapa en ny enhets kvalitetsgaranti från mallen",
        description=(
            "Skapar guarantees/NÄMND/AVDELNING/ENHET.md från stadens mall, som utkast (draft: true), "
            "med texter att byta ut. Filen klarar kontrollen direkt. En fil som redan finns skrivs aldrig över."
        ),
    )
    parser.add_argument(
        "target",
        metavar="NÄMND/AVDELNING/ENHET",
        help="var garantin ska ligga, till exempel hagersten-liljeholmen/forskola/dalens-forskolor",
    )
    parser.add_argument(
        "--title",
        required=True,
        metavar="NAMN",
        help='enhetens namn så som de boende känner den, till exempel "Dalens förskolor"',
    )
    parser.add_argument(
        "--service",
        required=True,
        metavar="VERKSAMHET",
        help="typ av verksamhet, en av: " + ", ".join(schemas.service_types()),
    )
    parser.add_argument("--year", metavar="ÅR", help="året garantin gäller (standard: nästa år)")
    parser.set_defaults(run=run)


def unit_target(given: str) -> tuple[str, str, str]:
    """(board, department, unit) from NÄMND/AVDELNING/ENHET (or the guarantee's path); a usage error if malformed."""
    parts = split_target(given)
    if parts is None:
        raise UsageError(
            f'"{given}" ska skrivas NÄMND/AVDELNING/ENHET, '
            "till exempel hagersten-liljeholmen/forskola/dalens-forskolor."
        )
    return parts


def run(args) -> int:
    parts = unit_target(args.target)
    on = today()
    year = year_argument(args.year, on) if args.year is not None else on.year + 1
    path = new_guarantee(args.root, *parts, title=args.title, service=args.service, year=year)
    relative = path.relative_to(args.root).as_posix()
    print(f"Skapade {relative}")
    print(f"Garantin är ett utkast (draft: true) och gäller 1 januari–31 december {year}.")
    print()
    print("Nästa steg:")
    print(f'  1. Öppna filen och byt ut varje text som börjar med "{PLACEHOLDER}" mot er egen text.')
    print("  2. Byt kontaktuppgifterna mot enhetens egna (arbetstelefon, funktionsadress för e-post).")
    print(f"  3. Kontrollera filen: garanti check {relative}")
    print('  4. När texten är klar: ta bort raden "draft: true" och lämna in ändringen (se ARSCYKEL.md).')
    return 0
