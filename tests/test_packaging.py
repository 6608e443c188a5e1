"""`garanti` installed as a package (not editable): it checks and builds the sample.

A real wheel is built from the checkout and installed into a fresh virtual
environment; nothing of the checkout's src/ or schema/ is on its path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from garanti import schemas

from .helpers import REPO_ROOT, TODAY, copy_site_files
from .samples import copy_sample

SCHEMAS = schemas.SCHEMAS


def test_schema_folder_is_the_only_copy_in_the_repository():
    """schema/ is what editors' tools read and what a checkout's garanti reads: no second copy to drift."""
    assert sorted(p.name for p in (REPO_ROOT / "schema").glob("*.json")) == sorted(SCHEMAS)
    assert not (REPO_ROOT / "src" / "garanti" / "schema").exists()
    for name in SCHEMAS:
        assert schemas.schema_text(name) == (REPO_ROOT / "schema" / name).read_text(encoding="utf-8")


def _run(*command, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GARANTI_", "PYTHON", "VIRTUAL_ENV")) and key != "SITE_URL"
    }
    environ.update(NO_MKDOCS_2_WARNING="1", GARANTI_TODAY=TODAY, **(env or {}))
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, env=environ, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel built from this checkout; returns its bin/."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist", REPO_ROOT, cwd=work)
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("*.whl"))
    created = _run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    assert created.returncode == 0, created.stderr
    bin_dir = work / "venv" / "bin"
    pip = _run(
        bin_dir / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-c",
        REPO_ROOT / "constraints.txt",
        wheel,
        cwd=work,
    )
    assert pip.returncode == 0, pip.stderr
    return bin_dir


@pytest.fixture
def sample(tmp_path) -> Path:
    """The sample content and the site's files, away from the checkout."""
    copy_sample(tmp_path)
    copy_site_files(tmp_path)
    shutil.rmtree(tmp_path / "schema")  # the installed package must not need the checkout's copy
    return tmp_path


def _package_file(bin_dir: Path, *parts: str) -> Path:
    found = _run(
        bin_dir / "python", "-c", "import garanti, pathlib; print(pathlib.Path(garanti.__file__).parent)", cwd=bin_dir
    )
    return Path(found.stdout.strip()).joinpath(*parts)


def test_installed_wheel_checks_and_builds_the_sample(installed, sample):
    package = _package_file(installed, "schema")
    assert not package.is_symlink() and REPO_ROOT not in package.resolve().parents
    for name in SCHEMAS:
        assert (package / name).read_bytes() == (REPO_ROOT / "schema" / name).read_bytes()
    check = _run(installed / "garanti", "check", cwd=sample)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Allt stämmer" in check.stdout
    build = _run(installed / "mkdocs", "build", "--strict", "-d", sample / "site", cwd=sample)
    assert build.returncode == 0, build.stderr
    assert (sample / "site" / "oppna-data" / "guarantee.schema.json").is_file()
    assert "Traceback" not in build.stderr


def test_broken_installation_is_one_line_and_its_own_exit_code(installed, sample):
    """A schema missing from the installation is not the content's fault: exit 4, one Swedish line."""
    schema = _package_file(installed, "schema", "guarantee.schema.json")
    saved = schema.read_bytes()
    schema.unlink()
    try:
        for command in (["check"], ["new", "--help"], ["rollover", "hagersten-liljeholmen", "2027"]):
            result = _run(installed / "garanti", *command, cwd=sample)
            assert result.returncode == 4, (command, result.stdout, result.stderr)
            assert "Traceback" not in result.stderr
            assert result.stderr.strip().count("\n") == 0, result.stderr
            assert "Installationen av garanti är trasig" in result.stderr and "guarantee.schema.json" in result.stderr
        build = _run(installed / "mkdocs", "build", "-d", sample / "site", cwd=sample)
        assert build.returncode != 0
        assert "Traceback" not in build.stderr and "Installationen av garanti är trasig" in build.stderr
    finally:
        schema.write_bytes(saved)
