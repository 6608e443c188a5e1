"""A board as the content check reads it, from the working tree or from git at a commit.

The meetings a tag is checked against, the guarantees a paper lists and the guarantees a
tag publishes are the same objects: each is a `BoardVersion`, read the one way the
content check reads a board (`content.check_tree` over the folder as git has it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import fields, gitrepo, scratch
from ..content import CheckResult, EarlierGuarantees, EarlierTexts, check_tree, covers, guarantee_from_bytes
from ..errors import GitError
from ..gitrepo import ApprovalTag
from ..layout import BOARD_FILE, CONTENT_DIR, GUARANTEE, classify, taken_addresses
from ..model import Board, Corpus, FollowUp, Guarantee, LanguageVersion, Problem


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
    language_versions: dict[str, LanguageVersion] = field(default_factory=dict)  # file -> version, loaded cleanly

    @classmethod
    def from_check(cls, slug: str, commit: str | None, result: CheckResult) -> BoardVersion:
        units = {g.slug: g for g in result.corpus.guarantees_of(slug)}
        follow_ups = {f.source: f for f in result.corpus.follow_ups if f.board == slug}
        versions = {v.source: v for v in result.corpus.language_versions if v.board == slug}
        return cls(
            slug,
            commit,
            result.corpus.boards.get(slug),
            units,
            list(result.problems),
            follow_ups,
            list(result.unfinished_follow_ups),
            versions,
        )

    @property
    def published(self) -> dict[str, Guarantee]:
        """What approving this version puts on the site (Corpus.published): every unit but the drafts."""
        return {g.slug: g for g in self._published.guarantees}

    @property
    def published_follow_ups(self) -> dict[str, FollowUp]:
        """The follow-ups approving this version puts on the site: not drafts, of published units."""
        return {f.source: f for f in self._published.follow_ups}

    @property
    def published_language_versions(self) -> dict[str, LanguageVersion]:
        """The language versions approving this version puts on the site: not drafts, written from the
        Swedish text as it is, of published units."""
        return {v.source: v for v in self._published.language_versions}

    @property
    def _published(self) -> Corpus:
        return Corpus(
            {}, list(self.guarantees.values()), list(self.follow_ups.values()), list(self.language_versions.values())
        ).published()

    @property
    def published_sources(self) -> set[str]:
        """The files approving this version puts on the site (repository paths): its board.yml, the
        published guarantees and their published follow-ups and language versions."""
        sources = {g.source for g in self.published.values()} | set(self.published_follow_ups)
        sources |= set(self.published_language_versions)
        return sources | ({self.board.source} if self.board else set())

    @property
    def draft_count(self) -> int:
        """The units approving this version leaves out: the drafts."""
        return len(self.guarantees) - len(self.published)

    @property
    def unpublished_follow_up_count(self) -> int:
        """The follow-ups approving this version leaves out: drafts (filled in or not), and those of draft units."""
        return len(self.follow_ups) - len(self.published_follow_ups) + len(self.unfinished_follow_ups)

    @property
    def unpublished_version_count(self) -> int:
        """The language versions approving this version leaves out: drafts, stale ones, those of draft units."""
        return len(self.language_versions) - len(self.published_language_versions)

    def language_version_title(self, version: LanguageVersion) -> str:
        """ "Liljeholmens hemtjänst, finska": how the paper and its checks name a language version."""
        guarantee = self.guarantees.get(version.unit)
        return f"{guarantee.title if guarantee else version.unit}, {version.language.name}"

    def follow_up_title(self, follow_up: FollowUp) -> str:
        """ "Dalens förskolor, uppföljning 2026": how the paper and its checks name a follow-up."""
        guarantee = self.guarantees.get(follow_up.unit)
        return f"{guarantee.title if guarantee else follow_up.unit}, uppföljning {follow_up.year}"


def check_at(root: Path, commit: str, path: str) -> CheckResult:
    """The content check of `path` (a board folder or its board.yml) as it is at `commit`.
    Raises GitError for what cannot be exported (links, submodules)."""
    with scratch.work_folder("kontroll") as folder:
        (folder / CONTENT_DIR).mkdir()
        gitrepo.export_tree(root, commit, folder, subdir=path)
        return check_tree(folder, taken=taken_addresses(root / "docs"), earlier=earlier_guarantees(root, commit))


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
                (entry, found)
                for entry in gitrepo.tree_entries(self.root, tag.commit, f"{CONTENT_DIR}/{tag.board}")
                if entry.is_regular and (found := classify(entry.path)) and found.kind == GUARANTEE
            ]
            blobs = gitrepo.read_blobs(self.root, [entry.sha for entry, _ in entries])
            self._units[tag.name] = {found.unit: (entry.path, blobs[entry.sha]) for entry, found in entries}
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
        return self._newest(board, unit, lambda guarantee: covers(guarantee, year))

    def worded_as(self, board: Board, unit: str, swedish_text: str) -> Guarantee | None:
        """The newest version of the unit's guarantee whose Swedish text has this fingerprint
        (fields.swedish_text_of): the text a language version was written from (content.EarlierTexts)."""
        return self._newest(board, unit, lambda guarantee: fields.written_against(guarantee, swedish_text) is not None)

    def _newest(self, board: Board, unit: str, wanted) -> Guarantee | None:
        try:
            versions = self._versions(board.slug).get(unit, [])
            blobs = gitrepo.read_blobs(self.root, [blob for _, blob, _ in versions])
        except GitError:
            return None  # no commits yet, or a shallow clone: nothing to match against
        for commit, blob, path in versions:
            guarantee = guarantee_from_bytes(blobs[blob], path, board)
            if guarantee is not None and wanted(guarantee):
                return replace(guarantee, source=f"{path} i versionen {commit[:10]}")
        return None

    def _versions(self, board: str) -> dict[str, list[tuple[str, str, str]]]:
        if board not in self._boards:
            units: dict[str, list[tuple[str, str, str]]] = {}
            for path, commit, blob in gitrepo.file_versions(self.root, self.start, f"{CONTENT_DIR}/{board}"):
                found = classify(path)
                if found and found.kind == GUARANTEE:
                    units.setdefault(found.unit, []).append((commit, blob, path))
            self._boards[board] = units
        return self._boards[board]


def earlier_texts(root: Path, start: str = "HEAD") -> EarlierTexts:
    """The Swedish text a language version was written from, by its fingerprint, from git's history
    up to `start`; outside a git repository, none."""
    if not gitrepo.is_repository(root):
        return lambda board, unit, swedish_text: None
    return CommittedGuarantees(root, start).worded_as


def earlier_guarantees(root: Path, start: str = "HEAD") -> EarlierGuarantees:
    """The guarantee of an earlier year: the one the board approved (its approval tags), else the
    newest one git recorded up to `start`; outside a git repository there are none to find."""
    if not gitrepo.is_repository(root):
        return lambda board, unit, year: None
    approved, committed = ApprovedGuarantees(root), CommittedGuarantees(root, start)
    return lambda board, unit, year: approved(board, unit, year) or committed(board, unit, year)
