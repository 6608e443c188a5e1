"""The code passes the linter and is as the formatter writes it (ruff, pinned; its rules in pyproject.toml), as
pre-commit checks each commit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .helpers import REPO_ROOT

LINTED = ("src", "hooks", "benchmarks", "tests", "tools")


def test_the_code_passes_the_linter():
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run([str(ruff), "check", *LINTED], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_code_is_as_the_formatter_writes_it():
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "format", "--check", *LINTED], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, "run `.venv/bin/ruff format` on:\n" + done.stdout + done.stderr
