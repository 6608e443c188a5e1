"""`garanti publish --out DIR`: build the published site from the approved content only."""

from __future__ import annotations

import sys
from pathlib import Path

from ..publishing import Plan, Refusal, publish
from ..site.swedish import count_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="bygg den publicerade webbplatsen med bara fastställda garantier",
        description=(
            "Bygger webbplatsen i DIR: programmet, sidor, utseende och krok från en och samma version på main, "
            "och varje nämnds garantier från nämndens senaste godkännandetagg. Utkast och ändringar efter taggen "
            "kommer inte med. "
            "Är någon godkännandetagg fel avbryts publiceringen och DIR lämnas som den var."
        ),
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="mappen webbplatsen byggs i, till exempel site")
    parser.add_argument("--ref", default=None, metavar="REF",
                        help="versionen på main som programmet, sidor och utseende tas från (standard: main)")
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        result = publish(args.root, args.out, args.ref)
    except Refusal as refusal:
        print(f"garanti: {refusal}", file=sys.stderr)
        return 1
    print(summary(result, args.out))
    return 0


def summary(result: Plan, out: Path) -> str:
    lines = [f"Webbplatsen är publicerad i {out} (sidor från {result.ref}, {result.commit[:10]})."]
    for board, decision in result.latest.items():
        count = count_text(len(decision.published), "garanti", "garantier")
        lines.append(f"  {board}: {count} enligt beslutet {decision.tag.name}")
    if result.boards_without_tag:
        lines.append("Utan godkännandetagg, ingenting publicerat: " + ", ".join(result.boards_without_tag))
    if not result.latest:
        lines.append("Ingen nämnd har någon godkännandetagg ännu, så inga garantier publicerades.")
    return "\n".join(lines)
