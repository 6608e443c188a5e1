"""The pre-commit hook, run for real: pre-commit installed in a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO_ROOT

HOME = "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
VENV_BIN = Path(sys.executable).parent


def git(root: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)


def test_pre_commit_refuses_a_bad_guarantee_and_lets_a_good_one_through(content_repo, tmp_path_factory):
    pre_commit = shutil.which("pre-commit", path=str(VENV_BIN))
    assert pre_commit, "pre-commit is pinned in the test extra; run scripts/setup"
    env = dict(
        os.environ,
        PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # `garanti` as an editor's activated venv has it
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        GIT_AUTHOR_NAME="Redaktör", GIT_AUTHOR_EMAIL="redaktor@example.org",
        GIT_COMMITTER_NAME="Redaktör", GIT_COMMITTER_EMAIL="redaktor@example.org",
        LC_ALL="C.UTF-8",
    )
    shutil.copy(REPO_ROOT / ".pre-commit-config.yaml", content_repo)
    assert git(content_repo, "init", "-q", "-b", "main", env=env).returncode == 0
    git(content_repo, "add", ".", env=env)
    assert git(content_repo, "commit", "-q", "-m", "start", env=env).returncode == 0
    installed = subprocess.run([pre_commit, "install"], cwd=content_repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr

    path = content_repo / HOME
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("service: hemtjänst", "service: hemtjanst"), encoding="utf-8")
    git(content_repo, "add", HOME, env=env)
    refused = git(content_repo, "commit", "-m", "fel verksamhet", env=env)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "garanti check (kvalitetsgarantier)" in output and "Failed" in output
    assert f"{HOME}:3:10: \"hemtjanst\" är inte ett tillåtet värde för verksamhet. Menade du \"hemtjänst\"?" in output
    assert git(content_repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "1"

    path.write_text(good.replace("Du får en kontaktperson", "Du får alltid en kontaktperson"), encoding="utf-8")
    git(content_repo, "add", HOME, env=env)
    accepted = git(content_repo, "commit", "-m", "bättre åtagande", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
    assert git(content_repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "2"

    # Files outside guarantees/ are not the hook's business.
    (content_repo / "anteckning.txt").write_text("<b>fri text</b>\n", encoding="utf-8")
    git(content_repo, "add", "anteckning.txt", env=env)
    assert git(content_repo, "commit", "-m", "annat", env=env).returncode == 0
