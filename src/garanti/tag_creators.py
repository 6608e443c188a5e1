"""Who may create approval tags on the git host, and the verdict on a tag the host says someone pushed.

The host's rule (INLOGGNING.md, section 7) lets only the boards' secretaries create tags named
`*/*`. The accounts it lets through are listed on main in CREATORS_FILE, reviewed like the list
of approvers beside it, one account a line, the boards first as in allowed_signers:

    hagersten-liljeholmen anna-andersson-sthlm   # Anna Andersson
    enskede-arsta-vantor,hagersten-liljeholmen bo-berg
    * forvaltare-cecilia

The publish workflow asks the host who pushed a tag and compares (`judge`): an approval tag
pushed by an account not listed for its board means the rule is missing or someone is let
through who should not be. Publishing still takes only tags an approver signed; this is the
alarm that the host's own guard has a hole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gitrepo import parse_approval_name
from .layout import is_slug

CREATORS_FILE = "godkannare/taggskapare"
# Logins on GitHub and GitLab: letters, digits, and . _ - inside.
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?")
_BOARDS = re.compile(r"\*|[a-z0-9]+(?:-[a-z0-9]+)*+(?:,[a-z0-9]+(?:-[a-z0-9]+)*+)*+")


@dataclass(frozen=True)
class Creator:
    number: int
    boards: tuple[str, ...]
    login: str

    def may_create_for(self, board: str) -> bool:
        return "*" in self.boards or board in self.boards


@dataclass(frozen=True)
class Verdict:
    """`flagged`: the alarm is raised (the tag was created by someone not listed, or the list is broken)."""

    flagged: bool
    message: str  # Swedish, one line: it becomes an annotation on the run


class BrokenList(ValueError):
    """A line of the list that is not `<boards> <login>`; the message (Swedish) names it."""


def parse(text: str) -> list[Creator]:
    """The list's lines; BrokenList naming the first line that is neither a creator, a comment nor blank."""
    creators = []
    for number, raw in enumerate(text.splitlines(), 1):
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2 or not _BOARDS.fullmatch(words[0]) or not _LOGIN.fullmatch(words[1]):
            raise BrokenList(
                f"rad {number} i {CREATORS_FILE} ska vara nämnderna (mappnamn åtskilda med komma, "
                f'eller *) och ett konto, till exempel "hagersten-liljeholmen anna-andersson": '
                f'"{raw.strip()}"'
            )
        creators.append(Creator(number, tuple(words[0].split(",")), words[1]))
    return creators


def judge(tag: str, pusher: str, listed: str | None) -> Verdict:
    """The verdict on `tag`, which the host says `pusher` (an account's login) pushed, against the
    list on main (`listed`: its text, None when main has none)."""
    parsed = parse_approval_name(tag)
    if parsed is None or not is_slug(parsed[0]):  # as publishing tells its own tags from others
        return Verdict(
            False, f'Taggen "{tag}" är ingen godkännandetagg (<nämnd>/<ÅÅÅÅ-MM-DD>); publiceringen hoppar över den.'
        )
    board = parsed[0]
    if listed is None:
        return Verdict(
            False,
            f'Taggen "{tag}" skapades av {pusher}. Listan över vilka konton som får skapa '
            f"godkännandetaggar ({CREATORS_FILE}) finns inte på main, så det kan inte kontrolleras "
            '(se "Listan över godkännare" i PUBLICERING.md).',
        )
    try:
        creators = parse(listed)
    except BrokenList as broken:
        return Verdict(
            True,
            f'Taggen "{tag}" skapades av {pusher}, men listan går inte att läsa: {broken}. Be förvaltaren rätta raden.',
        )
    if any(creator.login.casefold() == pusher.casefold() and creator.may_create_for(board) for creator in creators):
        return Verdict(
            False,
            f'Taggen "{tag}" skapades av {pusher}, som får skapa godkännandetaggar för {board} ({CREATORS_FILE}).',
        )
    return Verdict(
        True,
        f'Taggen "{tag}" skapades av {pusher}, som inte står i {CREATORS_FILE} på main för '
        f"nämnden {board}. Bara nämndens sekreterare ska kunna skapa en godkännandetagg: kontrollera "
        "regeln för taggar */* (INLOGGNING.md, avsnitt 7) och vem kontot är. Publiceringen godtar "
        "ändå bara taggar som en godkännare har signerat; är taggen inte ett riktigt beslut, ta bort "
        f"den (git push origin :refs/tags/{tag}).",
    )
