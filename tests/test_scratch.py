"""Work folders (garanti.scratch): another run's sweep never takes a live run's folder."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from garanti import scratch


def test_a_sweep_at_the_moment_a_folder_is_made_leaves_it_alone(tmp_path, monkeypatch):
    """Another run sweeping between the folder's making and its lock (three suites sharing /tmp
    saw a folder vanish under a running check)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    take_lock = fcntl.flock

    def another_run_sweeps_first(descriptor, operation):
        monkeypatch.setattr(scratch.fcntl, "flock", take_lock)  # once: the sweep takes locks too
        scratch.sweep(tmp_path)
        take_lock(descriptor, operation)

    monkeypatch.setattr(scratch.fcntl, "flock", another_run_sweeps_first)
    with scratch.work_folder("kontroll") as folder:
        assert folder.is_dir() and folder.name.startswith("garanti-arbete-kontroll-")
        scratch.sweep(tmp_path)  # locked now: kept
        assert folder.is_dir()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_of_a_run_killed_before_its_lock_is_swept_once_a_day_old(tmp_path):
    fresh = tmp_path / f"{scratch.NEW_PREFIX}kontroll-nyss"
    old = tmp_path / f"{scratch.NEW_PREFIX}kontroll-forr"
    fresh.mkdir()
    old.mkdir()
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    scratch.sweep(tmp_path)
    assert fresh.is_dir() and not old.exists()


# --- several runs sharing one temporary folder ------------------------------------------------

SWEEPER = """
import sys, time
from pathlib import Path
from garanti import scratch
start = float(sys.argv[2])
while time.time() < start:
    pass
scratch.sweep(Path(sys.argv[1]))
"""

WORKER = """
import sys, time
from garanti import scratch
start = float(sys.argv[1])
while time.time() < start:
    pass
with scratch.work_folder("publicera") as folder:
    (folder / "tree").mkdir()
"""


def _shared_parent(tmp_path: Path) -> Path:
    """A folder like the machine's /tmp: everyone may write in it, sticky (1777)."""
    parent = tmp_path / "delad-tmp"
    parent.mkdir()
    parent.chmod(0o1777)
    return parent


def _dead_work_folder(parent: Path, subfolders: int) -> Path:
    """What a killed publish leaves: a work folder nobody holds, with a read-only corner."""
    dead = parent / f"{scratch.PREFIX}publicera-dod"
    for index in range(subfolders):
        (dead / f"del-{index}" / "under").mkdir(parents=True)
        (dead / f"del-{index}" / "under" / "fil").write_text("x")
    (dead / "del-0").chmod(0o500)
    return dead


def _start_together(scripts: list[list[str]]) -> list[subprocess.CompletedProcess]:
    processes = [
        subprocess.Popen([sys.executable, "-c", *script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for script in scripts
    ]
    done = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def test_runs_sweeping_one_dead_folder_at_once_leave_the_shared_folder_as_it_was(tmp_path):
    """Two runs removed the same dead folder: the second changed its parent (/tmp) to 0700."""
    parent = _shared_parent(tmp_path)
    for round_ in range(3):
        dead = _dead_work_folder(parent, 300)
        start = time.time() + 1.5
        done = _start_together([[SWEEPER, str(parent), str(start)] for _ in range(4)])
        assert [run.returncode for run in done] == [0, 0, 0, 0], [run.stderr for run in done]
        assert not dead.exists()
        assert stat.S_IMODE(parent.stat().st_mode) == 0o1777, f"round {round_}"


def test_publishes_started_together_beside_a_dead_folder_neither_fails_nor_touches_the_parent(tmp_path):
    """Two publishes beside a dead folder of 1,600 subfolders: one exited 3 (TypeError: open())."""
    parent = _shared_parent(tmp_path)
    for _ in range(2):
        dead = _dead_work_folder(parent, 1600)
        start = time.time() + 1.5
        env = {**os.environ, "TMPDIR": str(parent)}
        processes = [
            subprocess.Popen([sys.executable, "-c", WORKER, str(start)], env=env, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        errors = [process.communicate(timeout=120)[1] for process in processes]
        assert [process.returncode for process in processes] == [0, 0], errors
        assert errors == ["", ""]
        assert not dead.exists()
        assert stat.S_IMODE(parent.stat().st_mode) == 0o1777
    assert list(parent.iterdir()) == []


def test_removing_a_folder_already_gone_changes_no_mode(tmp_path):
    parent = _shared_parent(tmp_path)
    scratch.remove_tree(parent / f"{scratch.PREFIX}borta")
    assert stat.S_IMODE(parent.stat().st_mode) == 0o1777


def test_a_read_only_folder_inside_is_removed_without_touching_the_parent(tmp_path):
    parent = _shared_parent(tmp_path)
    folder = parent / f"{scratch.PREFIX}skrivskyddad"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "fil").write_text("x")
    (folder / "a" / "b").chmod(0o500)
    (folder / "a").chmod(0o500)
    folder.chmod(0o500)
    scratch.remove_tree(folder)
    assert not folder.exists()
    assert stat.S_IMODE(parent.stat().st_mode) == 0o1777
