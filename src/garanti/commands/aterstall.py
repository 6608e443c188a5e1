"""`garanti aterstall --out DIR`: put the site the last publish replaced back in DIR, in one step."""

from __future__ import annotations

from pathlib import Path

from ..sitefolder import published_at, roll_back
from ..wording import date_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "aterstall",
        help="gå tillbaka till webbplatsen som den senaste publiceringen ersatte",
        description=(
            "Lägger tillbaka webbplatsen som den senaste garanti publish ersatte i DIR, i ett enda steg, och "
            "sparar den som ersätts, så att kommandot en gång till går tillbaka till den. Ingenting byggs och "
            "inga taggar ändras: nästa garanti publish bygger webbplatsen från taggarna igen, så är en tagg "
            "fel ska den också rättas (se \"Gå tillbaka till förra webbplatsen\" i PUBLICERING.md)."
        ),
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="mappen webbplatsen publicerades i, samma som vid garanti publish")
    parser.set_defaults(run=run, refused_note=REFUSED_NOTE)


REFUSED_NOTE = "Ingenting har ändrats."


def run(args) -> int:
    done = roll_back(args.out)
    print(f"Webbplatsen i {args.out} är nu den från {_publish_text(done.live)}.")
    print(f"Den som ersattes, från {_publish_text(done.kept)}, är sparad: kör samma kommando igen för att gå "
          "tillbaka till den.")
    print("Nästa garanti publish bygger webbplatsen från taggarna igen. Var det en tagg som var fel, rätta den "
          "innan dess (se \"Rätta en felaktig tagg\" i PUBLICERING.md).")
    return 0


def _publish_text(version: str) -> str:
    """"publiceringen 7 december 2026 kl. 04.10" (the version folder's name if it is of another form)."""
    moment = published_at(version)
    if moment is None:
        return f"publiceringen {version}"
    return f"publiceringen {date_text(moment.date())} kl. {moment:%H.%M.%S}"
