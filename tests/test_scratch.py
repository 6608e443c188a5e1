"""Work folders (garanti.scratch): another run's sweep never takes a live run's folder."""

from __future__ import annotations

import fcntl
import os
import tempfile
import time

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
