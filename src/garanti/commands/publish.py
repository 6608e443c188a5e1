"""`garanti publish --out DIR`: build the published site from the approved content only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..publish_record import RECORD_FILE, BuiltFrom
from ..publishing import ALLOW_UNVERIFIED
from ..publishing.tagnames import ignored_tags
from ..publishing.unchanged import unchanged_since
from ..signing import SIGNERS_FILE
from ..wording import count_text, moment_text

# Most days nothing has changed: the plan and the build (with the content check, the site and MkDocs'
# packages they import) are imported only when the publish builds or a tag is held back.
if TYPE_CHECKING:
    from ..publishing.plan import Plan


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="bygg den publicerade webbplatsen med bara fastställda garantier",
        description=(
            "Bygger webbplatsen i DIR: programmet, sidor, utseende och krok från en och samma version på main, "
            "och varje nämnds garantier från nämndens godkännandetaggar: den version som gäller i dag, en "
            "fastställd version som börjar gälla senare och tidigare versioner i arkivet. Utkast och ändringar "
            "efter en tagg kommer inte med. "
            "En tagg som inte heter <nämnd>/<ÅÅÅÅ-MM-DD> hoppas över, med en varning. En godkännandetagg som är "
            "fel publicerar ingenting: nämnden behåller sina giltiga beslut, de andra nämnderna publiceras, och "
            f"kommandot avslutas med kod {HELD_BACK}. Kan taggarna inte kontrolleras alls avbryts publiceringen "
            "och DIR lämnas som den var. "
            "Har ingenting ändrats sedan webbplatsen i DIR publicerades (main, taggarna, inställningarna, och ingen "
            "garanti har börjat eller slutat gälla sedan dess) står den kvar som den är, utan att byggas om."
        ),
    )
    parser.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="mappen webbplatsen byggs i, till exempel site"
    )
    parser.add_argument(
        "--ref",
        default=None,
        metavar="REF",
        help="versionen på main som programmet, sidor och utseende tas från (standard: main)",
    )
    parser.add_argument(
        ALLOW_UNVERIFIED,
        dest="without_approvers",
        action="store_true",
        help=f"publicera fast main inte har någon lista över godkännare ({SIGNERS_FILE}); då "
        "kontrolleras inte vem som skapade taggarna, och webbplatsen säger det",
    )
    parser.add_argument(
        ALWAYS,
        dest="always",
        action="store_true",
        help="bygg webbplatsen även om ingenting har ändrats sedan den publicerades",
    )
    parser.add_argument(
        COMPARE_WITH,
        dest="compare_with",
        type=Path,
        default=None,
        metavar="FIL",
        help=f"den publicerade webbplatsens {RECORD_FILE}, när DIR inte är den publicerade "
        "webbplatsen (till exempel i en ny kopia av projektet): har ingenting ändrats sedan "
        "den publiceringen byggs ingenting, och DIR lämnas som den var",
    )
    parser.set_defaults(run=run, refused_note=REFUSED_NOTE)


# Build although nothing changed since the published site was built (publishing.unchanged).
ALWAYS = "--bygg-alltid"
COMPARE_WITH = "--jamfor-med"


# The site was published, but a board's tag was refused and publishes nothing: a daily job deploys the
# site (the other boards are current) and still raises the alarm. Not 1: 1 means nothing was published.
HELD_BACK = 5


def run(args) -> int:
    if not args.always:
        record = unchanged_since(args.root, args.out, args.ref, args.without_approvers, args.compare_with)
        if record is not None and record.built_from is not None:
            print(UNCHANGED.format(when=moment_text(record.published_at)))
            for line in unchanged_warnings(args, record.built_from):
                print(line, file=sys.stderr)
            return HELD_BACK if record.built_from.held_back else 0
    from ..publishing.build import publish

    result = publish(args.root, args.out, args.ref, args.without_approvers)
    print(summary(result, args.out))
    for line in told(result):
        print(line, file=sys.stderr)
    return HELD_BACK if result.held else 0


# The one line of a publish that builds nothing; the site in DIR (and the one kept before it) untouched.
UNCHANGED = "Inget har ändrats sedan publiceringen {when}: webbplatsen står kvar."


def told(result: Plan) -> list[str]:
    """What the publish tells on standard error: the unverified tags, then warnings."""
    return ([] if result.tags_verified else [UNVERIFIED_WARNING]) + warnings(result)


def unchanged_warnings(args, built: BuiltFrom) -> list[str]:
    """What the publish that built the site told, told again: a broken tag raises the same alarm each
    day until it is put right. A held-back tag's problems are read again by the plan (no build); the
    record keeps no text of them, as it is public."""
    if built.held_back:
        from ..publishing.plan import plan

        return told(plan(args.root, args.ref, args.without_approvers))
    return ([] if built.verified else [UNVERIFIED_WARNING]) + ignored_warnings(ignored_tags(args.root))


def warnings(result: Plan) -> list[str]:
    """The tags that publish nothing, for whoever runs the publish: the ignored ones, then each board's refused."""
    lines = ignored_warnings(result.ignored)
    for board, problems in result.held.items():
        decision = result.latest.get(board)
        kept = (
            f"nämnden visar det den fastställde enligt {decision.tag.name}"
            if decision
            else "nämnden har inget giltigt beslut, så ingenting från den publicerades"
        )
        lines.append(
            f"Fel: en godkännandetagg för {board} är felaktig och publicerar ingenting ({kept}). "
            'De andra nämnderna är publicerade. Rätta taggen (se "Rätta en felaktig tagg" i PUBLICERING.md):'
        )
        lines += [f"  {problem}" for problem in problems]
    return lines


def ignored_warnings(names: list[str]) -> list[str]:
    return [
        f'Obs: taggen "{name}" är ingen godkännandetagg (<nämnd>/<ÅÅÅÅ-MM-DD>, till exempel '
        "hagersten-liljeholmen/2026-01-22, med ett riktigt datum) och publicerar ingenting. Ta bort den om "
        f"den inte behövs: git tag -d {name} och git push origin :refs/tags/{name}"
        for name in names
    ]


REFUSED_NOTE = "Inget har publicerats och den tidigare webbplatsen är orörd."
UNVERIFIED_WARNING = (
    f"Obs: taggarna är inte kontrollerade mot en lista över godkännare ({ALLOW_UNVERIFIED}): vem som helst som "
    f"kan skapa en tagg på main kan ha fått text publicerad. Beslutssidan säger det också. Lägg in {SIGNERS_FILE} "
    'på main (se "Listan över godkännare" i PUBLICERING.md).'
)


def summary(result: Plan, out: Path) -> str:
    lines = [f"Webbplatsen är publicerad i {out} (sidor från {result.ref}, {result.commit[:10]})."]
    for board, decision in result.latest.items():
        count = count_text(len(decision.published), "garanti", "garantier")
        lines.append(f"  {board}: {count} enligt beslutet {decision.tag.name}")
    without = [board for board in result.boards_without_tag if board not in result.held]
    if without:
        lines.append("Utan godkännandetagg, ingenting publicerat: " + ", ".join(without))
    if result.held:
        lines.append("Med en felaktig godkännandetagg, som inte publicerades (se nedan): " + ", ".join(result.held))
    if not result.latest:
        lines.append("Ingen nämnd har någon godkännandetagg ännu, så inga garantier publicerades.")
    if result.left_out:
        lines.append("Ur äldre beslut klarar det här inte dagens kontroll och visas inte i arkivet:")
        lines += [f"  {line}" for line in result.left_out]
    return "\n".join(lines)
