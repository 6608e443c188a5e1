"""`garanti uppfoljning BOARD/DEPARTMENT/UNIT YEAR`: a unit's follow-up of a year, from its guarantee.

Named after the file it writes (<unit>.uppfoljning-<year>.yml), the word editors use.
"""

from __future__ import annotations


from ..approval import earlier_guarantees
from ..dates import today, year_argument
from ..editing import new_follow_up
from ..editing.follow_along import refresh_follow_up
from ..wording import count_text
from .new import unit_target


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "uppfoljning",
        help="skapa en enhets uppföljning av ett år, med garantins åtaganden ifyllda",
        description=(
            "Skapar guarantees/NÄMND/AVDELNING/ENHET.uppfoljning-ÅR.yml bredvid garantin, som utkast "
            "(draft: true), med varje åtagande ur garantin som gällde ÅR. Fyll i resultat, kommentarer, "
            "rättelser och klagomål. Har garantin redan förts över till ett senare år hämtas åtagandena ur "
            "den version nämnden fastställde för ÅR (godkännandetaggarna i git). En fil som redan finns "
            "skrivs aldrig över."
        ),
    )
    parser.add_argument("target", metavar="NÄMND/AVDELNING/ENHET",
                        help="garantin som följs upp, till exempel hagersten-liljeholmen/forskola/fruangens-forskolor")
    parser.add_argument("year", metavar="ÅR", help="året som följs upp, till exempel 2026")
    parser.add_argument("--uppdatera", action="store_true",
                        help="uppdatera en uppföljning som finns efter att garantins åtaganden har ändrats: "
                             "åtagandena hämtas ur garantin, och resultat och kommentarer står kvar där åtagandet "
                             "inte ändrades (formuläret gör det själv när garantin sparas)")
    parser.set_defaults(run=run)


def run(args) -> int:
    parts = unit_target(args.target)
    year = year_argument(args.year, today())
    if args.uppdatera:
        return _refresh(args, parts, year)
    path, followed = new_follow_up(args.root, *parts, year=year, earlier=earlier_guarantees(args.root))
    relative = path.relative_to(args.root).as_posix()
    print(f"Skapade {relative}")
    print(f"Uppföljningen är ett utkast (draft: true) med {count_text(len(followed.commitments), 'åtagande', 'åtaganden')} "
          f"ur garantin för {year} ({followed.source}).")
    print()
    print("Nästa steg:")
    print("  1. Skriv efter varje \"result:\" uppfyllt, delvis uppfyllt eller inte uppfyllt, och en kort kommentar.")
    print("  2. Fyll i antalet begärda rättelser (count:), vad ni ändrade (changed:) och antalet klagomål (complaints:).")
    print(f"  3. Kontrollera filen: garanti check {relative}")
    print("  4. När uppföljningen är klar: ta bort raden \"draft: true\" och lämna in ändringen (se ARSCYKEL.md).")
    return 0


def _refresh(args, parts: tuple[str, str, str], year: int) -> int:
    path, followed, changed = refresh_follow_up(args.root, *parts, year=year, earlier=earlier_guarantees(args.root))
    relative = path.relative_to(args.root).as_posix()
    if not changed:
        print(f"{relative} har redan garantins åtaganden för {year} ({followed.source}). Inget ändrades.")
        return 0
    print(f"Uppdaterade {relative}: åtagandena är garantins för {year} ({followed.source}).")
    if "draft: true" in path.read_text(encoding="utf-8"):
        print("Ett nytt eller ändrat åtagande saknar resultat, så uppföljningen är ett utkast (draft: true) tills du har "
              "fyllt i det. Ta sedan bort raden \"draft: true\".")
    return 0
