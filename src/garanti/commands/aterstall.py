"""`garanti aterstall --out DIR`: put the site the last publish replaced back in DIR, in one step."""

from __future__ import annotations

from pathlib import Path

from .. import publish_record
from ..errors import UsageError
from ..sitefolder import published_at, roll_back, versions_folder
from ..wording import moment_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "aterstall",
        help="gå tillbaka till webbplatsen som den senaste publiceringen ersatte",
        description=(
            "Lägger tillbaka webbplatsen som den senaste garanti publish ersatte i DIR, i ett enda steg, och "
            "sparar den som ersätts, så att kommandot en gång till går tillbaka till den. Ingenting byggs och "
            "inga taggar ändras: nästa garanti publish bygger webbplatsen från taggarna igen, så är en tagg "
            'fel ska den också rättas (se "Gå tillbaka till förra webbplatsen" i PUBLICERING.md).'
        ),
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="mappen webbplatsen publicerades i, samma som vid garanti publish",
    )
    parser.set_defaults(run=run, refused_note=REFUSED_NOTE)


REFUSED_NOTE = "Ingenting har ändrats."


def run(args) -> int:
    done = roll_back(args.out)
    versions = versions_folder(args.out.absolute())
    live, tags = _publish_text(versions / done.live)
    print(f"Webbplatsen i {args.out} är nu den från {live}" + (", med besluten:" if tags else "."))
    for name in tags:
        print(f"  {name}")
    replaced, _ = _publish_text(versions / done.kept)
    print(f"Den som ersattes, från {replaced}, är sparad: kör samma kommando igen för att gå tillbaka till den.")
    print(
        "Nästa garanti publish bygger webbplatsen från taggarna igen. Var det en tagg som var fel, rätta den "
        'innan dess (se "Rätta en felaktig tagg" i PUBLICERING.md).'
    )
    return 0


def _publish_text(site: Path) -> tuple[str, list[str]]:
    """ "publiceringen 7 december 2026 kl. 04.10.33" and the tags it published, from the site's publish
    record; a site without one (published before there were records) by its version folder's name."""
    try:
        record = publish_record.read(site)
    except UsageError:
        moment, tags = published_at(site.name), []
    else:
        moment, tags = record.published_at.astimezone(), sorted(name for name, _ in record.tags)
    if moment is None:
        return f"publiceringen {site.name}", tags
    return f"publiceringen {moment_text(moment)}", tags
