"""`garanti report BOARD [--out FILE]`: the board paper's appendix (HTML, PDF or Markdown)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..approval import approved_text, left_out_text
from ..dates import date_argument
from ..editing import write_atomically
from ..errors import Refusal, UsageError
from ..paper import to_html, write_pdf
from ..report import LEFT_OUT_HEADING, WITHDRAWN_HEADING, Report, build_report, to_markdown
from ..wording import count_text

FORMATS = (".pdf", ".html", ".md")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="bilagan till nämndens tjänsteutlåtande: garantierna i sin helhet och vad som ändrats",
        description=(
            "Gör bilagan till tjänsteutlåtandet: nämndens garantier i sin helhet, så som invånarna ser dem, "
            "numrerade och grupperade per avdelning, en per sida, och vad som har ändrats sedan nämndens "
            "senaste fastställande (eller sedan --since). Överst står versionen bilagan är gjord ur, och allt "
            "som inte är klart att fastställa. --out bilaga.pdf ger en PDF-fil, bilaga.html en utskrivbar "
            "webbsida, bilaga.md en kort lista i Markdown. Utan --out skrivs listan i Markdown på skärmen."
        ),
    )
    parser.add_argument("board", metavar="NÄMND", help="nämndens mappnamn, till exempel hagersten-liljeholmen")
    parser.add_argument(
        "--since",
        metavar="VERSION",
        help="jämför med den här versionen i git, till exempel en tagg (standard: nämndens senaste fastställande)",
    )
    parser.add_argument(
        "--sammantrade",
        metavar="DATUM",
        help="sammanträdet bilagan är till, ÅÅÅÅ-MM-DD (standard: nämndens nästa sammanträde i board.yml)",
    )
    parser.add_argument(
        "--arbetsutkast",
        action="store_true",
        help="gör bilagan fast något inte är klart att fastställa; den märks då som arbetsutkast",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FIL",
        help="skriv bilagan till filen: .pdf, .html eller .md (i stället för på skärmen)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    meeting = _meeting(args.sammantrade)
    if args.out is not None and args.out.suffix.lower() not in FORMATS:
        raise UsageError(f"{args.out}: välj ett filnamn som slutar på .pdf, .html eller .md, till exempel bilaga.pdf.")
    report = build_report(args.root, args.board, args.since, meeting)
    if args.out is None:
        sys.stdout.write(to_markdown(report))
    else:
        _write(args.out, report, args.arbetsutkast)
        print(f"Skrev bilagan till {args.out} ({_count(report.guarantees)}).", file=sys.stderr)
    return _tell(report, args.arbetsutkast)


def _meeting(text: str | None):
    return None if text is None else date_argument(text, "sammanträdets datum")


def _write(out: Path, report: Report, working_draft: bool) -> None:
    if out.is_dir():
        raise Refusal(f"{out} är en mapp. Ange ett filnamn, till exempel bilaga.pdf.")
    if not out.parent.is_dir():
        raise Refusal(f"Mappen {out.parent} finns inte.")
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        write_pdf(to_html(report, working_draft), out)
        return
    text = to_html(report, working_draft) if suffix == ".html" else to_markdown(report)
    try:
        write_atomically(out, text.encode("utf-8"))
    except OSError as error:
        raise Refusal(f"{out} kan inte skrivas ({error.strerror}).") from None


def _tell(report: Report, working_draft: bool) -> int:
    """What the secretary must know; the same lists stand at the top of the paper itself.
    Exit 1 when the paper is not ready to go to the board (what `garanti tag` would refuse),
    unless it is a working draft. Drafts left out on purpose are listed, and are no reason to wait."""
    notes = []
    if report.version:
        notes.append(
            f"Bilagan gäller versionen {report.version[:10]}. Efter beslutet registreras det med "
            f"garanti tag {report.board.slug} <sammanträdets datum> --bilaga {report.version[:10]}"
        )
    if report.unsaved:
        notes.append(
            f"Obs: {len(report.unsaved)} av nämndens filer är inte sparade i git (commit), så bilagan "
            "visar något annat än versionen ovan. Spara och lämna in dem, och kör garanti report igen:"
        )
        notes += [f"  {path}" for path in report.unsaved]
    if report.not_ready:
        notes.append(f"Inte klart att fastställa ({len(report.not_ready)}):")
        notes += [f"  {item.path}: {item.reason}" for item in report.not_ready]
    if report.withdrawn:
        notes.append(f"{WITHDRAWN_HEADING} ({len(report.withdrawn)}), registreras med garanti tag --bekrafta-farre:")
        notes += [f"  {name}" for name in report.withdrawn]
    if report.left_out:
        notes.append(f"{LEFT_OUT_HEADING} ({len(report.left_out)}):")
        notes += [f"  {item.path}: {item.reason}" for item in report.left_out]
    if report.baseline and report.baseline.problems:
        notes.append(
            f"Obs: versionen som jämförs med har {len(report.baseline.problems)} fel; "
            "enheter med fel där räknas som nya."
        )
    if report.ready:
        notes.append(
            f"Bilagan är klar att skickas till nämnden: {approved_text(report.decision)} att fastställa"
            f"{left_out_text(report.decision)}."
        )
    else:
        notes.append(
            "Bilagan är ett arbetsutkast (--arbetsutkast)."
            if working_draft
            else "Bilagan är inte klar att skickas till nämnden: gör klart det som står ovan och kör "
            "garanti report igen, eller gör ett arbetsutkast med --arbetsutkast."
        )
    for note in notes:
        print(note, file=sys.stderr)
    return 0 if report.ready or working_draft else 1


def _count(guarantees: list) -> str:
    return count_text(len(guarantees), "garanti", "garantier")
