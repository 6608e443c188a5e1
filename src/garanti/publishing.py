"""Approval-gated publishing: only what a board approved reaches the site.

An approval tag `<board>/<YYYY-MM-DD>` is an annotated tag on a commit of the
main line whose date is one of the board's meetings. Publishing takes the
code (the package under src/, with its templates), schemas, pages, theme and
hook from one commit on the main line (REF, by default the main line's tip)
and each board's guarantees from that board's latest approval tag, read from
git, never from the working tree. Anything wrong with any approval tag stops
the publish.

"The main line" is the branch `main`, else `origin/main` (a CI clone may have
no local branch). With neither, nothing is tagged or published (fail closed).
A tagged commit must be on it: a tag on an unreviewed branch publishes
nothing.

Rules for guarantees change over the years; only each board's latest tag
(the content actually published) is held to today's check. Older tags must
still be well formed, annotated, on main and dated on a meeting, because
they are listed on the decisions page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import approval, gitrepo, scratch, signing, sitefolder, strictyaml
from .content import (
    _IGNORED, BOARD_FILE, CONTENT_DIR, is_follow_up_name, split_follow_up_name, split_front_matter, unify_line_endings,
)
from .gitrepo import ApprovalTag, GitError, TagRef
from .model import Meeting
from .site.approvals import APPROVALS_VARIABLE
from .site.form import MODULES_VARIABLE, PROJECT_MODULES
from .site.swedish import count_text

MAIN_LINES = ("refs/heads/main", "refs/remotes/origin/main")
# Where the package lives in the repository: the build imports it from the staged commit.
PACKAGE_DIR = "src"


class Refusal(Exception):
    """Publishing or tagging refused; `problems` are Swedish, one per line."""

    def __init__(self, summary: str, problems: list[str] | None = None):
        super().__init__(summary)
        self.summary = summary
        self.problems = problems or []

    def __str__(self) -> str:
        return "\n".join([self.summary, *(f"  – {problem}" for problem in self.problems)])


@dataclass(frozen=True)
class Unit:
    path: str  # guarantees/<board>/<department>/<unit>.md
    sha: str
    draft: bool

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1][:-3]

    @property
    def guarantee_path(self) -> str:
        """For a follow-up: the path of the guarantee it follows up, beside it."""
        folder, name = self.path.rsplit("/", 1)
        return f"{folder}/{split_follow_up_name(name)[0]}.md"


@dataclass
class Decision:
    """One approval tag, checked, with what it approved."""

    tag: ApprovalTag
    board_name: str
    meeting: Meeting
    units: list[Unit]
    follow_ups: list[Unit] = field(default_factory=list)  # <unit>.uppfoljning-<year>.yml, each with its draft flag
    changes: str = ""

    @property
    def published(self) -> dict[str, Unit]:
        return {unit.slug: unit for unit in self.units if not unit.draft}


@dataclass
class Plan:
    """What a publish will put on the site."""

    ref: str
    commit: str
    decisions: list[Decision]  # every approval tag, oldest first
    boards_without_tag: list[str] = field(default_factory=list)
    tags_verified: bool = False  # each tag's signature checked against main's list of approvers

    @property
    def latest(self) -> dict[str, Decision]:
        latest: dict[str, Decision] = {}
        for decision in self.decisions:
            latest[decision.tag.board] = decision
        return dict(sorted(latest.items()))


# --- the main line ------------------------------------------------------------


def main_line(root: Path) -> str:
    """The ref approved commits must be on: main, else origin/main; neither is a Refusal.

    Fail closed: without a main line nothing tells reviewed commits from others.
    """
    line = next((name for name in MAIN_LINES if gitrepo.ref_exists(root, name)), None)
    if line is None:
        raise Refusal(
            "Hittar varken grenen main eller origin/main i den här kopian av projektet. Bara det som finns på "
            "main kan fastställas och publiceras, så ingenting har gjorts. Hämta main från GitHub med "
            "git fetch origin main:main (eller klona projektet på nytt med git clone) och försök igen."
        )
    return line


# --- units at a commit ------------------------------------------------------------


def units_at(root: Path, commit: str, board: str) -> list[Unit]:
    """The board's guarantee files at a commit, with their draft flag from the front matter."""
    return _files_at(root, commit, board, lambda name: name.endswith(".md"), _front_matter)


def follow_ups_at(root: Path, commit: str, board: str) -> list[Unit]:
    """The board's follow-up files at a commit, with their draft flag."""
    return _files_at(root, commit, board, is_follow_up_name, lambda text: text)


def _files_at(root: Path, commit: str, board: str, named, fields_text) -> list[Unit]:
    """The files guarantees/<board>/<department>/<name> whose name is `named`, each with its
    draft flag read from the YAML `fields_text` finds in the file."""
    entries = [
        entry for entry in gitrepo.tree_entries(root, commit, f"{CONTENT_DIR}/{board}")
        if _in_department(entry.path) and named(entry.path.rsplit("/", 1)[-1])
    ]
    # Links and submodules count here; the content check refuses them.
    blobs = gitrepo.read_blobs(root, [entry.sha for entry in entries if entry.is_regular])
    return [Unit(entry.path, entry.sha, _is_draft(fields_text, blobs.get(entry.sha, b""))) for entry in entries]


def _in_department(path: str) -> bool:
    # Where content.check_tree reads units and follow-ups: guarantees/<board>/<department>/<file>
    parts = path.split("/")
    name = parts[-1]
    return len(parts) == 4 and name not in _IGNORED and not name.startswith(".")


def _front_matter(text: str) -> str | None:
    parts = split_front_matter(text)
    return parts[0] if parts else None


def _is_draft(fields_text, data: bytes) -> bool:
    fields = fields_text(unify_line_endings(data.decode("utf-8-sig", "replace")))
    if fields is None:
        return False
    try:
        loaded, _ = strictyaml.load(fields)
    except strictyaml.YamlProblem:
        return False
    return isinstance(loaded, dict) and bool(loaded.get("draft", False))


# --- checking the approval tags -----------------------------------------------


def plan(root: Path, ref: str | None = None) -> Plan:
    """Check every approval tag and decide what to publish; Refusal if anything is wrong.

    REF (default: the main line) gives the code, pages and theme; it must be on the main line.
    """
    _require_repository(root)
    try:
        line = main_line(root)
        ref = ref or approval.main_line_name(line)
        commit = gitrepo.resolve(root, ref)
        if not gitrepo.is_ancestor(root, commit, line):
            raise Refusal(
                f"Publiceringen avbröts: versionen {ref} ({commit[:10]}) finns inte på {approval.main_line_name(line)}. "
                "Webbplatsens kod, sidor och utseende publiceras bara från main. Utelämna --ref, så används main."
            )
        on = _today()
        problems: list[str] = []
        decisions = []
        signers = signing.signers_at(root, line)
        with signing.verifier(root, signers) as verify:
            for tag in gitrepo.all_tags_like_approvals(root):
                decision = _check_tag(root, tag, line, on, problems)
                unverified = verify(decision.tag.name, decision.tag.board) if decision and verify else None
                if unverified:
                    problems.append(unverified)
                elif decision:
                    decisions.append(decision)
        decisions.sort(key=lambda d: (d.tag.date, d.tag.board))
        result = Plan(ref, commit, decisions, _boards_without_tag(root, commit, decisions), signers is not None)
        for decision in result.latest.values():
            problems += content_problems(root, decision.tag.commit, decision.tag.board, decision.tag.name)
    except GitError as error:
        raise Refusal(f"Publiceringen avbröts: {error}") from None
    if problems:
        raise Refusal(
            "Publiceringen avbröts: en eller flera godkännandetaggar är felaktiga. Inget har publicerats "
            "och den tidigare webbplatsen är orörd.",
            problems,
        )
    _describe_changes(result.decisions)
    return result


def _today() -> dt.date:
    try:
        return approval.today()
    except ValueError as error:
        raise Refusal(str(error)) from None


def _require_repository(root: Path) -> None:
    if not gitrepo.is_repository(root):
        raise Refusal(
            f"{root} är ingen git-kopia av projektet. Godkännanden läses ur git: hämta projektet med git clone "
            "och kör kommandot i den mappen."
        )


def _check_tag(root: Path, raw: TagRef, line: str, on: dt.date, problems: list[str]) -> Decision | None:
    """One approval tag against the approval rules; its problems are added to `problems`."""
    tag, found = approval.tag_form_problems(raw)
    if tag is None:
        problems += found
        return None
    name = tag.name
    found += approval.on_main_problems(root, tag.commit, line, f"Taggen \"{name}\" sitter på versionen")
    found += [f"Taggen \"{name}\": {problem}" for problem in approval.date_problems(tag.date, on)]
    board = approval.board_at(root, tag.commit, tag.board)
    meeting, missing = approval.meeting_problems(board, tag.board, tag.date, "den taggade versionen")
    found += [f"Taggen \"{name}\": {problem}" for problem in missing]
    problems += found
    if found:
        return None
    return Decision(tag, board.name, meeting, units_at(root, tag.commit, tag.board),
                    follow_ups=follow_ups_at(root, tag.commit, tag.board))


def content_problems(root: Path, commit: str, board: str, label: str) -> list[str]:
    """The check's problems for one board's folder as it is at `commit`, each after `label`."""
    try:
        version = approval.read_board(root, commit, board)
    except GitError as error:
        return [f"{label}: {error}"]
    return [f"{label}: {problem}" for problem in version.problems]


def _boards_without_tag(root: Path, commit: str, decisions: list[Decision]) -> list[str]:
    tagged = {decision.tag.board for decision in decisions}
    boards = {
        path.split("/")[1]
        for path in gitrepo.list_tree(root, commit, CONTENT_DIR)
        if path.count("/") == 2 and path.endswith("/" + BOARD_FILE)
    }
    return sorted(boards - tagged)


# --- what changed ------------------------------------------------------------------


def _describe_changes(decisions: list[Decision]) -> None:
    previous: dict[str, Decision] = {}
    for decision in decisions:
        before = previous.get(decision.tag.board)
        decision.changes = describe_changes(before.published if before else None, decision.published)
        previous[decision.tag.board] = decision


def describe_changes(before: dict[str, Unit] | None, after: dict[str, Unit]) -> str:
    """"2 nya, 1 ändrad, 1 borttagen" between two approvals of a board (published units only)."""
    if before is None:
        return "första fastställda versionen"
    new = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    changed = sum(1 for slug in after.keys() & before.keys() if after[slug].sha != before[slug].sha)
    parts = [
        count_text(count, one, many)
        for count, one, many in ((new, "ny", "nya"), (changed, "ändrad", "ändrade"), (removed, "borttagen", "borttagna"))
        if count
    ]
    return ", ".join(parts) or "inga ändringar"


# --- the approvals file (the contract with the site's hook) ------------------


def approvals_data(result: Plan) -> dict:
    return {
        "approvals": {
            board: {
                "tag": d.tag.name,
                "date": d.tag.date.isoformat(),
                "case_number": d.meeting.case_number,
                "paragraph": d.meeting.paragraph,
                "minutes": d.meeting.minutes,
                "commit": d.tag.commit,
            }
            for board, d in result.latest.items()
        },
        "tags_verified": result.tags_verified,
        # Newest first: the order the decisions page lists them.
        "decisions": [
            {
                "board": d.tag.board,
                "board_name": d.board_name,
                "date": d.tag.date.isoformat(),
                "reference": d.meeting.reference,
                "minutes": d.meeting.minutes,
                "count": len(d.published),
                "changes": d.changes,
            }
            for d in sorted(result.decisions, key=lambda d: (d.tag.date, d.tag.board), reverse=True)
        ],
    }


# --- staging and building --------------------------------------------------------


def stage(root: Path, result: Plan, staging: Path) -> None:
    """Write the tree to build: REF minus guarantees/, plus each board's approved, non-draft units
    and the non-draft follow-ups of those units."""
    try:
        gitrepo.export_tree(root, result.commit, staging, exclude=(CONTENT_DIR,))
        (staging / CONTENT_DIR).mkdir(exist_ok=True)
        for board, decision in result.latest.items():
            gitrepo.export_tree(root, decision.tag.commit, staging, subdir=f"{CONTENT_DIR}/{board}")
            drafts = {unit.path for unit in decision.units if unit.draft}
            for unit in decision.units:
                if unit.draft:
                    (staging / unit.path).unlink()
            # A follow-up is published with its guarantee, and never as a draft.
            for follow_up in decision.follow_ups:
                if follow_up.draft or follow_up.guarantee_path in drafts:
                    (staging / follow_up.path).unlink()
    except GitError as error:
        raise Refusal(f"Publiceringen avbröts: {error}") from None


def build(staging: Path, approvals: Path, site: Path) -> None:
    """`mkdocs build --strict` of the staged tree into `site`; Refusal with MkDocs' words if it fails.

    The hook imports the package from the staged tree (REF's src/), not the one
    installed here: code, templates and schemas come from the same commit as the
    pages, theme and hook.
    """
    package = staging / PACKAGE_DIR
    if not (package / "garanti" / "__init__.py").is_file():
        raise Refusal(
            f"Publiceringen avbröts: versionen som ska byggas saknar programmet ({PACKAGE_DIR}/garanti). "
            "Publicera från main i projektets eget arkiv."
        )
    env = dict(os.environ, **{APPROVALS_VARIABLE: str(approvals), "PYTHONPATH": str(package)})
    # The editors' form's packages are installed in this checkout, not in the staged tree.
    env.setdefault(MODULES_VARIABLE, str(PROJECT_MODULES))
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(staging / "mkdocs.yml"), "-d", str(site)],
        cwd=staging, env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        raise Refusal(
            "Publiceringen avbröts: webbplatsen gick inte att bygga (mkdocs build --strict). "
            "Inget har publicerats och den tidigare webbplatsen är orörd. Det här sa MkDocs:",
            output[-15:],
        )


def publish(root: Path, out: Path, ref: str | None = None) -> Plan:
    """Check, stage, build and swap the new site into `out`; `out` untouched on any failure."""
    out = _check_out_dir(root, out)
    result = plan(root, ref)
    try:
        with sitefolder.new_version(out) as new_site, scratch.work_folder("publicera") as work:
            staging, approvals = work / "tree", work / "approvals.json"
            stage(root, result, staging)
            approvals.write_text(json.dumps(approvals_data(result), ensure_ascii=False, indent=2), encoding="utf-8")
            build(staging, approvals, new_site)
    except sitefolder.OutputError as error:
        raise Refusal(f"Publiceringen avbröts: {error}") from None
    return result


def _check_out_dir(root: Path, out: Path) -> Path:
    out = out.absolute()
    resolved = out.resolve()
    if resolved == root.resolve() or resolved in root.resolve().parents:
        raise Refusal(f"--out {out} skulle ersätta projektmappen. Välj en egen mapp för webbplatsen, till exempel site.")
    if out.exists() and not out.is_dir():
        raise Refusal(f"--out {out} är en fil, inte en mapp. Välj en mapp för webbplatsen.")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise Refusal(
            f"Mappen {out} innehåller redan annat än en webbplats (ingen index.html). Publiceringen ersätter hela "
            "mappen, så välj en tom mapp eller mappen från förra publiceringen."
        )
    return out


# --- making an approval tag -------------------------------------------------------


@dataclass(frozen=True)
class TagRequest:
    name: str
    commit: str
    message: str
    published: int
    drafts: int
    follow_ups: int = 0  # follow-ups the decision publishes
    draft_follow_ups: int = 0  # follow-ups it does not: drafts, and the follow-ups of draft units


# The flag that confirms a decision publishing fewer guarantees than today (garanti tag).
CONFIRM_FEWER = "--bekrafta-farre"


def prepare_tag(root: Path, board: str, date: dt.date, paper: str, ref: str = "HEAD", note: str | None = None,
                confirm_fewer: bool = False) -> TagRequest:
    """Check that `board/date` may be tagged on REF for the paper made from version `paper`
    (the approval rules), and compose the tag; Refusal listing every problem otherwise."""
    name = f"{board}/{date.isoformat()}"
    _require_repository(root)
    try:
        commit = gitrepo.resolve(root, ref)
        if gitrepo.ref_exists(root, f"refs/tags/{name}"):
            raise Refusal(
                f"Taggen {name} finns redan: beslutet är redan registrerat. Om taggen är fel, läs "
                "\"Rätta en felaktig tagg\" i PUBLICERING.md innan du tar bort den."
            )
        problems = approval.date_problems(date, _today())
        problems += approval.on_main_problems(root, commit, main_line(root), f"Versionen {ref} är")
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
        if not confirm_fewer:
            now = approval.read_board(root, latest.commit, board).published if latest else {}
            # Only what the site shows now counts: a latest tag that is itself
            # broken publishes nothing, and publish says so.
            problems += approval.fewer_problems(now, tagged.published, CONFIRM_FEWER)
    except GitError as error:
        raise Refusal(f"Taggen skapades inte: {error}") from None
    if problems:
        raise Refusal(f"Taggen {name} skapades inte:", problems)
    drafts = len(tagged.guarantees) - len(tagged.published)
    follow_ups = len(tagged.published_follow_ups)
    draft_follow_ups = len(tagged.follow_ups) - follow_ups + len(tagged.unfinished_follow_ups)
    message = _tag_message(tagged.board.name, meeting, len(tagged.published), drafts, follow_ups, paper, note)
    return TagRequest(name, commit, message, len(tagged.published), drafts, follow_ups, draft_follow_ups)


def _tag_message(board_name: str, meeting: Meeting, published: int, drafts: int, follow_ups: int, paper: str,
                 note: str | None) -> str:
    first = f"{board_name} fastställde kvalitetsgarantierna {meeting.date}"
    if meeting.reference:
        first += f", {meeting.reference}"
    lines = [first, "", f"Bilagans version: {paper}.", f"Garantier som publiceras: {published}."]
    if drafts:
        lines.append(f"Utkast som inte publiceras: {drafts}.")
    if follow_ups:
        lines.append(f"Uppföljningar som publiceras: {follow_ups}.")
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
            "  git config --global user.name \"Förnamn Efternamn\"\n"
            "  git config --global user.email \"fornamn.efternamn@stockholm.se\"\n"
            "och kör sedan kommandot igen."
        )
    try:
        signers = signing.signers_at(root, main_line(root))
        key = gitrepo.signing_key(root)
        if signers is not None and key is None:
            raise Refusal(
                f"Du har ingen signeringsnyckel, och projektet tar bara emot signerade godkännandetaggar "
                f"(listan över godkännare finns i {signing.SIGNERS_FILE}). Skapa en nyckel och be förvaltaren "
                "lägga in den i listan: se \"Din signeringsnyckel\" i PUBLICERING.md."
            )
        gitrepo.create_annotated_tag(root, request.name, request.commit, request.message, sign=key is not None)
        with signing.verifier(root, signers) as verify:
            unverified = verify(request.name, request.name.split("/", 1)[0]) if verify else None
        if unverified:
            gitrepo.delete_tag(root, request.name)
            raise Refusal(
                f"Taggen skapades inte: din nyckel ({key}) står inte för nämnden i listan över godkännare "
                f"({signing.SIGNERS_FILE} på main), så publiceringen skulle inte godta taggen. Be förvaltaren "
                "lägga in din publika nyckel (se \"Din signeringsnyckel\" i PUBLICERING.md), hämta main och försök igen."
            )
    except GitError as error:
        raise Refusal(f"Taggen skapades inte: {error}") from None
    return key is not None
