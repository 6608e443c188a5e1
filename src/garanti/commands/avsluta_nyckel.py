"""`garanti avsluta-nyckel NYCKEL`: retire an approver's key, keeping the decisions it signed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .. import publish_record
from ..dates import date_argument
from ..dates import now as current_moment
from ..editing import write_atomically
from ..errors import UsageError
from ..publish_record import RECORD_FILE
from ..signing import KEPT_FILE, SIGNERS_FILE, retire, tag_line
from ..wording import count_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "avsluta-nyckel",
        help="avsluta en godkännares nyckel (när en sekreterare slutar), och behåll besluten den signerade",
        description=(
            f"Avslutar en nyckel i {SIGNERS_FILE}: nyckeln får valid-before och kan inte fastställa något nytt, "
            f"hur en tagg än är daterad. Besluten (taggarna) som nyckeln redan har signerat skrivs in i {KEPT_FILE}, "
            "så att de fortsätter att publiceras. Spara båda filerna i samma ändring och slå ihop den till main. "
            'Se "Listan över godkännare" i PUBLICERING.md.'
        ),
    )
    parser.add_argument(
        "who", metavar="NYCKEL", help="nyckelns publika fil (.pub) eller e-postadressen som står efter nyckeln i listan"
    )
    parser.add_argument(
        "--fran",
        metavar="DATUM",
        help="första dagen nyckeln inte gäller, ÅÅÅÅ-MM-DD (standard: från och med nu); inte ett "
        "datum framåt i tiden. Med ett datum bakåt behålls bara de taggar du bekräftar med --behall",
    )
    parser.add_argument(
        "--behall",
        metavar="TAGG",
        action="append",
        default=[],
        help="med --fran: behåll den här taggen, som du har kontrollerat fanns före dagen (i protokollet, "
        "på GitHub eller i en tidigare publicering); en gång per tagg",
    )
    parser.add_argument(
        "--publicerat",
        metavar="WEBBPLATS",
        action="append",
        default=[],
        type=Path,
        help=f"med --fran: en webbplats som publicerades före dagen (mappen, eller dess {RECORD_FILE}); "
        "varje tagg den publicerade, med samma taggobjekt, behålls utan --behall",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    for given, option in ((args.behall, "--behall"), (args.publicerat, "--publicerat")):
        if given and args.fran is None:
            raise UsageError(
                f"{option} hör till --fran. Utan --fran avslutas nyckeln från och med nu, och alla "
                "beslut den redan har signerat behålls."
            )
    until = _until(args.fran, current_moment())
    # Every tag that exists now was made before now; before a past day, only what something outside it shows.
    evidence = _published_before(args.publicerat, until)
    retirement = retire(args.root, args.who, until, None if args.fran is None else tuple(args.behall), evidence)
    if retirement.shown:
        print("De här taggarna publicerades före dagen och behålls:")
        for tag, shown in retirement.shown:
            print(f"  {tag_line(tag)} ({shown})")
    if retirement.confirmed:
        print("Du har bekräftat att de här taggarna fanns före dagen; de behålls på ditt ord:")
        for tag in retirement.confirmed:
            print(f"  {tag_line(tag)}")
    write_atomically(args.root / KEPT_FILE, retirement.kept_text.encode("utf-8"))
    write_atomically(args.root / SIGNERS_FILE, retirement.signers_text.encode("utf-8"))
    rows = ", ".join(str(line.number) for line in retirement.lines)
    when = f"{until:%Y-%m-%d %H:%M} UTC" if args.fran is None else args.fran
    print(f"Nyckeln för {retirement.lines[0].signer} (rad {rows} i {SIGNERS_FILE}) gäller bara före {when}.")
    kept = count_text(len(retirement.kept), "beslut", "beslut")
    print(f"{kept} som nyckeln signerade före dess behålls i {KEPT_FILE}" + (":" if retirement.kept else "."))
    for name in retirement.kept:
        print(f"  {name}")
    print("Nästa steg: spara båda filerna i samma ändring och lämna in den som en pull request till main:")
    print(f"  git add {SIGNERS_FILE} {KEPT_FILE}")
    print(f'  git commit -m "Avsluta nyckeln för {retirement.lines[0].signer}"')
    print("När ändringen finns på main publiceras inga nya taggar från nyckeln.")
    return 0


def _published_before(sites: list[Path], until: dt.datetime) -> dict[tuple[str, str], str]:
    """(tag name, tag object) -> "publicerad <moment> med main <sha>" for each tag an earlier publish put on the
    site before `until`; a record made since shows nothing about the time before, and is named."""
    evidence: dict[tuple[str, str], str] = {}
    for record in sorted((publish_record.read(site) for site in sites), key=lambda record: record.published_at):
        if record.published_at >= until:
            print(
                f"Obs: {record.where} publicerades {record.published_at:%Y-%m-%d %H:%M} UTC, inte före "
                f"{until:%Y-%m-%d}, och visar därför ingenting om vilka taggar som fanns före dagen.",
                file=sys.stderr,
            )
            continue
        for tag in record.tags:
            evidence.setdefault(
                tag,
                f"publicerad {record.published_at:%Y-%m-%d %H:%M} UTC"
                + (f" med main {record.commit[:10]}" if record.commit else ""),
            )
    return evidence


def _until(given: str | None, now: dt.datetime) -> dt.datetime:
    """From when the key approves nothing: now, or the start of the day given (not after now)."""
    if given is None:
        return now
    day = date_argument(given)
    until = dt.datetime.combine(day, dt.time(), dt.UTC)
    if until > now:
        raise UsageError(
            f"{day} är efter i dag ({now:%Y-%m-%d}). Avsluta nyckeln den dag den ska sluta gälla: beslut "
            "som signeras fram till dess kommer annars inte med bland dem som behålls."
        )
    return until
