"""Which approval tags are valid decisions, and what each of them publishes.

Every tag must be well formed, annotated, signed by an approver, on main and dated on a
meeting. Each decision's content is read and checked with today's check: the site shows
every approved version (in force, to come, in the archive). Rules for guarantees change over
the years, so only each board's latest decision must pass the check whole; of an older one,
a file today's check refuses is left out of the site, and the publish says so (`left_out`).

A bad tag costs only itself. A tag whose name is not `<board>/<YYYY-MM-DD>` is not an approval
at all: it is ignored and named (`ignored`). A tag in that form that breaks a rule holds its board
back (`held`): the tag publishes nothing, the board's valid decisions publish as before, and every
other board is published. Only what no tag can be judged without (main, the list of approvers,
ssh-keygen) stops the whole publish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import approval, gitrepo, signing
from ..approval import BoardVersion
from ..content import marked_draft
from ..dates import now, today
from ..errors import GitError, Refusal
from ..gitrepo import ApprovalTag, TagRef
from ..layout import BOARD, CONTENT_DIR, GUARANTEE, classify, decision_content_dir
from ..model import Meeting
from ..publication import Approval, Decision, Publication, as_data
from ..wording import count_text
from . import ALLOW_UNVERIFIED
from .tagnames import is_approval_name


@dataclass(frozen=True)
class Unit:
    """A guarantee file at a tagged commit, as the decisions page counts it."""

    path: str  # guarantees/<board>/<department>/<unit>.md
    sha: str
    draft: bool

    @property
    def slug(self) -> str:
        return classify(self.path).unit


@dataclass
class TaggedDecision:
    """One approval tag, checked, with the units it approved."""

    tag: ApprovalTag
    board_name: str
    meeting: Meeting
    units: list[Unit]
    changes: str = ""
    content: BoardVersion | None = None  # the board at the tag, checked: what the decision publishes
    unreadable: str = ""  # why the board's folder at the tag could not be read (then content is None)

    @property
    def published(self) -> dict[str, Unit]:
        return {unit.slug: unit for unit in self.units if not unit.draft}


@dataclass
class Plan:
    """What a publish will put on the site."""

    ref: str
    commit: str
    decisions: list[TaggedDecision]  # every approval tag, oldest first
    boards_without_tag: list[str] = field(default_factory=list)
    tags_verified: bool = False  # each tag's signature checked against main's list of approvers
    versions: dict[str, BoardVersion] = field(default_factory=dict)  # each board's latest decision, checked
    left_out: list[str] = field(default_factory=list)  # files of older decisions today's check refuses
    held: dict[str, list[str]] = field(default_factory=dict)  # board -> why a tag of it publishes nothing
    ignored: list[str] = field(default_factory=list)  # names of tags not in the approval form

    @property
    def latest(self) -> dict[str, TaggedDecision]:
        latest: dict[str, TaggedDecision] = {}
        for decision in self.decisions:
            latest[decision.tag.board] = decision
        return dict(sorted(latest.items()))


def units_at(root: Path, commit: str, board: str) -> list[Unit]:
    """The board's guarantee files at a commit, each with its draft flag (content.marked_draft)."""
    entries = [
        entry
        for entry in gitrepo.tree_entries(root, commit, f"{CONTENT_DIR}/{board}")
        if (found := classify(entry.path)) and found.kind == GUARANTEE
    ]
    # Links and submodules count here; the content check refuses them.
    blobs = gitrepo.read_blobs(root, [entry.sha for entry in entries if entry.is_regular])
    return [Unit(entry.path, entry.sha, marked_draft(entry.path, blobs.get(entry.sha, b""))) for entry in entries]


def plan(root: Path, ref: str | None = None, without_approvers: bool = False) -> Plan:
    """Check every approval tag and decide what to publish; Refusal if anything is wrong.

    REF (default: the main line) gives the code, pages and theme; it must be on the main line.
    Without a list of approvers on main nothing is published, unless `without_approvers`
    (ALLOW_UNVERIFIED) asks for it; the tags are then not verified, and the plan says so.
    """
    approval.require_repository(root)
    line = approval.main_line(root)
    ref = ref or approval.main_line_name(line)
    commit = gitrepo.resolve(root, ref)
    if not gitrepo.is_ancestor(root, commit, line):
        raise Refusal(
            f"Publiceringen avbröts: versionen {ref} ({commit[:10]}) finns inte på {approval.main_line_name(line)}. "
            "Webbplatsens kod, sidor och utseende publiceras bara från main. Utelämna --ref, så används main."
        )
    on, moment = today(), now()
    held: dict[str, list[str]] = {}
    ignored: list[str] = []
    decisions = []
    approvers = _approvers(root, line, without_approvers)
    with signing.verifier(root, approvers, moment) as verify:
        for tag in gitrepo.all_tags_like_approvals(root):
            if not is_approval_name(tag.name):
                # Not ours (an editor's "redaktor/test", a release tag): it cannot approve anything, so
                # it must not stop anything either.
                ignored.append(tag.name)
                continue
            parsed = gitrepo.parse_approval_name(tag.name)
            found: list[str] = []
            decision = _check_tag(root, tag, line, on, moment, found)
            unverified = verify(decision.tag) if decision and verify else None
            if unverified is not None and unverified.general:
                raise Refusal("Publiceringen avbröts: taggarnas signaturer kan inte kontrolleras.", [str(unverified)])
            if unverified:
                found.append(str(unverified))
            if found:
                held.setdefault(parsed[0], []).extend(found)
            elif decision:
                decisions.append(decision)
    decisions.sort(key=lambda d: (d.tag.date, d.tag.board))
    for decision in decisions:
        _read_content(root, decision)
    decisions = _drop_unpublishable_latest(decisions, held)
    result = Plan(
        ref,
        commit,
        decisions,
        _boards_without_tag(root, commit, decisions),
        approvers is not None,
        held=dict(sorted(held.items())),
        ignored=ignored,
    )
    latest = {id(decision) for decision in result.latest.values()}
    for decision in result.decisions:
        found = _content_problems(decision)
        if id(decision) in latest:
            result.versions[decision.tag.board] = decision.content
        else:
            result.left_out += found
    _describe_changes(result.decisions)
    return result


def tag_objects(root: Path, result: Plan) -> list[tuple[str, str]]:
    """(name, tag object) of every decision the plan publishes: what the publish record names."""
    return [(decision.tag.name, gitrepo.tag_object_id(root, decision.tag.name)) for decision in result.decisions]


def _drop_unpublishable_latest(decisions: list[TaggedDecision], held: dict[str, list[str]]) -> list[TaggedDecision]:
    """Each board's latest decision must pass today's check whole: one that does not is held back with
    its problems, and the decision before it is the board's latest, judged the same way. The board keeps
    its last good version instead of showing a broken one, or none."""
    kept = list(decisions)
    while True:
        latest: dict[str, TaggedDecision] = {}
        for decision in kept:
            latest[decision.tag.board] = decision
        broken = [d for d in latest.values() if _content_problems(d) or d.content is None]
        if not broken:
            return kept
        for decision in broken:
            held.setdefault(decision.tag.board, []).extend(_content_problems(decision))
        kept = [d for d in kept if all(d is not b for b in broken)]


def _read_content(root: Path, decision: TaggedDecision) -> None:
    """The board's folder at the tag, checked into `decision.content` (a link or a submodule in the
    folder leaves the decision without content, and `decision.unreadable` says why)."""
    try:
        decision.content = approval.read_board(root, decision.tag.commit, decision.tag.board)
    except GitError as error:
        decision.unreadable = str(error)


def _content_problems(decision: TaggedDecision) -> list[str]:
    """The problems of the decision's content, each named with the tag."""
    if decision.content is None:
        return [f"{decision.tag.name}: {decision.unreadable}"]
    return [f"{decision.tag.name}: {problem}" for problem in decision.content.problems]


def _approvers(root: Path, line: str, without_approvers: bool) -> signing.Approvers | None:
    """Main's list of approvers; without one, a Refusal unless publishing without it was asked for."""
    try:
        return signing.approvers_at(root, line)
    except signing.NoApprovers as missing:
        if without_approvers:
            return None
        raise Refusal(
            f"Publiceringen avbröts: {missing} Bara taggar som en av nämndens godkännare har signerat publiceras, "
            'och utan listan går det inte att se vem som skapade en tagg. Lägg in listan på main (se "Listan över '
            'godkännare" i PUBLICERING.md). Vill ni ändå publicera utan att kontrollera vem som skapade taggarna, '
            f"kör kommandot med {ALLOW_UNVERIFIED}."
        ) from None


def _check_tag(
    root: Path, raw: TagRef, line: str, on: dt.date, moment: dt.datetime, problems: list[str]
) -> TaggedDecision | None:
    """One approval tag against the approval rules; its problems are added to `problems`."""
    tag, found = approval.tag_form_problems(raw)
    if tag is None:
        problems += found
        return None
    name = tag.name
    found += approval.on_main_problems(root, tag.commit, line, f'Taggen "{name}" sitter på versionen')
    found += [f'Taggen "{name}": {problem}' for problem in approval.date_problems(tag.date, on)]
    found += approval.tag_time_problems(tag, moment)
    board = approval.board_at(root, tag.commit, tag.board)
    meeting, missing = approval.meeting_problems(board, tag.board, tag.date, "den taggade versionen")
    found += [f'Taggen "{name}": {problem}' for problem in missing]
    problems += found
    if found:
        return None
    return TaggedDecision(tag, board.name, meeting, units_at(root, tag.commit, tag.board))


def _boards_without_tag(root: Path, commit: str, decisions: list[TaggedDecision]) -> list[str]:
    tagged = {decision.tag.board for decision in decisions}
    boards = {
        found.board
        for path in gitrepo.list_tree(root, commit, CONTENT_DIR)
        if (found := classify(path)) and found.kind == BOARD
    }
    return sorted(boards - tagged)


# --- what changed ------------------------------------------------------------------


def _describe_changes(decisions: list[TaggedDecision]) -> None:
    previous: dict[str, TaggedDecision] = {}
    for decision in decisions:
        before = previous.get(decision.tag.board)
        decision.changes = describe_changes(before.published if before else None, decision.published)
        previous[decision.tag.board] = decision


def describe_changes(before: dict[str, Unit] | None, after: dict[str, Unit]) -> str:
    """ "2 nya, 1 ändrad, 1 borttagen" between two approvals of a board (published units only)."""
    if before is None:
        return "första fastställda versionen"
    new = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    changed = sum(1 for slug in after.keys() & before.keys() if after[slug].sha != before[slug].sha)
    parts = [
        count_text(count, one, many)
        for count, one, many in (
            (new, "ny", "nya"),
            (changed, "ändrad", "ändrade"),
            (removed, "borttagen", "borttagna"),
        )
        if count
    ]
    return ", ".join(parts) or "inga ändringar"


# --- what the site is told -------------------------------------------------------------


def publication_of(result: Plan) -> Publication:
    """The publication (the contract with the site's build) of a plan."""
    approvals = {
        board: Approval(board, decision.meeting, decision.tag.name, decision.tag.commit)
        for board, decision in result.latest.items()
    }
    decisions = tuple(
        Decision(
            d.tag.board,
            d.board_name,
            d.tag.date,
            d.meeting.reference,
            len(d.published),
            d.changes,
            d.meeting.minutes,
            d.tag.name,
            d.tag.commit,
            content_folder(d),
        )
        for d in sorted(result.decisions, key=lambda d: (d.tag.date, d.tag.board), reverse=True)
    )
    return Publication(approvals, decisions, result.tags_verified)


def content_folder(decision: TaggedDecision) -> str | None:
    """Where the decision's approved files are staged (build.stage), None if it has none to show."""
    return decision_content_dir(decision.tag.board, decision.tag.date.isoformat()) if decision.content else None


def approvals_data(result: Plan) -> dict:
    """The publication of a plan as the JSON the build reads."""
    return as_data(publication_of(result))
