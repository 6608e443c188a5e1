"""`garanti report BOARD [--since REF] [--out FILE]`: the board paper's appendix, in Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

from ..editing import PLACEHOLDER, EditRefused, write_atomically
from ..report import build_report, to_markdown
from ..site.swedish import count_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="bilagan till nämndens tjänsteutlåtande: garantierna och vad som ändrats",
        description=(
            "Skriver bilagan till tjänsteutlåtandet i Markdown: nämndens garantier, numrerade och "
            "grupperade per avdelning, med giltighetstid, och vad som har ändrats per enhet sedan "
            "nämndens senaste fastställande (eller sedan --since)."
        ),
    )
    parser.add_argument("board", metavar="NÄMND", help="nämndens mappnamn, till exempel hagersten-liljeholmen")
    parser.add_argument("--since", metavar="VERSION",
                        help="jämför med den här versionen i git, till exempel en tagg "
                             "(standard: nämndens senaste fastställande)")
    parser.add_argument("--out", type=Path, metavar="FIL", help="skriv bilagan till filen i stället för på skärmen")
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        report = build_report(args.root, args.board, args.since)
        markdown = to_markdown(report)
        if args.out is not None:
            _write(args.out, markdown)
    except EditRefused as refusal:
        print(f"garanti report: {refusal}", file=sys.stderr)
        return 1
    if args.out is None:
        sys.stdout.write(markdown)
    else:
        print(f"Skrev bilagan till {args.out} ({_count(report.guarantees)}).", file=sys.stderr)
    _warn(report)
    return 0


def _write(out: Path, markdown: str) -> None:
    if out.is_dir():
        raise EditRefused(f"{out} är en mapp. Ange ett filnamn, till exempel bilaga.md.")
    if not out.parent.is_dir():
        raise EditRefused(f"Mappen {out.parent} finns inte.")
    try:
        write_atomically(out, markdown.encode("utf-8"))
    except OSError as error:
        raise EditRefused(f"{out} kan inte skrivas ({error.strerror}).") from None


def _warn(report) -> None:
    """What the secretary should know before the paper goes out; never part of the paper itself."""
    notes = []
    if report.version:
        notes.append(f"Bilagan gäller versionen {report.version[:10]}. Efter beslutet registreras det med "
                     f"garanti tag {report.board.slug} <sammanträdets datum> --bilaga {report.version[:10]}")
    if report.unsaved:
        notes.append(f"Obs: {len(report.unsaved)} av nämndens filer är inte sparade i git (commit), så bilagan "
                     "visar något annat än versionen ovan. Spara och lämna in dem, och kör garanti report igen:")
        notes += [f"  {path}" for path in report.unsaved]
    if report.drafts:
        notes.append(f"{_count(report.drafts)} är fortfarande utkast (draft: true) och publiceras inte "
                     "förrän raden tas bort:")
        notes += [f"  {g.source}" for g in report.drafts]
    if report.unfinished:
        notes.append(f"{_count(report.unfinished)} har kvar text från mallen (\"{PLACEHOLDER} ...\"):")
        notes += [f"  {g.source}" for g in report.unfinished]
    if report.baseline and report.baseline.problems:
        notes.append(f"Obs: versionen som jämförs med har {len(report.baseline.problems)} fel; "
                     "enheter med fel där räknas som nya.")
    for note in notes:
        print(note, file=sys.stderr)


def _count(guarantees: list) -> str:
    return count_text(len(guarantees), "garanti", "garantier")
