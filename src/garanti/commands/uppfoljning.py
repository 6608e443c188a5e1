"""`garanti uppfoljning BOARD/DEPARTMENT/UNIT YEAR`: a unit's follow-up of a year, from its guarantee.

Named after the file it writes (<unit>.uppfoljning-<year>.yml), the word editors use.
"""

from __future__ import annotations

from ..approval import earlier_guarantees
from ..dates import today, year_argument
from ..editing import new_follow_up
from ..editing.follow_along import refresh_follow_up
from ..editing.follow_along_branch import bring_branch_along
from ..errors import UsageError
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
    parser.add_argument(
        "target",
        metavar="NÄMND/AVDELNING/ENHET",
        nargs="?",
        help="garantin som följs upp, till exempel hagersten-liljeholmen/forskola/fruangens-forskolor",
    )
    parser.add_argument("year", metavar="ÅR", nargs="?", help="året som följs upp, till exempel 2026")
    parser.add_argument(
        "--uppdatera",
        action="store_true",
        help="uppdatera en uppföljning som finns efter att garantins åtaganden har ändrats: "
        "åtagandena hämtas ur garantin, och resultat och kommentarer står kvar där åtagandet "
        "inte ändrades (formuläret gör det själv när garantin sparas)",
    )
    parser.add_argument(
        "--gren",
        metavar="BAS",
        help="uppdatera uppföljningarna på grenen som är utcheckad, i stället för en enhets: för varje "
        "garanti grenen har ändrat sedan den skapades från BAS (till exempel origin/main), som med "
        "--uppdatera, och gör en commit av dem på grenen. Arbetsflödet på git-tjänsten gör det "
        "efter varje sparning i formuläret. En gren som ändrar något utanför guarantees/ rörs inte",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.gren is not None:
        if args.target is not None or args.uppdatera:
            raise UsageError(
                "--gren uppdaterar grenens alla uppföljningar: skriv inte en enhet, ett år eller --uppdatera med den."
            )
        return _branch(args)
    if args.year is None:
        raise UsageError(
            "skriv garantin och året, till exempel: garanti uppfoljning "
            "hagersten-liljeholmen/forskola/fruangens-forskolor 2026"
        )
    parts = unit_target(args.target)
    year = year_argument(args.year, today())
    if args.uppdatera:
        return _refresh(args, parts, year)
    path, followed = new_follow_up(args.root, *parts, year=year, earlier=earlier_guarantees(args.root))
    relative = path.relative_to(args.root).as_posix()
    print(f"Skapade {relative}")
    print(
        "Uppföljningen är ett utkast (draft: true) med "
        f"{count_text(len(followed.commitments), 'åtagande', 'åtaganden')} ur garantin för {year} ({followed.source})."
    )
    print()
    print("Nästa steg:")
    print('  1. Skriv efter varje "result:" uppfyllt, delvis uppfyllt eller inte uppfyllt, och en kort kommentar.')
    print(
        "  2. Fyll i antalet begärda rättelser (count:), vad ni ändrade (changed:) och antalet klagomål (complaints:)."
    )
    print(f"  3. Kontrollera filen: garanti check {relative}")
    print('  4. När uppföljningen är klar: ta bort raden "draft: true" och lämna in ändringen (se ARSCYKEL.md).')
    return 0


def _refresh(args, parts: tuple[str, str, str], year: int) -> int:
    path, followed, changed = refresh_follow_up(args.root, *parts, year=year, earlier=earlier_guarantees(args.root))
    relative = path.relative_to(args.root).as_posix()
    if not changed:
        print(f"{relative} har redan garantins åtaganden för {year} ({followed.source}). Inget ändrades.")
        return 0
    print(f"Uppdaterade {relative}: åtagandena är garantins för {year} ({followed.source}).")
    if "draft: true" in path.read_text(encoding="utf-8"):
        print(
            "Ett nytt eller ändrat åtagande saknar resultat, så uppföljningen är ett utkast (draft: true) tills du har "
            'fyllt i det. Ta sedan bort raden "draft: true".'
        )
    return 0


def _branch(args) -> int:
    done = bring_branch_along(args.root, args.gren)
    for path, branch in sorted(done.waiting.items()):
        print(
            f"{path} följer inte med: den har en egen ändring som väntar på grenen {branch}. Ta in den först, "
            "eller uppdatera åtagandena där."
        )
    for path, guarantee in sorted(done.refreshed.items()):
        print(
            f"Uppdaterade {path}: åtagandena hämtades ur {guarantee}, resultaten står kvar där åtagandet inte ändrades."
        )
    if done.commit:
        print(f"Uppföljningarna följer med i commit {done.commit[:12]} på grenen.")
    elif not done.waiting:
        print("Ingen uppföljning behövde följa med. Inget ändrades.")
    return 0
