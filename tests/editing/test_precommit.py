"""The pre-commit hook, run for real: pre-commit installed in a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..helpers import REPO_ROOT
from ..repos import Repo
from ..samples import HOME

VENV_BIN = Path(sys.executable).parent
# A terminal that has not activated .venv, or a graphical git client: the system's programs only.
SYSTEM_PATH = os.pathsep.join(["/usr/local/bin", "/usr/bin", "/bin"])


def git(root: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    """git as the editor runs it, through the hook: its exit code and output are the test's to judge."""
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)


@pytest.fixture
def hooked(content_repo: Path, tmp_path_factory) -> tuple[Path, dict]:
    """content_repo as a git repository with the project's pre-commit hook installed (by the
    activated environment, as ARSCYKEL.md says); the environment of a commit with .venv active."""
    pre_commit = shutil.which("pre-commit", path=str(VENV_BIN))
    assert pre_commit, "pre-commit is pinned in the test extra; run scripts/setup"
    env = dict(
        os.environ,
        PATH=f"{VENV_BIN}{os.pathsep}{SYSTEM_PATH}",  # `garanti` as an editor's activated venv has it
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        GIT_AUTHOR_NAME="Redaktör",
        GIT_AUTHOR_EMAIL="redaktor@example.org",
        GIT_COMMITTER_NAME="Redaktör",
        GIT_COMMITTER_EMAIL="redaktor@example.org",
        LC_ALL="C.UTF-8",
    )
    for name in (".pre-commit-config.yaml", ".gitignore", "scripts/pre-commit-check"):
        (content_repo / name).parent.mkdir(exist_ok=True)
        shutil.copy2(REPO_ROOT / name, content_repo / name)
    Repo.init(content_repo).commit("start", date=None)
    installed = subprocess.run([pre_commit, "install"], cwd=content_repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    return content_repo, env


def commits(root: Path, env: dict) -> int:
    return int(git(root, "rev-list", "--count", "HEAD", env=env).stdout.strip())


def test_pre_commit_refuses_a_bad_guarantee_and_lets_a_good_one_through(hooked):
    content_repo, env = hooked
    path = content_repo / HOME
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("service: hemtjänst", "service: hemtjanst"), encoding="utf-8")
    git(content_repo, "add", HOME, env=env)
    refused = git(content_repo, "commit", "-m", "fel verksamhet", env=env)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "garanti check (kvalitetsgarantier)" in output and "Failed" in output
    assert f'{HOME}:3:10: "hemtjanst" är inte ett tillåtet värde för verksamhet. Menade du "hemtjänst"?' in output
    assert commits(content_repo, env) == 1

    path.write_text(good.replace("Du får en kontaktperson", "Du får alltid en kontaktperson"), encoding="utf-8")
    git(content_repo, "add", HOME, env=env)
    accepted = git(content_repo, "commit", "-m", "bättre åtagande", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
    assert commits(content_repo, env) == 2

    # Files outside guarantees/ are not the hook's business.
    (content_repo / "anteckning.txt").write_text("<b>fri text</b>\n", encoding="utf-8")
    git(content_repo, "add", "anteckning.txt", env=env)
    assert git(content_repo, "commit", "-m", "annat", env=env).returncode == 0


def test_pre_commit_uses_the_projects_environment_from_a_terminal_that_has_not_activated_it(hooked):
    """Issue 21, item 8: from a new terminal or a graphical git client the hook said
    "Executable `garanti` not found" (English, no advice). It runs .venv's garanti."""
    content_repo, env = hooked
    env = dict(env, PATH=SYSTEM_PATH)
    assert shutil.which("garanti", path=SYSTEM_PATH) is None
    (content_repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)  # what scripts/setup makes
    assert git(content_repo, "status", "--porcelain", env=env).stdout == ""  # .venv is not work to commit
    path = content_repo / HOME
    path.write_text(
        path.read_text(encoding="utf-8").replace("service: hemtjänst", "service: hemtjanst"), encoding="utf-8"
    )
    git(content_repo, "add", HOME, env=env)
    refused = git(content_repo, "commit", "-m", "fel verksamhet", env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "not found" not in output
    assert f'{HOME}:3:10: "hemtjanst" är inte ett tillåtet värde för verksamhet.' in output
    assert commits(content_repo, env) == 1


def test_without_the_environment_the_hook_says_in_swedish_what_to_do(hooked):
    content_repo, env = hooked
    env = dict(env, PATH=SYSTEM_PATH)  # and no .venv in the project
    path = content_repo / HOME
    path.write_text(path.read_text(encoding="utf-8").replace("två veckor", "tio dagar"), encoding="utf-8")
    git(content_repo, "add", HOME, env=env)
    refused = git(content_repo, "commit", "-m", "ändrat åtagande", env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "not found" not in output
    assert "garanti check kan inte köras: programmet garanti finns inte i projektets mapp .venv." in output
    assert "Kör ./scripts/setup i projektmappen (en gång per dator) och gör sedan git commit igen." in output
    assert commits(content_repo, env) == 1


def test_pre_commit_catches_a_guarantee_change_that_breaks_its_follow_up(hooked):
    """Issue 21, item 1: pre-commit checks only the files of the commit; a follow-up is checked
    against its guarantee, so a change to the guarantee alone is checked with its follow-ups."""
    content_repo, env = hooked
    follow_up = content_repo / HOME.replace(".md", ".uppfoljning-2026.yml")
    follow_up.write_text(
        "results:\n"
        "  - commitment: Du får en kontaktperson inom två veckor.\n    result: uppfyllt\n"
        "  - commitment: Vi ringer om vi blir mer än 30 minuter försenade.\n    result: uppfyllt\n"
        "corrections:\n  count: 0\ncomplaints: 0\n",
        encoding="utf-8",
    )
    git(content_repo, "add", ".", env=env)
    assert git(content_repo, "commit", "-m", "uppföljning", env=env).returncode == 0
    path = content_repo / HOME
    path.write_text(path.read_text(encoding="utf-8").replace("inom två veckor", "inom tio dagar"), encoding="utf-8")
    git(content_repo, "add", HOME, env=env)
    refused = git(content_repo, "commit", "-m", "ändrat åtagande", env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert (
        f"{HOME.replace('.md', '.uppfoljning-2026.yml')}:2:17: Åtagandet finns inte i garantin för 2026 ({HOME})"
    ) in output
    assert commits(content_repo, env) == 2
