"""`garanti tag BOARD DATE`: record a board's approval as an annotated git tag."""

from __future__ import annotations

from ..approval import approved_text, left_out_text
from ..dates import date_argument
from ..errors import UsageError
from ..layout import is_slug
from ..publishing.tagging import CONFIRM_FEWER, make_tag, prepare_tag


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "tag",
        help="registrera att nämnden har fastställt garantierna (skapar en godkännandetagg)",
        description=(
            "Registrerar nämndens beslut: skapar taggen NÄMND/DATUM på versionen REF. Först kontrolleras att "
            "sammanträdet har hållits och finns i board.yml, att garantierna i REF är exakt de som stod i bilagan "
            "(--bilaga, versionen som garanti report skrev i bilagan), att de klarar kontrollen och att inga "
            "publicerade garantier försvinner av misstag. Det är taggen som gör att garantierna publiceras. "
            "Se PUBLICERING.md."
        ),
    )
    parser.add_argument("board", metavar="NÄMND", help="nämndens mappnamn, till exempel hagersten-liljeholmen")
    parser.add_argument("date", metavar="DATUM", help="sammanträdets datum, ÅÅÅÅ-MM-DD, till exempel 2026-01-22")
    parser.add_argument(
        "--bilaga",
        required=True,
        metavar="VERSION",
        help='versionen som står i bilagan nämnden fick ("Version: …" i garanti report), till exempel 3f2a9c1d0e',
    )
    parser.add_argument(
        "--ref",
        default="HEAD",
        metavar="REF",
        help="versionen som taggas (standard: HEAD, den du står på); dess garantier måste vara bilagans",
    )
    parser.add_argument(
        CONFIRM_FEWER,
        dest="confirm_fewer",
        action="store_true",
        help="bekräfta att nämnden beslutade att färre garantier ska publiceras än i dag",
    )
    parser.add_argument("--message", default=None, metavar="TEXT", help="en egen rad att lägga till i taggen")
    parser.set_defaults(run=run, refused_note="Ingen tagg har skapats.")


def run(args) -> int:
    if not is_slug(args.board):
        raise UsageError(
            f'"{args.board}" är inget nämndnamn. '
            "Skriv mappnamnet under guarantees/, till exempel hagersten-liljeholmen."
        )
    date = date_argument(args.date, "sammanträdets datum")
    request = prepare_tag(args.root, args.board, date, args.bilaga, args.ref, args.message, args.confirm_fewer)
    signed = make_tag(args.root, request)
    tagged = request.tagged
    approved = "fastställd" if len(tagged.published) + len(tagged.published_follow_ups) == 1 else "fastställda"
    print(
        f"Taggen {request.name} är skapad på versionen {request.commit[:10]}: "
        f"{approved_text(tagged)} {approved}{left_out_text(tagged)}."
    )
    print(request.message.splitlines()[0])
    for rename in request.renames:
        print(rename)
    if not signed:
        print('Taggen är inte signerad (ingen signeringsnyckel). Se "Din signeringsnyckel" i PUBLICERING.md.')
    print("Nästa steg: skicka taggen till GitHub, så publiceras webbplatsen automatiskt:")
    print(f"  git push origin {request.name}")
    print("Eller publicera själv: garanti publish --out site")
    return 0
