"""`garanti kontrollera-tagg TAGG --skapad-av KONTO`: was an approval tag pushed by an account allowed to?"""

from __future__ import annotations

import sys

from .. import approval, gitrepo
from ..tag_creators import CREATORS_FILE, judge

# The alarm: the tag publishes or not as its signature says; this only tells the maintainers.
FLAGGED = 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "kontrollera-tagg",
        help="kontrollera att en godkännandetagg skapades av ett konto som får skapa dem",
        description=(
            f"Jämför kontot som git-värden (GitHub) säger skapade taggen med listan {CREATORS_FILE} på main. "
            f"En godkännandetagg från ett konto som inte står i listan för nämnden ger kod {FLAGGED}: regeln om "
            "vem som får skapa taggar (INLOGGNING.md, avsnitt 7) har ett hål. Arbetsflödet Publicera kör "
            "kommandot för varje tagg som skickas."
        ),
    )
    parser.add_argument("tag", metavar="TAGG", help="taggens namn, till exempel hagersten-liljeholmen/2026-01-22")
    parser.add_argument(
        "--skapad-av",
        dest="pusher",
        required=True,
        metavar="KONTO",
        help="kontot som skickade taggen, som git-värden säger (på GitHub: github.actor)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    approval.require_repository(args.root)
    line = approval.main_line(args.root)
    listed = gitrepo.read_file_at(args.root, line, CREATORS_FILE)  # a link or a folder there refuses (exit 1)
    verdict = judge(args.tag, args.pusher, None if listed is None else listed.decode("utf-8", "replace"))
    print(verdict.message, file=sys.stderr if verdict.flagged else sys.stdout)
    return FLAGGED if verdict.flagged else 0
