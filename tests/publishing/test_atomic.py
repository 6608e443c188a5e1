"""The published folder is never missing, never left half-done, and readable by a web server.

Real `garanti publish` processes: one is killed with SIGKILL in the middle of
its build, others run under a strict umask or against a read-only folder.
(As root, the read-only cases drop the capabilities that let root write
anywhere, with setpriv, so they test what an ordinary account meets.)
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from garanti import sitefolder
from garanti.commands.publish import ALWAYS  # these tests are of the build: it must run
from garanti.publishing import ALLOW_UNVERIFIED as UNVERIFIED
from garanti.publishing.build import publish

from ..helpers import GARANTI_PROCESS
from ..repos import Repo, debris, make_repo

OLD = "<!-- förra publiceringen -->"


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = make_repo(tmp_path / "repo")
    assert repo.approve("norra", "2026-01-22") == 0
    return repo


@pytest.fixture
def tmpdir_env(tmp_path) -> dict[str, str]:
    """The environment for a publish whose temporary folders land where the test can see them."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return dict(os.environ, TMPDIR=str(folder))


def old_site(out: Path) -> None:
    """A previously published site: a plain folder, as publishes before version folders left it."""
    out.mkdir()
    (out / "index.html").write_text(f"<html>{OLD}</html>", encoding="utf-8")


def publish_process(repo: Repo, out: Path, env: dict[str, str], prefix: list[str] = ()) -> subprocess.Popen:
    return subprocess.Popen(
        [*prefix, *GARANTI_PROCESS, "--root", str(repo.root), "publish", "--out", str(out), UNVERIFIED, ALWAYS],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def site_text(out: Path) -> str | None:
    try:
        return (out / "index.html").read_text(encoding="utf-8")
    except OSError:
        return None


def test_output_holds_a_site_at_every_step_of_the_swap(repo, tmp_path, monkeypatch):
    """Every rename, replace, removal and link made during a publish is watched, before and after."""
    out = tmp_path / "site"
    old_site(out)
    missing: list[str] = []

    def watched(name):
        real = getattr(os, name)

        def call(*args, **kwargs):
            if site_text(out) is None:
                missing.append(f"before {name}{args}")
            result = real(*args, **kwargs)
            if site_text(out) is None:
                missing.append(f"after {name}{args}")
            return result

        return call

    for name in ("rename", "replace", "symlink", "unlink", "rmdir"):
        monkeypatch.setattr(os, name, watched(name))
    publish(repo.root, out, without_approvers=True)
    monkeypatch.undo()
    assert missing == []
    assert OLD not in site_text(out)
    assert "Norrstadens hemtjänst" in (out / "norra/norra-hemtjanst/index.html").read_text(encoding="utf-8")
    # And the next publish, replacing a version with a version.
    publish(repo.root, out, without_approvers=True)
    assert debris(out) == []


def test_killed_publish_leaves_the_old_site_and_the_next_run_cleans_up(repo, tmp_path, tmpdir_env):
    out = tmp_path / "site"
    old_site(out)
    temporary = Path(tmpdir_env["TMPDIR"])
    process = publish_process(repo, out, tmpdir_env)
    seen: set[str | None] = set()
    started = time.monotonic()
    # Wait until MkDocs is building (the staged tree is written), watching OUT all along.
    while not list(temporary.glob("garanti-*/tree/mkdocs.yml")) and process.poll() is None:
        seen.add(site_text(out))
        assert time.monotonic() - started < 120, "the publish never got to its build"
    # Killed at once: the build it started takes longer than this (a wait here let a quick
    # machine finish the publish first).
    seen.add(site_text(out))
    assert process.poll() is None, "the publish finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert seen == {f"<html>{OLD}</html>"}  # the old site, whole, at every look
    assert site_text(out) == f"<html>{OLD}</html>"
    assert list(temporary.iterdir()), "a killed run leaves its work folder (the next run removes it)"

    done = publish_process(repo, out, tmpdir_env)
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert OLD not in site_text(out)
    assert debris(out) == []
    assert list(temporary.iterdir()) == []


def test_published_site_is_readable_by_others_whatever_the_umask(repo, tmp_path, tmpdir_env):
    out = tmp_path / "site"
    previous = os.umask(0o077)
    try:
        done = publish_process(repo, out, tmpdir_env)
        _, err = done.communicate(timeout=300)
    finally:
        os.umask(previous)
    assert done.returncode == 0, err
    modes = {stat.S_IMODE(path.stat().st_mode) for path in out.resolve().rglob("*") if path.is_file()}
    folders = {
        stat.S_IMODE(path.stat().st_mode) for path in [out.resolve(), *out.resolve().rglob("*")] if path.is_dir()
    }
    assert modes == {0o644}
    assert folders == {0o755}
    assert stat.S_IMODE(sitefolder.versions_folder(out).stat().st_mode) & 0o005 == 0o005  # others may enter


def _without_root_powers() -> list[str]:
    """A command prefix under which root, too, obeys file modes."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) is needed to test read-only folders as root")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.mark.parametrize("read_only", ["everything", "only-the-parent"])
def test_read_only_output_is_refused_clearly_and_leaves_nothing(repo, tmp_path, tmpdir_env, read_only):
    out = tmp_path / "ut" / "site"
    out.parent.mkdir()
    assert publish(repo.root, out, without_approvers=True)  # a site to keep
    before = site_text(out)
    folders = [out.parent, sitefolder.versions_folder(out)] if read_only == "everything" else [out.parent]
    for folder in folders:
        folder.chmod(0o555)
    try:
        done = publish_process(repo, out, tmpdir_env, prefix=_without_root_powers())
        _, err = done.communicate(timeout=300)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert done.returncode == 1, err
    assert "Webbplatsen kan inte skrivas i" in err and "du har inte rätt att skriva där" in err, err
    assert "oväntat fel" not in err and "Traceback" not in err
    assert site_text(out) == before
    assert debris(out) == []
    assert list(Path(tmpdir_env["TMPDIR"]).iterdir()) == []


def test_a_read_only_previous_site_is_still_replaced(repo, tmp_path, tmpdir_env):
    """The previous site's own folder read-only (as a careful server admin might leave it)."""
    out = tmp_path / "site"
    old_site(out)
    out.chmod(0o555)
    done = publish_process(repo, out, tmpdir_env, prefix=_without_root_powers())
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert OLD not in site_text(out)
    assert debris(out) == []


def test_work_folders_of_dead_runs_are_swept_and_live_ones_kept(repo, tmp_path, tmpdir_env):
    temporary = Path(tmpdir_env["TMPDIR"])
    dead = temporary / "garanti-arbete-publicera-dod"
    live = temporary / "garanti-arbete-publicera-lever"
    old_version = temporary / "garanti-publish-fran-forr"  # left by a version without locks, two days old
    recent_old_version = temporary / "garanti-check-nyss"  # might still be running: kept
    for folder in (dead, live, old_version, recent_old_version):
        (folder / "tree").mkdir(parents=True)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old_version, (two_days_ago, two_days_ago))
    holder = os.open(live, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # as a running publish holds its folder
        done = publish_process(repo, tmp_path / "site", tmpdir_env)
        _, err = done.communicate(timeout=300)
        assert done.returncode == 0, err
    finally:
        os.close(holder)
    assert sorted(p.name for p in temporary.iterdir()) == sorted([live.name, recent_old_version.name])


# A publish on a system without renameat2, killed (no clean-up runs) right after the Nth rename
# of the fallback's three: the old plain folder parked, then the new link moved to OUT.
KILLED_IN_THE_FALLBACK = """
import os, sys
from garanti import sitefolder
from garanti.cli import main
sitefolder._exchange = sitefolder._exchange_by_renames
real_rename, renames, die_after = os.rename, [], int(sys.argv.pop(1))
def rename(source, target, *rest, **named):
    real_rename(source, target, *rest, **named)
    if renames or ".gammal-" in os.fspath(target):
        renames.append(target)
        if len(renames) == die_after:
            os._exit(137)
os.rename = rename
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("renames_done", [1, 2])
def test_a_folder_parked_by_a_fallback_killed_between_its_renames_is_swept_by_the_next_publish(
    repo, tmp_path, tmpdir_env, renames_done
):
    out = tmp_path / "site"
    old_site(out)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_IN_THE_FALLBACK,
            str(renames_done),
            "--root",
            str(repo.root),
            "publish",
            "--out",
            str(out),
            UNVERIFIED,
        ],
        env=tmpdir_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == 137, killed.stderr
    parked = [p for p in tmp_path.iterdir() if p.name.startswith(".site.gammal-")]
    assert len(parked) == 1 and (parked[0] / "index.html").read_text(encoding="utf-8") == f"<html>{OLD}</html>"
    assert parked[0].name in debris(out)

    done = publish_process(repo, out, tmpdir_env)
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert OLD not in site_text(out)
    assert debris(out) == []
