"""The code passes the linter (ruff, pinned; its rules in pyproject.toml), as pre-commit checks each commit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .helpers import REPO_ROOT

LINTED = ("src", "hooks", "benchmarks", "tests")


def test_the_code_passes_the_linter():
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run([str(ruff), "check", *LINTED], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
