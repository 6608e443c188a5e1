"""The approval rules, in one place: what a board may approve, tag and publish.

`garanti report` (the board paper), `garanti tag` (the decision) and
`garanti publish` (the site) all ask this module. Each rule returns problems,
Swedish sentences that say what is wrong and what to do instead; the callers
decide whether a problem stops them (tag and publish) or is printed at the
top of the paper (report).

A board is read the one way the content check reads it (`content.check_tree`),
whether from the working tree or from git at a commit (`read_board`,
`board_at`): the meetings a tag is checked against, the guarantees a paper
lists and the guarantees a tag publishes are the same objects.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import gitrepo, scratch, strictyaml
from .content import (
    BOARD_FILE, CONTENT_DIR, CheckResult, EarlierGuarantees, check_tree, covers, guarantee_from_bytes, is_slug,
)
from .editing import PLACEHOLDER
from .gitrepo import ApprovalTag, GitError, TagRef
from .model import Board, FollowUp, Guarantee, Meeting, Problem
from .site import paths
from .site.swedish import count_text

# YYYY-MM-DD: the day rules about "today" are judged on (default: the system's date).
TODAY_VARIABLE = "GARANTI_TODAY"


def today(environ: Mapping[str, str] = os.environ) -> dt.date:
    """Today, or the day GARANTI_TODAY names; ValueError (Swedish) if it is not a date."""
    given = environ.get(TODAY_VARIABLE, "").strip()
    if not given:
        return dt.date.today()
    date = strictyaml.parse_date(given)
    if date is None:
        raise ValueError(f"{TODAY_VARIABLE} ska vara ett datum skrivet ÅÅÅÅ-MM-DD, inte \"{given}\".")
    return date


def now(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """The moment rules about time are judged at: noon (UTC) on the day GARANTI_TODAY names, else the clock."""
    if not environ.get(TODAY_VARIABLE, "").strip():
        return dt.datetime.now(dt.timezone.utc)
    return dt.datetime.combine(today(environ), dt.time(12), dt.timezone.utc)


def given_moment(environ: Mapping[str, str] = os.environ) -> dt.datetime | None:
    """The moment GARANTI_TODAY sets, if it is set: what a tag made now is dated (else git's clock)."""
    return now(environ) if environ.get(TODAY_VARIABLE, "").strip() else None


# --- a board as git has it ------------------------------------------------------


@dataclass
class BoardVersion:
    """One board's folder as the content check reads it, at a commit (or in the working tree)."""

    slug: str
    commit: str | None
    board: Board | None
    guarantees: dict[str, Guarantee] = field(default_factory=dict)  # slug -> guarantee, loaded cleanly
    problems: list[Problem] = field(default_factory=list)
    follow_ups: dict[str, FollowUp] = field(default_factory=dict)  # file -> follow-up, loaded cleanly
    unfinished_follow_ups: list[str] = field(default_factory=list)  # drafts with values to fill in

    @classmethod
    def from_check(cls, slug: str, commit: str | None, result: CheckResult) -> BoardVersion:
        units = {g.slug: g for g in result.corpus.guarantees_of(slug)}
        follow_ups = {f.source: f for f in result.corpus.follow_ups if f.board == slug}
        return cls(slug, commit, result.corpus.boards.get(slug), units, list(result.problems), follow_ups,
                   list(result.unfinished_follow_ups))

    @property
    def published(self) -> dict[str, Guarantee]:
        """What approving this version puts on the site: every unit but the drafts."""
        return {slug: g for slug, g in self.guarantees.items() if not g.draft}

    @property
    def published_follow_ups(self) -> dict[str, FollowUp]:
        """The follow-ups approving this version puts on the site: not drafts, of published units."""
        units = self.published
        return {source: f for source, f in self.follow_ups.items() if not f.draft and f.unit in units}

    @property
    def draft_count(self) -> int:
        """The units approving this version leaves out: the drafts."""
        return len(self.guarantees) - len(self.published)

    @property
    def unpublished_follow_up_count(self) -> int:
        """The follow-ups approving this version leaves out: drafts (filled in or not), and those of draft units."""
        return len(self.follow_ups) - len(self.published_follow_ups) + len(self.unfinished_follow_ups)

    def follow_up_title(self, follow_up: FollowUp) -> str:
        """"Dalens förskolor, uppföljning 2026": how the paper and its checks name a follow-up."""
        guarantee = self.guarantees.get(follow_up.unit)
        return f"{guarantee.title if guarantee else follow_up.unit}, uppföljning {follow_up.year}"


def check_at(root: Path, commit: str, path: str) -> CheckResult:
    """The content check of `path` (a board folder or its board.yml) as it is at `commit`.
    Raises GitError for what cannot be exported (links, submodules)."""
    with scratch.work_folder("kontroll") as folder:
        (folder / CONTENT_DIR).mkdir()
        gitrepo.export_tree(root, commit, folder, subdir=path)
        return check_tree(folder, taken=paths.taken_addresses(root / "docs"), earlier=earlier_guarantees(root, commit))


def read_board(root: Path, commit: str, slug: str) -> BoardVersion:
    """The whole board (board.yml and every unit) at `commit`, checked."""
    return BoardVersion.from_check(slug, commit, check_at(root, commit, f"{CONTENT_DIR}/{slug}"))


def board_at(root: Path, commit: str, slug: str) -> Board | None:
    """Only the board's board.yml at `commit` (name, meetings); None if absent or not valid.

    Older approvals are listed on the decisions page with their meeting, so
    their board.yml is read; their units need not meet today's check.
    """
    try:
        result = check_at(root, commit, f"{CONTENT_DIR}/{slug}/{BOARD_FILE}")
    except GitError:
        return None
    return result.corpus.boards.get(slug)


class ApprovedGuarantees:
    """The guarantee a board approved for a year, from its approval tags (content.EarlierGuarantees).

    A follow-up is matched against the guarantee valid in its year. Once the tree
    has rolled over to the next year, that guarantee is the one in the version of
    the board's latest approval tag whose guarantee covered the year. The tags are
    taken as git has them (annotated ones only); publishing judges whether they are
    valid decisions. Each tag's folder is read once (one git run for its files),
    and only when needed; a file is loaded only when asked for.
    """

    def __init__(self, root: Path):
        self.root = root
        self._tags: dict[str, list[ApprovalTag]] = {}
        # tag name -> unit slug -> (its path, its bytes): each tag's guarantees read in one git run
        self._units: dict[str, dict[str, tuple[str, bytes]]] = {}

    def __call__(self, board: Board, unit: str, year: int) -> Guarantee | None:
        for tag in self._newest_first(board.slug):
            try:
                found = self._units_at(tag).get(unit)
            except GitError:
                continue  # a tag git cannot read: publishing says what is wrong with it
            guarantee = guarantee_from_bytes(found[1], found[0], board) if found else None
            if guarantee is not None and covers(guarantee, year):
                return replace(guarantee, source=f"{found[0]} i taggen {tag.name}")
        return None

    def _newest_first(self, board: str) -> list[ApprovalTag]:
        if board not in self._tags:
            tags = [tag for tag in gitrepo.approval_tags(self.root, board) if tag.annotated]
            self._tags[board] = list(reversed(tags))
        return self._tags[board]

    def _units_at(self, tag: ApprovalTag) -> dict[str, tuple[str, bytes]]:
        if tag.name not in self._units:
            entries = [
                entry for entry in gitrepo.tree_entries(self.root, tag.commit, f"{CONTENT_DIR}/{tag.board}")
                if entry.path.count("/") == 3 and entry.path.endswith(".md") and entry.is_regular
            ]
            blobs = gitrepo.read_blobs(self.root, [entry.sha for entry in entries])
            self._units[tag.name] = {
                entry.path.rsplit("/", 1)[-1][:-3]: (entry.path, blobs[entry.sha]) for entry in entries
            }
        return self._units[tag.name]


class CommittedGuarantees:
    """The newest version of a unit's guarantee that covered a year, from git's history of
    the board's folder up to `start` (content.EarlierGuarantees).

    For a board without an approval tag for the year (its first year with this system):
    after the rollover the follow-ups of the year are matched against the guarantee as it
    was before the rollover. The history is read once per board (one git run), and a
    unit's versions in one more, only when asked for.
    """

    def __init__(self, root: Path, start: str = "HEAD"):
        self.root = root
        self.start = start
        # board slug -> unit slug -> [(commit, blob sha, path)], newest first
        self._boards: dict[str, dict[str, list[tuple[str, str, str]]]] = {}

    def __call__(self, board: Board, unit: str, year: int) -> Guarantee | None:
        try:
            versions = self._versions(board.slug).get(unit, [])
            blobs = gitrepo.read_blobs(self.root, [blob for _, blob, _ in versions])
        except GitError:
            return None  # no commits yet, or a shallow clone: nothing to match against
        for commit, blob, path in versions:
            guarantee = guarantee_from_bytes(blobs[blob], path, board)
            if guarantee is not None and covers(guarantee, year):
                return replace(guarantee, source=f"{path} i versionen {commit[:10]}")
        return None

    def _versions(self, board: str) -> dict[str, list[tuple[str, str, str]]]:
        if board not in self._boards:
            units: dict[str, list[tuple[str, str, str]]] = {}
            for path, commit, blob in gitrepo.file_versions(self.root, self.start, f"{CONTENT_DIR}/{board}"):
                if path.count("/") == 3 and path.endswith(".md"):
                    units.setdefault(path.rsplit("/", 1)[-1][:-3], []).append((commit, blob, path))
            self._boards[board] = units
        return self._boards[board]


def earlier_guarantees(root: Path, start: str = "HEAD") -> EarlierGuarantees:
    """The guarantee of an earlier year: the one the board approved (its approval tags), else the
    newest one git recorded up to `start`; outside a git repository there are none to find."""
    if not gitrepo.is_repository(root):
        return lambda board, unit, year: None
    approved, committed = ApprovedGuarantees(root), CommittedGuarantees(root, start)
    return lambda board, unit, year: approved(board, unit, year) or committed(board, unit, year)


# --- rules about a decision: tag name, main line, meeting, date -----------------


def tag_form_problems(raw: TagRef) -> tuple[ApprovalTag | None, list[str]]:
    """A tag with a slash as an approval: its name and kind; (approval, problems)."""
    tag = gitrepo.as_approval(raw)
    name = raw.name
    if tag is None or not is_slug(tag.board):
        return None, [
            f"Taggen \"{name}\" har fel form. En godkännandetagg heter <nämnd>/<ÅÅÅÅ-MM-DD> med ett riktigt datum, "
            "till exempel hagersten-liljeholmen/2026-01-22, och pekar på en version (commit). "
            f"Ta bort taggen om den inte är ett beslut: git tag -d {name} och git push origin :refs/tags/{name}"
        ]
    if not tag.annotated:
        return tag, [
            f"Taggen \"{name}\" är en enkel tagg utan beslutsuppgifter. Ett beslut ska registreras med "
            f"garanti tag {tag.board} {tag.date}. Ta bort den enkla taggen först: git tag -d {name} "
            f"och git push origin :refs/tags/{name}"
        ]
    return tag, []


def main_line_name(line: str) -> str:
    return line.removeprefix("refs/heads/").removeprefix("refs/remotes/")


def on_main_problems(root: Path, commit: str, line: str, what: str) -> list[str]:
    """Only what was reviewed and merged to the main line can be approved."""
    if gitrepo.is_ancestor(root, commit, line):
        return []
    main = main_line_name(line)  # `what` is e.g. "Versionen HEAD är"
    return [
        f"{what} {commit[:10]}, som inte finns på {main}. Bara det som har granskats och slagits ihop till {main} "
        "kan fastställas. Byt till main (git switch main och git pull) och försök igen, och ta bort en tagg "
        "som redan sitter på fel version."
    ]


def meeting_problems(board: Board | None, slug: str, date: dt.date, where: str) -> tuple[Meeting | None, list[str]]:
    """The meeting on `date` in the board's board.yml at the version `where` describes."""
    path = f"{CONTENT_DIR}/{slug}/{BOARD_FILE}"
    if board is None:
        return None, [
            f"Nämnden \"{slug}\" finns inte i {where} ({path} saknas eller klarar inte kontrollen). "
            "Kontrollera nämndens namn (mappnamnet under guarantees/)."
        ]
    meeting = board.meeting_on(date)
    if meeting is None:
        known = ", ".join(m.date.isoformat() for m in board.meetings) or "inga"
        return None, [
            f"{date} är inte ett av nämndens sammanträden i {path} i {where} (sammanträden där: {known}). "
            "Kontrollera datumet i protokollet. Saknas sammanträdet i board.yml, lägg till det (med diarienummer "
            "och paragraf), slå ihop ändringen till main och tagga den nya versionen."
        ]
    return meeting, []


def date_problems(date: dt.date, on: dt.date) -> list[str]:
    """A decision cannot be recorded before the meeting has been held."""
    if date <= on:
        return []
    return [
        f"Sammanträdet {date} har inte hållits än (i dag är det {on}). Ett beslut registreras efter "
        "sammanträdet, när nämnden har fattat det. Vänta till dess; ta bort en tagg som redan har skapats."
    ]


# The clocks of the secretary's computer and of the publishing machine may differ this much.
CLOCK_SKEW = dt.timedelta(hours=1)


def tag_time_problems(tag: ApprovalTag, moment: dt.datetime) -> list[str]:
    """A decision is recorded after its meeting, and before the publish that reads it: a tag dated
    otherwise was made with a false date."""
    if tag.tagged_at is None:
        return []
    made = tag.tagged_at.date()
    again = (f"Ta bort taggen (git tag -d {tag.name} och git push origin :refs/tags/{tag.name}) och låt nämndens "
             "sekreterare skapa den igen med garanti tag.")
    if made < tag.date:
        return [f"Taggen \"{tag.name}\" är daterad {made}, före sammanträdet {tag.date} som den registrerar. Ett beslut "
                f"registreras efter sammanträdet, så taggens datum är falskt. {again}"]
    if tag.tagged_at > moment + CLOCK_SKEW:
        return [f"Taggen \"{tag.name}\" är daterad {tag.tagged_at:%Y-%m-%d %H:%M}, efter den här publiceringen "
                f"({moment.astimezone(tag.tagged_at.tzinfo):%Y-%m-%d %H:%M}), så taggens datum är falskt. {again}"]
    return []


def order_problems(date: dt.date, latest: ApprovalTag | None) -> list[str]:
    """A new decision cannot be older than the board's latest one: the site shows the latest date."""
    if latest is None or date >= latest.date:
        return []
    return [
        f"Nämndens senaste beslut är från {latest.date} (taggen {latest.name}); {date} är äldre. Webbplatsen "
        "visar alltid nämndens senaste beslut, så ett äldre beslut skulle aldrig publiceras och beslutssidan "
        "skulle påstå att dagens texter fastställdes då. Kontrollera datumet i protokollet."
    ]


def unsaved_problems(root: Path, slug: str) -> list[str]:
    """The board's files must be committed: a decision is about a version git recorded."""
    unsaved = gitrepo.unsaved_paths(root, f"{CONTENT_DIR}/{slug}")
    if not unsaved:
        return []
    listed = ", ".join(unsaved[:5]) + (f" och {len(unsaved) - 5} till" if len(unsaved) > 5 else "")
    return [
        f"Nämndens filer har ändringar som inte är sparade i git: {listed}. Det du ser i mappen är då inte det "
        "som fastställs. Spara dem (git commit) och lämna in dem som en pull request, eller ångra dem "
        f"(git restore {CONTENT_DIR}/{slug}), och försök igen."
    ]


# --- rules about the content: ready to approve? -------------------------------------


@dataclass(frozen=True)
class Unready:
    """A unit that is not ready to be approved, and why (Swedish)."""

    path: str
    title: str
    reason: str
    blocks_tag: bool  # False for drafts: they are approved later, and never published before


def has_placeholder(guarantee: Guarantee) -> bool:
    """Whether a text still starts a placeholder from `garanti new` ("Skriv här …")."""
    texts = [guarantee.title, guarantee.body, guarantee.correction, guarantee.complaints, guarantee.more_info or ""]
    return any(PLACEHOLDER in text for text in texts + [c.text for c in guarantee.commitments])


def unready_units(version: BoardVersion, meeting: dt.date) -> list[Unready]:
    """Every unit not ready for approval at a meeting on `meeting`, in file order."""
    found = [
        Unready(problem.path, problem.path.rsplit("/", 1)[-1], f"fel: {problem.message} (rad {problem.line})", True)
        for problem in version.problems
    ]
    for g in sorted(version.guarantees.values(), key=lambda g: g.source):
        if g.draft:
            found.append(Unready(g.source, g.title, "utkast (draft: true): publiceras inte", False))
        if has_placeholder(g):
            found.append(Unready(g.source, g.title, f"har kvar text från mallen (\"{PLACEHOLDER} …\")", not g.draft))
        if g.valid_to < meeting:
            found.append(Unready(
                g.source, g.title,
                f"giltighetstiden slutade {g.valid_to}, före sammanträdet {meeting}", not g.draft,
            ))
    for f in version.follow_ups.values():
        if f.draft:
            found.append(Unready(f.source, version.follow_up_title(f), "utkast (draft: true): publiceras inte", False))
    for path in version.unfinished_follow_ups:
        found.append(Unready(path, path.rsplit("/", 1)[-1], "utkast (draft: true) med fält som inte är ifyllda: "
                             "publiceras inte", False))
    if version.guarantees and not version.published:  # drafts left out on purpose, but nothing left to decide
        found.append(Unready(
            f"{CONTENT_DIR}/{version.slug}", version.board.name if version.board else version.slug,
            f"inget att fastställa: alla {len(version.guarantees)} garantier är utkast (draft: true). Ta bort raden "
            "draft: true ur de garantier som är klara att fastställas", True,
        ))
    return sorted(found, key=lambda item: item.path)


def approved_text(version: BoardVersion) -> str:
    """"11 garantier och 3 uppföljningar": what approving this version publishes, in the words
    of both the paper (garanti report) and the tag."""
    follow_ups = len(version.published_follow_ups)
    also = f" och {count_text(follow_ups, 'uppföljning', 'uppföljningar')}" if follow_ups else ""
    return count_text(len(version.published), "garanti", "garantier") + also


def left_out_text(version: BoardVersion) -> str:
    """" (1 utkast och 1 uppföljning som är utkast publiceras inte)": the drafts a decision on this
    version leaves out on purpose, named so that a draft follow-up is not taken for a draft guarantee."""
    left_out = [f"{version.draft_count} utkast"] if version.draft_count else []
    if version.unpublished_follow_up_count:
        left_out.append(f"{count_text(version.unpublished_follow_up_count, 'uppföljning', 'uppföljningar')} "
                        "som är utkast")
    return f" ({' och '.join(left_out)} publiceras inte)" if left_out else ""


def readiness_problems(version: BoardVersion, meeting: dt.date) -> list[str]:
    """What stops a tag: check errors, and published units with template text or already expired."""
    blocking = [item for item in unready_units(version, meeting) if item.blocks_tag]
    return [f"{item.path}: {item.reason}" for item in blocking]


# --- rules about the paper: the board approves what it saw -----------------------


def changed_units(before: BoardVersion, after: BoardVersion) -> list[str]:
    """Names of the units whose guarantee (as residents see it) differs between two versions,
    then of the follow-ups that differ."""
    slugs = sorted(before.guarantees.keys() | after.guarantees.keys())
    changed = [slug for slug in slugs if before.guarantees.get(slug) != after.guarantees.get(slug)]
    names = [(after.guarantees.get(slug) or before.guarantees[slug]).title for slug in changed]
    # The follow-ups too: the board approves the ones in the paper (the annual report's results).
    for source in sorted(before.follow_ups.keys() | after.follow_ups.keys()):
        if before.follow_ups.get(source) != after.follow_ups.get(source):
            names.append((after if source in after.follow_ups else before).follow_up_title(
                after.follow_ups.get(source) or before.follow_ups[source]))
    return names


def paper_problems(root: Path, paper: BoardVersion, tagged: BoardVersion, meeting: dt.date) -> list[str]:
    """The tagged content must be the paper's, and the paper must predate the meeting."""
    problems = []
    made = gitrepo.commit_date(root, paper.commit)
    if made > meeting:
        problems.append(
            f"Bilagans version {paper.commit[:10]} gjordes {made}, efter sammanträdet {meeting}: nämnden kan inte "
            "ha fått den i sitt underlag. Kontrollera sammanträdets datum i protokollet och att --bilaga är "
            "versionen som står i bilagan nämnden fick."
        )
    changed = changed_units(paper, tagged)
    if changed:
        problems.append(
            f"Garantierna i versionen som skulle taggas ({tagged.commit[:10]}) är inte de som stod i bilagan "
            f"(version {paper.commit[:10]}). Texten har ändrats efter bilagan för: {', '.join(changed)}. "
            f"Nämnden fastställde bilagans texter: tagga bilagans version med --ref {paper.commit[:10]}, "
            "eller ta fram en ny bilaga (garanti report) till nästa sammanträde."
        )
    return problems


def fewer_problems(published_now: dict[str, Guarantee], to_publish: dict[str, Guarantee], flag: str) -> list[str]:
    """Publishing fewer guarantees than today takes pages off the site (printed notices answer 404)."""
    if len(to_publish) >= len(published_now):
        return []
    gone = sorted(g.title for slug, g in published_now.items() if slug not in to_publish)
    return [
        f"Beslutet skulle publicera {len(to_publish)} garantier, men i dag är {len(published_now)} publicerade. "
        f"Sidorna för de här enheterna skulle försvinna, och adressen på deras anslag skulle sluta fungera: "
        f"{', '.join(gone)}. Är garantierna utkast (draft: true), ta bort den raden för de garantier nämnden "
        f"fastställde. Har nämnden verkligen beslutat att de ska bort, kör kommandot igen med {flag}."
    ]
