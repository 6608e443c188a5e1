"""What many tests do: write and edit files, run `garanti` and `mkdocs build`, compare folders.

Free of fixtures (those are in conftest.py) and of sample texts (samples.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from garanti.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
# `garanti` as a process of its own, started by the Python that runs the tests: no installed script needed.
GARANTI_PROCESS = [sys.executable, "-c", "import sys; from garanti.cli import main; sys.exit(main(sys.argv[1:]))"]
# The day builds judge expiry on, so that the tests do not age.
TODAY = "2026-06-01"
# The site's own files: config, pages, hook, theme override, schemas.
SITE_FILES = ("mkdocs.yml", "docs", "hooks", "overrides", "schema")


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """The first `old` in a file replaced by `new`; `old` must be there."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def read(folder: Path, relative: str) -> str:
    return (folder / relative).read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path: to compare byte for byte."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def run(root: Path, *args: str, capsys) -> tuple[int, str, str]:
    """`garanti --root ROOT ARGS…` in this process: (exit code, stdout, stderr)."""
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def garanti_new(root: Path, target: str, title: str, service: str, *options: str, capsys) -> tuple[int, str, str]:
    """`garanti new TARGET --title TITLE --service SERVICE [options]` in root, run as `run` runs a command."""
    return run(root, "new", target, "--title", title, "--service", service, *options, capsys=capsys)


def copy_site_files(root: Path, checkout: Path = REPO_ROOT) -> None:
    """The site's own files (of this checkout, or of another one) copied into root, beside its guarantees/."""
    for name in SITE_FILES:
        source = checkout / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)


def site_project(root: Path) -> Path:
    """root made a site project around its guarantees/; returns its mkdocs.yml."""
    copy_site_files(root)
    return root / "mkdocs.yml"


def mkdocs_build(config: Path, out: Path, program: str = "mkdocs", **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of config into out on the tests' TODAY; `program`: another module with MkDocs'
    command line (a platform the site may move to, tools/plattform.py)."""
    environ = {key: value for key, value in os.environ.items() if not key.startswith("GARANTI_") and key != "SITE_URL"}
    environ.update(NO_MKDOCS_2_WARNING="1", GARANTI_TODAY=TODAY, **env)
    return subprocess.run(
        [sys.executable, "-m", program, "build", "--strict", "-f", str(config), "-d", str(out)],
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )


def table_cells(html: str) -> list[str]:
    """The data cells of the tables in a page, in order, as read: without the column's
    name a cell shows beside it on a phone (the decisions' cards)."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.DOTALL)
    return [re.sub(r'<span class="garanti-cellnamn"[^>]*>[^<]*</span>', "", cell) for cell in cells]
