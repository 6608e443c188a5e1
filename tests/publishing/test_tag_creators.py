"""Only secretaries create approval tags (issue 32, item 1): the publish workflow asks GitHub who pushed a
tag and `garanti kontrollera-tagg` compares that account with main's godkannare/taggskapare. A real
repository with the list committed on main, the command as the workflow runs it, and the workflow's
own step run with bash."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from garanti.tag_creators import CREATORS_FILE, judge

from ..helpers import REPO_ROOT
from ..repos import Repo, make_repo

CREATORS = (
    "# Konton som får skapa godkännandetaggar\n"
    "norra anna-andersson-sthlm   # Anna Andersson, norras sekreterare\n"
    "sodra,norra Bo-Berg\n"
    "* forvaltare-cecilia\n"
)


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = make_repo(tmp_path / "repo")
    repo.write(CREATORS_FILE, CREATORS)
    repo.commit("Vem som får skapa godkännandetaggar")
    return repo


@pytest.mark.parametrize(
    "tag, pusher",
    [
        ("norra/2026-01-22", "anna-andersson-sthlm"),
        ("norra/2026-01-22", "bo-berg"),  # logins are not case sensitive on the host
        ("sodra/2026-02-19", "Bo-Berg"),
        ("sodra/2026-02-19", "forvaltare-cecilia"),
    ],
)
def test_a_tag_pushed_by_a_listed_account_passes(repo, capsys, tag, pusher):
    assert repo.garanti("kontrollera-tagg", tag, "--skapad-av", pusher) == 0
    assert f'Taggen "{tag}" skapades av {pusher}, som får skapa godkännandetaggar för' in capsys.readouterr().out


@pytest.mark.parametrize(
    "tag, pusher",
    [
        ("norra/2026-01-22", "redaktor-eva"),  # an editor, with write access for the form
        ("sodra/2026-02-19", "anna-andersson-sthlm"),  # another board's secretary
        ("norra/2026-01-22", "anna-andersson"),  # a login is the whole login
    ],
)
def test_a_tag_pushed_by_anyone_else_is_flagged_naming_tag_and_account(repo, capsys, tag, pusher):
    assert repo.garanti("kontrollera-tagg", tag, "--skapad-av", pusher) == 1
    err = capsys.readouterr().err
    board = tag.split("/")[0]
    assert (
        f'Taggen "{tag}" skapades av {pusher}, som inte står i {CREATORS_FILE} på main för nämnden {board}. '
        "Bara nämndens sekreterare ska kunna skapa en godkännandetagg"
    ) in err
    assert f"git push origin :refs/tags/{tag}" in err


def test_the_list_is_read_from_main_not_from_the_working_tree(repo, capsys):
    """A branch (or an uncommitted edit) that adds an account lets nobody through."""
    repo.git("switch", "-q", "-c", "redaktorens-gren")
    repo.write(CREATORS_FILE, CREATORS + "norra redaktor-eva\n")
    repo.commit("Lägg till mig")
    assert repo.garanti("kontrollera-tagg", "norra/2026-01-22", "--skapad-av", "redaktor-eva") == 1
    assert "som inte står i godkannare/taggskapare på main" in capsys.readouterr().err


def test_a_tag_outside_the_approval_form_is_not_this_checks_business(repo, capsys):
    assert repo.garanti("kontrollera-tagg", "redaktor/test", "--skapad-av", "redaktor-eva") == 0
    assert 'Taggen "redaktor/test" är ingen godkännandetagg' in capsys.readouterr().out


def test_without_a_list_on_main_the_check_says_it_cannot_tell(tmp_path, capsys):
    repo = make_repo(tmp_path / "utan")
    assert repo.garanti("kontrollera-tagg", "norra/2026-01-22", "--skapad-av", "redaktor-eva") == 0
    assert f"({CREATORS_FILE}) finns inte på main, så det kan inte kontrolleras" in capsys.readouterr().out


def test_a_broken_line_in_the_list_raises_the_alarm_naming_it(repo, capsys):
    repo.write(CREATORS_FILE, CREATORS + "norra anna andersson\n")
    repo.commit("Fel rad")
    assert repo.garanti("kontrollera-tagg", "norra/2026-01-22", "--skapad-av", "anna-andersson-sthlm") == 1
    err = capsys.readouterr().err
    assert "men listan går inte att läsa: rad 5 i godkannare/taggskapare ska vara nämnderna" in err
    assert '"norra anna andersson"' in err and "Traceback" not in err


def test_the_verdict_is_judged_on_the_board_of_the_tag():
    listed = "norra anna\n"
    assert not judge("norra/2026-01-22", "anna", listed).flagged
    assert judge("norra-syd/2026-01-22", "anna", listed).flagged  # a board whose name begins like hers
    assert judge("norra/2026-01-22", "anna.b", listed).flagged


# --- the workflow's own step ---------------------------------------------------------------


WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def _job() -> dict:
    workflow = yaml.safe_load((WORKFLOWS / "taggskapare.yml").read_text(encoding="utf-8"))
    # A workflow of its own, after the tag workflow, in no concurrency group: "Publicera"'s group keeps one
    # pending run and cancels the older, so there a second tag could cancel the judging of the first.
    assert workflow[True] == {"workflow_run": {"workflows": ["Godkännandetagg"], "types": ["completed"]}}
    assert "concurrency" not in workflow and "concurrency" not in workflow["jobs"]["taggskapare"]
    assert workflow["permissions"] == {"contents": "read"}
    # Publishing stands apart: a flagged tag holds back no board's publishing.
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    assert "taggskapare" not in publish["jobs"] and "kontrollera-tagg" not in str(publish)
    job = workflow["jobs"]["taggskapare"]
    assert "github.event.workflow_run.event == 'push'" in job["if"]  # only a push's run names a pusher
    assert "github.ref == 'refs/heads/main'" in job["if"]
    checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
    assert [step["with"] for step in checkouts] == [{"ref": "main"}]
    return job


def _step() -> dict:
    step = next(step for step in _job()["steps"] if "garanti kontrollera-tagg" in step.get("run", ""))
    assert step["if"] == "steps.tagg.outputs.tagg == 'ja'"  # judged only when the run was a tag's
    return step


def _run_step(root: Path, tag: str, pusher: str) -> subprocess.CompletedProcess:
    step = _step()
    assert step["env"] == {
        "TAG": "${{ github.event.workflow_run.head_branch }}",
        "PUSHER": "${{ github.event.workflow_run.actor.login }}",
    }
    env = dict(
        os.environ, TAG=tag, PUSHER=pusher, PATH=f"{REPO_ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"
    )
    env.pop("GARANTI_TODAY", None)
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_workflow_step_turns_a_flag_into_an_annotation_and_a_red_job(repo):
    done = _run_step(repo.root, "norra/2026-01-22", "redaktor-eva")
    assert done.returncode == 1, done.stderr
    (annotation,) = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert annotation.startswith(
        '::error title=Vem skapade godkännandetaggen::Taggen "norra/2026-01-22" skapades '
        "av redaktor-eva, som inte står i godkannare/taggskapare på main"
    ), annotation
    passed = _run_step(repo.root, "norra/2026-01-22", "anna-andersson-sthlm")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "::error" not in passed.stdout and "som får skapa godkännandetaggar för norra" in passed.stdout


def _run_tag_step(root: Path, name: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str]:
    """The job's first step ("is it a tag on the host?") with bash in a clone of the host: (run, its outputs)."""
    step = next(step for step in _job()["steps"] if step.get("id") == "tagg")
    assert step["env"] == {"TAG": "${{ github.event.workflow_run.head_branch }}"}
    outputs = tmp_path / "outputs"
    outputs.write_text("", encoding="utf-8")
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, TAG=name, GITHUB_OUTPUT=str(outputs)),
    )
    return done, outputs.read_text(encoding="utf-8")


def test_only_a_tag_on_the_host_is_judged_not_a_branch_of_its_name(repo, tmp_path):
    """A branch run of the tag workflow (its tagg.yml changed on a branch) gives a branch's name as head_branch:
    a branch named like an approval tag is not judged as one; a real tag is; a glob names no tag."""
    host = make_repo(tmp_path / "host")
    host.write("README.md", "värd\n")
    host.commit("Värdens main")
    host.git("branch", "norra/2026-01-22")
    repo.git("remote", "add", "origin", str(host.root))
    branch, outputs = _run_tag_step(repo.root, "norra/2026-01-22", tmp_path)
    assert branch.returncode == 0, branch.stderr
    assert outputs == "" and "::notice title=Ingen godkännandetagg::" in branch.stdout
    host.tag("norra/2026-01-22")
    tagged, outputs = _run_tag_step(repo.root, "norra/2026-01-22", tmp_path)
    assert tagged.returncode == 0, tagged.stderr
    assert outputs == "tagg=ja\n"
    glob, outputs = _run_tag_step(repo.root, "norra/*", tmp_path)
    assert glob.returncode == 0 and outputs == ""
    repo.git("remote", "set-url", "origin", str(tmp_path / "borta"))  # the host unreachable: the job fails
    unreachable, outputs = _run_tag_step(repo.root, "norra/2026-01-22", tmp_path)
    assert unreachable.returncode != 0 and outputs == ""
