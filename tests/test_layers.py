"""The package's layers only point downwards and no module imports itself through others
(README, "Layout"). The same check anyone can run: `.venv/bin/lint-imports`, whose contracts
are in pyproject.toml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .helpers import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_imports_point_only_downwards():
    done = subprocess.run([str(LINT_IMPORTS)], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Layers only point downwards KEPT" in done.stdout


def test_no_module_imports_itself_through_others():
    done = subprocess.run([str(LINT_IMPORTS)], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert "No import cycles KEPT" in done.stdout, done.stdout + done.stderr


def test_a_cycle_is_found(tmp_path):
    """The cycle contract can fail: the package copied, one module made to import the one importing it."""
    shutil.copytree(REPO_ROOT / "src" / "garanti", tmp_path / "garanti", ignore=shutil.ignore_patterns("__pycache__"))
    problems = tmp_path / "garanti" / "content" / "problems.py"  # content/cache.py imports it
    problems.write_text(problems.read_text(encoding="utf-8") + "\nfrom . import cache\n", encoding="utf-8")
    done = subprocess.run(
        [str(LINT_IMPORTS), str(REPO_ROOT / "pyproject.toml"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, PYTHONPATH=str(tmp_path)),
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "No import cycles BROKEN" in done.stdout
    assert "No cycles are allowed in garanti.content." in done.stdout
    assert "- .problems -> .cache" in done.stdout or "- .cache -> .problems" in done.stdout
    assert "Layers only point downwards KEPT" in done.stdout
