"""`garanti rollover BOARD YEAR`: next year's copy of every guarantee of a board, as drafts."""

from __future__ import annotations

from ..dates import today, year_argument
from ..editing import FileChange, plan_rollover, write_changes


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "rollover",
        help="förbered nästa år: ny giltighetstid och utkast för nämndens alla garantier",
        description=(
            "Ger nämndens alla garantier giltighetstiden 1 januari–31 december ÅR och markerar dem som "
            "utkast (draft: true) inför granskningen. Bara de raderna ändras; resten av filerna lämnas som de är. "
            "En garanti som redan gäller från ÅR lämnas som den är. "
            "Inget skrivs om någon av nämndens filer har fel. Att köra kommandot igen ändrar inget mer."
        ),
    )
    parser.add_argument("board", metavar="NÄMND", help="nämndens mappnamn, till exempel hagersten-liljeholmen")
    parser.add_argument("year", metavar="ÅR", help="året garantierna ska gälla, till exempel 2027")
    parser.set_defaults(run=run)


def run(args) -> int:
    year = year_argument(args.year, today())
    plan = plan_rollover(args.root, args.board, year)
    write_changes(plan.changes)
    changes = plan.changes
    changed = [change for change in changes if change.changes]
    print(f"{plan.board.name}: garantierna för {year}")
    for change in changes:
        print(f"  {change.relative}: {_what_changed(change, year)}")
    for relative in plan.untracked:
        print(f"  {relative}: inte sparad i git, lämnas orörd (spara den med git add och kör kommandot igen)")
    if not changes:
        print("  Nämnden har inga garantier ännu. Skapa en med garanti new.")
    elif not changed:
        drafts = "" if any(change.finished for change in changes) else " och är utkast"
        print(f"Inget att ändra: alla {len(changes)} garantier gäller redan {year}{drafts}.")
    else:
        print(
            f"{len(changed)} av {len(changes)} garantier ändrade. "
            "Nästa steg: skriv om texterna för det nya året och kör garanti check."
        )
    return 0


def _what_changed(change: FileChange, year: int) -> str:
    if change.changes:
        return "; ".join(change.changes)
    if change.finished:
        return f"gäller redan {year} och är inte utkast: lämnas som den är"
    return "inget att ändra"
