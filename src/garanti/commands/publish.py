"""`garanti publish --out DIR`: build the published site from the approved content only."""

from __future__ import annotations

import sys
from pathlib import Path

from ..publishing import ALLOW_UNVERIFIED, Plan, publish
from ..signing import SIGNERS_FILE
from ..wording import count_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="bygg den publicerade webbplatsen med bara fastställda garantier",
        description=(
            "Bygger webbplatsen i DIR: programmet, sidor, utseende och krok från en och samma version på main, "
            "och varje nämnds garantier från nämndens godkännandetaggar: den version som gäller i dag, en "
            "fastställd version som börjar gälla senare och tidigare versioner i arkivet. Utkast och ändringar "
            "efter en tagg kommer inte med. "
            "Är någon godkännandetagg fel avbryts publiceringen och DIR lämnas som den var."
        ),
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="mappen webbplatsen byggs i, till exempel site")
    parser.add_argument("--ref", default=None, metavar="REF",
                        help="versionen på main som programmet, sidor och utseende tas från (standard: main)")
    parser.add_argument(ALLOW_UNVERIFIED, dest="without_approvers", action="store_true",
                        help=f"publicera fast main inte har någon lista över godkännare ({SIGNERS_FILE}); då "
                             "kontrolleras inte vem som skapade taggarna, och webbplatsen säger det")
    parser.set_defaults(run=run, refused_note=REFUSED_NOTE)


def run(args) -> int:
    result = publish(args.root, args.out, args.ref, args.without_approvers)
    print(summary(result, args.out))
    if not result.tags_verified:
        print(UNVERIFIED_WARNING, file=sys.stderr)
    return 0


REFUSED_NOTE = "Inget har publicerats och den tidigare webbplatsen är orörd."
UNVERIFIED_WARNING = (
    f"Obs: taggarna är inte kontrollerade mot en lista över godkännare ({ALLOW_UNVERIFIED}): vem som helst som "
    f"kan skapa en tagg på main kan ha fått text publicerad. Beslutssidan säger det också. Lägg in {SIGNERS_FILE} "
    "på main (se \"Listan över godkännare\" i PUBLICERING.md)."
)


def summary(result: Plan, out: Path) -> str:
    lines = [f"Webbplatsen är publicerad i {out} (sidor från {result.ref}, {result.commit[:10]})."]
    for board, decision in result.latest.items():
        count = count_text(len(decision.published), "garanti", "garantier")
        lines.append(f"  {board}: {count} enligt beslutet {decision.tag.name}")
    if result.boards_without_tag:
        lines.append("Utan godkännandetagg, ingenting publicerat: " + ", ".join(result.boards_without_tag))
    if not result.latest:
        lines.append("Ingen nämnd har någon godkännandetagg ännu, så inga garantier publicerades.")
    if result.left_out:
        lines.append("Ur äldre beslut klarar det här inte dagens kontroll och visas inte i arkivet:")
        lines += [f"  {line}" for line in result.left_out]
    return "\n".join(lines)
