"""The tree to build and the gated publish: main's code with every decision's approved content, built
by `mkdocs build --strict` into a new version of the output folder, swapped in by one rename."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .. import gitrepo, publication, scratch, sitefolder
from ..site import form
from ..errors import GitError, Refusal
from ..layout import CONTENT_DIR
from ..approval import BoardVersion
from .plan import Plan, content_folder, plan, publication_of

# Where the package lives in the repository: the build imports it from the staged commit.
PACKAGE_DIR = "src"
# Where main's guarantees/ is staged for the editors' form, which saves to main (form.SAVED_TREE_VARIABLE):
# beside the tree built, never in its docs, so the site's pages show none of it.
FORM_TREE_DIR = ".redigera-main"


def stage(root: Path, result: Plan, staging: Path) -> None:
    """Write the tree to build: REF minus guarantees/, and in a folder of its own (content_folder) what
    each decision publishes, from its tag. The site shows no text but these folders'."""
    gitrepo.export_tree(root, result.commit, staging, exclude=(CONTENT_DIR,))
    (staging / CONTENT_DIR).mkdir(exist_ok=True)
    for decision in result.decisions:
        folder = content_folder(decision)
        if folder is not None:
            export_published(root, decision.tag.commit, decision.content, staging / folder)
    try:
        gitrepo.export_tree(root, result.commit, staging / FORM_TREE_DIR, subdir=CONTENT_DIR)
    except (GitError, Refusal):  # a link or a submodule on main: the check refuses it there; the form
        shutil.rmtree(staging / FORM_TREE_DIR, ignore_errors=True)  # then offers the approved boards only


def export_published(root: Path, commit: str, version: BoardVersion, folder: Path) -> None:
    """The board's files at `commit` that approving `version` publishes, written below `folder` as a
    content root (guarantees/<board>/…): BoardVersion.published_sources, never a draft guarantee or
    follow-up, nor a file the check refused."""
    published = version.published_sources
    for path in gitrepo.export_tree(root, commit, folder, subdir=f"{CONTENT_DIR}/{version.slug}"):
        if path not in published:
            (folder / path).unlink()


def build(staging: Path, approvals: Path, site: Path) -> None:
    """`mkdocs build --strict` of the staged tree into `site`; Refusal with MkDocs' words if it fails.

    The hook imports the package from the staged tree (REF's src/), not the one
    installed here: code, templates and schemas come from the same commit as the
    pages, theme and hook.
    """
    package = staging / PACKAGE_DIR
    if not (package / "garanti" / "__init__.py").is_file():
        raise Refusal(f"Publiceringen avbröts: versionen som ska byggas saknar programmet ({PACKAGE_DIR}/garanti). "
                      "Publicera från main i projektets eget arkiv.")
    env = dict(os.environ, **{publication.APPROVALS_VARIABLE: str(approvals), "PYTHONPATH": str(package)})
    # The editors' form's packages are installed in this checkout, not in the staged tree.
    env.setdefault(form.MODULES_VARIABLE, str(form.PROJECT_MODULES))
    if (staging / FORM_TREE_DIR).is_dir():
        env[form.SAVED_TREE_VARIABLE] = str(staging / FORM_TREE_DIR)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(staging / "mkdocs.yml"), "-d", str(site)],
        cwd=staging, env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        raise Refusal("Publiceringen avbröts: webbplatsen gick inte att bygga (mkdocs build --strict). "
                      "Det här sa MkDocs:", output[-15:])


def publish(root: Path, out: Path, ref: str | None = None, without_approvers: bool = False) -> Plan:
    """Check, stage, build and swap the new site into `out`; `out` untouched on any failure."""
    out = _check_out_dir(root, out)
    result = plan(root, ref, without_approvers)
    with sitefolder.new_version(out) as new_site, scratch.work_folder("publicera") as work:
        staging, approvals = work / "tree", work / "approvals.json"
        stage(root, result, staging)
        publication.write(publication_of(result), approvals)
        build(staging, approvals, new_site)
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
