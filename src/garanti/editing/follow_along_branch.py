"""A form branch on the git host brought along: the follow-ups of each guarantee the branch changed,
refreshed from it and committed onto the branch (`garanti uppfoljning --gren BAS`).

The form in the browser writes the guarantee alone onto its branch (cms/<collection>/<entry>)
through the git host's API; nothing there can bring the follow-up along in the same save, as the
local back end does. So the workflow "Uppföljningen följer med" runs this on each push to a cms/
branch, with main's code: the same rule (follow_along.brought_along), a commit of its own after the
editor's.

The branch is content, not code: every text is read from the branch's commit through git (a link
is never followed), and a branch that changes anything outside guarantees/ is refused: it is not
the form's, and nothing is done on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import gitrepo
from ..errors import Refusal
from ..layout import CONTENT_DIR, FOLLOW_UP, GUARANTEE, classify, is_slug
from .files import write_atomically
from .follow_along import brought_along

# The form's branches, as Decap names them.
FORM_BRANCH_PREFIX = "cms/"


@dataclass
class BranchBroughtAlong:
    """What bringing a branch along did: {follow-up: its guarantee} refreshed, and {follow-up: the
    other form branch} left alone because that branch has a change of its own to it."""

    refreshed: dict[str, str] = field(default_factory=dict)
    waiting: dict[str, str] = field(default_factory=dict)
    commit: str | None = None


def bring_branch_along(root: Path, base: str) -> BranchBroughtAlong:
    """The follow-ups of every guarantee the checked-out branch changed since it left `base`, brought
    along and committed on it (one commit, none when nothing changes)."""
    changed = gitrepo.changed_paths(root, base)
    outside = [path for path in changed if PurePosixPath(path).parts[:1] != (CONTENT_DIR,)]
    if outside:
        raise Refusal(
            f"Grenen ändrar filer utanför {CONTENT_DIR}/ ({', '.join(map(_shown, outside[:5]))}"
            f"{', …' if len(outside) > 5 else ''}), så den är inte formulärets. Uppföljningarna förs bara "
            f"med på en gren som bara ändrar garantier och uppföljningar. Inget har ändrats."
        )
    unsaved = gitrepo.unsaved_paths(root, CONTENT_DIR)
    if unsaved:
        raise Refusal(
            f"{unsaved[0]} har ändringar som inte är sparade i git. Spara dem med git commit (eller ta "
            "bort dem) och kör kommandot igen. Inget har ändrats."
        )
    done = BranchBroughtAlong()
    others = _other_form_branches(root)
    for guarantee in _changed_guarantees(changed):
        text = gitrepo.read_file_at(root, "HEAD", guarantee)
        if text is None:  # deleted on the branch
            continue
        follow_ups = {}
        for path in _follow_ups_of(root, guarantee):
            waiting = next(
                (name for ref, name in others.items() if path in gitrepo.changed_paths(root, base, ref)), None
            )
            if waiting:
                done.waiting[path] = waiting
            else:
                follow_ups[path] = gitrepo.read_file_at(root, "HEAD", path).decode("utf-8", errors="replace")
        for path, new in brought_along(text.decode("utf-8", errors="replace"), guarantee, follow_ups).items():
            write_atomically(root / path, new.encode("utf-8"))
            done.refreshed[path] = guarantee
    if done.refreshed:
        done.commit = gitrepo.commit_paths(root, sorted(done.refreshed), _message(done.refreshed))
    return done


def _changed_guarantees(changed: list[str]) -> list[str]:
    """The guarantees among the changed paths, named as the form names them (slugs: the check refuses
    any other name, and nothing else is ever printed to the workflow's log, where a line can be a command)."""
    return [
        path
        for path in changed
        if (found := classify(path)) is not None
        and found.kind == GUARANTEE
        and all(is_slug(part) for part in (found.board, found.department, found.unit))
    ]


def _follow_ups_of(root: Path, guarantee: str) -> list[str]:
    """The unit's follow-ups at the branch's commit, plain files only (the check names the rest)."""
    return [
        entry.path
        for entry in gitrepo.tree_entries(root, "HEAD", guarantee.rpartition("/")[0])
        if entry.is_regular
        and (found := classify(entry.path)) is not None
        and found.kind == FOLLOW_UP
        and found.year is not None
        and found.guarantee_path == guarantee
    ]


def _other_form_branches(root: Path) -> dict[str, str]:
    """{ref: branch name} of every form branch but the one checked out (here or fetched)."""
    own = gitrepo.current_branch(root)
    head = gitrepo.resolve(root, "HEAD")
    return {
        ref: name
        for ref, name in gitrepo.branch_refs(root).items()
        if name.startswith(FORM_BRANCH_PREFIX) and name != own and gitrepo.resolve(root, ref) != head
    }


def _shown(path: str) -> str:
    """A path as it can be printed: a control character as Python writes it, never itself."""
    return path if path.isprintable() else repr(path)[1:-1]


def _message(refreshed: dict[str, str]) -> str:
    """The commit's message, in the form's words (site/form.py COMMIT_MESSAGES)."""
    lines = [f"- {path} följer med {guarantee}" for path, guarantee in sorted(refreshed.items())]
    return (
        "Formuläret: uppföljningen följer med garantin\n\n"
        "Åtagandena hämtades ur garantin; resultaten står kvar där åtagandet inte ändrades.\n\n"
        + "\n".join(lines)
        + "\n"
    )
