"""The tree to build and the gated publish: main's code with every decision's approved content, built
by `mkdocs build --strict` into a new version of the output folder, swapped in by one rename."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .. import dates, gitrepo, publication, publish_record, scratch, sitefolder
from ..approval import BoardVersion
from ..content import check_tree, guarantee_from_bytes
from ..dates import now, today
from ..errors import GitError, Refusal
from ..layout import BOARD, CONTENT_DIR, FOLLOW_UP, GUARANTEE, LANGUAGE_VERSION, classify
from ..model import PRESCHOOL
from ..site import form
from . import unchanged
from .plan import Plan, content_folder, plan, publication_of, tag_objects

# Where the package lives in the repository: the build imports it from the staged commit.
PACKAGE_DIR = "src"
# What the editors' form needs of main (form_data), in the publish's work folder beside the tree built.
FORM_DATA_DIR = "redigera-main"


def stage(root: Path, result: Plan, staging: Path) -> None:
    """Write the tree to build: REF minus guarantees/, and in a folder of its own (content_folder) what
    each decision publishes, from its tag. The site shows no text but these folders'."""
    gitrepo.export_tree(root, result.commit, staging, exclude=(CONTENT_DIR,))
    (staging / CONTENT_DIR).mkdir(exist_ok=True)
    for decision in result.decisions:
        folder = content_folder(decision)
        if folder is not None:
            export_published(root, decision.tag.commit, decision.content, staging / folder)


def form_data(root: Path, commit: str, folder: Path) -> None:
    """What the editors' form needs of `commit` (main), which it saves to, written below `folder`
    (form.SavedTree reads it): every board's board.yml (a board's first year has no approval yet, and
    its editors write all the same), and of each unit only whether it is a preschool, which years'
    follow-up files and which language versions it has. No text of a guarantee or a follow-up: main's
    unapproved content is not staged, and the form reads the files themselves from the git host."""
    try:
        entries = [entry for entry in gitrepo.tree_entries(root, commit, CONTENT_DIR) if entry.is_regular]
    except GitError:  # no guarantees/ on main: the form offers the approved boards only
        return
    found = [(entry, place) for entry in entries if (place := classify(entry.path))]
    blobs = gitrepo.read_blobs(root, [entry.sha for entry, place in found if place.kind in (BOARD, GUARANTEE)])
    for entry, place in found:
        if place.kind == BOARD:
            target = folder / entry.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blobs[entry.sha])
    boards = check_tree(folder).corpus.boards
    units = []
    for entry, place in found:
        if place.kind == GUARANTEE and place.board in boards:
            guarantee = guarantee_from_bytes(blobs[entry.sha], entry.path, boards[place.board])
            if guarantee is not None:
                units.append([place.board, place.department, place.unit, guarantee.service == PRESCHOOL])
    follow_ups = [
        [place.board, place.department, place.unit, place.year]
        for _, place in found
        if place.kind == FOLLOW_UP and place.year is not None
    ]
    versions = [
        [place.board, place.department, place.unit, place.language.key]
        for _, place in found
        if place.kind == LANGUAGE_VERSION and place.language is not None
    ]
    (folder / form.SAVED_UNITS_FILE).write_text(
        json.dumps({"units": units, "follow_ups": follow_ups, "versions": versions}), encoding="utf-8"
    )


def export_published(root: Path, commit: str, version: BoardVersion, folder: Path) -> None:
    """The board's files at `commit` that approving `version` publishes, written below `folder` as a
    content root (guarantees/<board>/…): BoardVersion.published_sources, never a draft guarantee or
    follow-up, nor a file the check refused."""
    published = version.published_sources
    for path in gitrepo.export_tree(root, commit, folder, subdir=f"{CONTENT_DIR}/{version.slug}"):
        if path not in published:
            (folder / path).unlink()


def build(staging: Path, approvals: Path, site: Path, form_folder: Path | None = None) -> None:
    """`mkdocs build --strict` of the staged tree into `site`; Refusal with MkDocs' words if it fails.

    The hook imports the package from the staged tree (REF's src/), not the one
    installed here: code, templates and schemas come from the same commit as the
    pages, theme and hook. `form_folder`: what the editors' form needs of main (form_data).
    """
    package = staging / PACKAGE_DIR
    if not (package / "garanti" / "__init__.py").is_file():
        raise Refusal(
            f"Publiceringen avbröts: versionen som ska byggas saknar programmet ({PACKAGE_DIR}/garanti). "
            "Publicera från main i projektets eget arkiv."
        )
    env = dict(os.environ, **{publication.APPROVALS_VARIABLE: str(approvals), "PYTHONPATH": str(package)})
    # The editors' form's packages are installed in this checkout, not in the staged tree.
    env.setdefault(form.MODULES_VARIABLE, str(form.PROJECT_MODULES))
    if form_folder is not None and form_folder.is_dir():
        env[form.SAVED_TREE_VARIABLE] = str(form_folder)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(staging / "mkdocs.yml"), "-d", str(site)],
        cwd=staging,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        raise Refusal(
            "Publiceringen avbröts: webbplatsen gick inte att bygga (mkdocs build --strict). Det här sa MkDocs:",
            output[-15:],
        )


def publish(root: Path, out: Path, ref: str | None = None, without_approvers: bool = False) -> Plan:
    """Check, stage, build and swap the new site into `out`; `out` untouched on any failure.

    The site's publish record names what it was built from (unchanged.inputs, read before the plan: a
    tag pushed meanwhile makes the next publish build)."""
    out = unchanged.check_out_dir(root, out)
    current = unchanged.inputs(root, ref, without_approvers)
    result = plan(root, ref, without_approvers)
    built_from = publish_record.BuiltFrom(
        current, unchanged.turning_day(root, result, today(), now()), bool(result.held), result.tags_verified
    )
    with sitefolder.new_version(out) as new_site, scratch.work_folder("publicera") as work:
        staging, approvals = work / "tree", work / "approvals.json"
        stage(root, result, staging)
        form_data(root, result.commit, work / FORM_DATA_DIR)
        publication.write(publication_of(result), approvals)
        build(staging, approvals, new_site, work / FORM_DATA_DIR)
        # The record's moment is the wall clock's, not GARANTI_TODAY's: it is evidence of what existed by then.
        publish_record.write(new_site, dates.clock(), result.commit, tag_objects(root, result), built_from)
    return result
