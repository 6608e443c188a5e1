"""`garanti tag`: a board decision recorded as an approval tag, signed with the secretary's key,
after every approval rule holds for the tagged version and the paper the board saw."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import approval, gitrepo, signing
from ..dates import now, set_moment, today
from ..errors import Refusal
from ..model import Meeting


@dataclass(frozen=True)
class TagRequest:
    name: str
    commit: str
    message: str
    tagged: approval.BoardVersion  # the board at the tagged commit: what the decision publishes and leaves out
    renames: tuple[
        str, ...
    ] = ()  # each published unit's address the decision gives another unit (approval.renamed_units)


# The flag that confirms a decision publishing fewer guarantees than today (garanti tag).
CONFIRM_FEWER = "--bekrafta-farre"


def prepare_tag(
    root: Path,
    board: str,
    date: dt.date,
    paper: str,
    ref: str = "HEAD",
    note: str | None = None,
    confirm_fewer: bool = False,
) -> TagRequest:
    """Check that `board/date` may be tagged on REF for the paper made from version `paper`
    (the approval rules), and compose the tag; Refusal listing every problem otherwise."""
    name = f"{board}/{date.isoformat()}"
    approval.require_repository(root)
    commit = gitrepo.resolve(root, ref)
    if gitrepo.ref_exists(root, f"refs/tags/{name}"):
        raise Refusal(
            f"Taggen {name} finns redan: beslutet är redan registrerat. Om taggen är fel, läs "
            '"Rätta en felaktig tagg" i PUBLICERING.md innan du tar bort den.'
        )
    problems = approval.date_problems(date, today())
    problems += approval.on_main_problems(root, commit, approval.main_line(root), f"Versionen {ref} är")
    problems += approval.unsaved_problems(root, board)
    latest = gitrepo.latest_approval(root, board)
    problems += approval.order_problems(date, latest)
    tagged = approval.read_board(root, commit, board)
    meeting, missing = approval.meeting_problems(tagged.board, board, date, f"versionen {ref}")
    problems += missing
    if tagged.problems:
        problems.append(
            f"Nämndens garantier i versionen {ref} klarar inte kontrollen, så de kan inte fastställas. "
            "Rätta felen (garanti check visar dem), slå ihop rättelsen till main och tagga sedan den nya versionen."
        )
    problems += approval.readiness_problems(tagged, date)
    paper = gitrepo.resolve(root, paper)
    problems += approval.paper_problems(root, approval.read_board(root, paper, board), tagged, date)
    published = None if confirm_fewer else approval.published_now(root, board)  # read once: a git read and a check
    if published is not None:
        problems += approval.fewer_problems(published, tagged.published, CONFIRM_FEWER)
    if problems:
        raise Refusal(f"Taggen {name} skapades inte:", problems)
    if published is None:
        published = approval.published_now(root, board)
    renames = tuple(approval.renamed_units(published, tagged.published))
    message = _tag_message(tagged, meeting, paper, note, renames)
    return TagRequest(name, commit, message, tagged, renames)


def _tag_message(
    tagged: approval.BoardVersion, meeting: Meeting, paper: str, note: str | None, renames: tuple[str, ...] = ()
) -> str:
    first = f"{tagged.board.name} fastställde kvalitetsgarantierna {meeting.date}"
    if meeting.reference:
        first += f", {meeting.reference}"
    lines = [first, "", f"Bilagans version: {paper}.", f"Garantier som publiceras: {len(tagged.published)}."]
    if tagged.draft_count:
        lines.append(f"Utkast som inte publiceras: {tagged.draft_count}.")
    if tagged.published_follow_ups:
        lines.append(f"Uppföljningar som publiceras: {len(tagged.published_follow_ups)}.")
    if tagged.published_language_versions:
        lines.append(f"Språkversioner som publiceras: {len(tagged.published_language_versions)}.")
    lines += renames
    if note and note.strip():
        lines += ["", note.strip()]
    return "\n".join(lines) + "\n"


def make_tag(root: Path, request: TagRequest) -> bool:
    """Create the tag, signed when a signing key is set (required once main has a list of approvers).
    Returns whether it is signed."""
    if not gitrepo.identity_configured(root):
        raise Refusal(
            "git vet inte vem du är, och en godkännandetagg ska visa vem som registrerade beslutet. "
            "Ange ditt namn och din e-postadress en gång:\n"
            '  git config --global user.name "Förnamn Efternamn"\n'
            '  git config --global user.email "fornamn.efternamn@stockholm.se"\n'
            "och kör sedan kommandot igen."
        )
    approvers = _approvers_or_none(root, approval.main_line(root))
    key = gitrepo.signing_key(root)
    if approvers is not None and key is None:
        raise Refusal(
            f"Du har ingen signeringsnyckel, och projektet tar bara emot signerade godkännandetaggar "
            f"(listan över godkännare finns i {signing.SIGNERS_FILE}). Skapa en nyckel och be förvaltaren "
            'lägga in den i listan: se "Din signeringsnyckel" i PUBLICERING.md.'
        )
    moment = now()
    gitrepo.create_annotated_tag(
        root, request.name, request.commit, request.message, sign=key is not None, at=set_moment()
    )
    with signing.verifier(root, approvers, moment) as verify:
        made = next(tag for tag in gitrepo.approval_tags(root) if tag.name == request.name)
        unverified = verify(made) if verify else None
    if unverified:
        gitrepo.delete_tag(root, request.name)
        raise Refusal(_your_key_problem(key, unverified))
    return key is not None


def _approvers_or_none(root: Path, line: str) -> signing.Approvers | None:
    try:
        return signing.approvers_at(root, line)
    except signing.NoApprovers:
        return None


def _your_key_problem(key: str | None, problem: signing.TagProblem) -> str:
    """What is wrong with the secretary's own key, naming it."""
    if problem.retired is not None:
        return (
            f"Taggen skapades inte: din nyckel ({key}, {problem.retired.signer} på rad {problem.retired.number} "
            f"i {signing.SIGNERS_FILE} på main) {signing.validity_text(problem.retired)}, så den kan inte fastställa "
            'nya beslut. Be förvaltaren lägga in en ny nyckel åt dig (se "Din signeringsnyckel" i PUBLICERING.md), '
            "hämta main och försök igen."
        )
    return (
        f"Taggen skapades inte: din nyckel ({key}) står inte för nämnden i listan över godkännare "
        f"({signing.SIGNERS_FILE} på main), så publiceringen skulle inte godta taggen. Be förvaltaren lägga in "
        'din publika nyckel (se "Din signeringsnyckel" i PUBLICERING.md), hämta main och försök igen.'
    )
