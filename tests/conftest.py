"""Shared fixtures: a small, valid content repository written into tmp_path."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from garanti.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
# The day builds judge expiry on, so that the tests do not age.
TODAY = "2026-06-01"
# The site's own files: config, pages, hook, theme override, schemas.
SITE_FILES = ("mkdocs.yml", "docs", "hooks", "overrides", "schema")

BOARD_YML = """\
name: Provstadens stadsdelsnämnd
kind: stadsdelsnämnd
district: Provstaden
departments:
  forskola: Avdelningen för förskola
  aldreomsorg: Avdelningen för äldreomsorg
meetings:
  - date: 2026-01-22
    case_number: PS-2025/100
    paragraph: "§ 7"
  - date: 2026-12-10
defaults:
  complaints: Tala med personalen eller lämna synpunkter på stockholm.se.
  contact:
    phone: "08-508 00 000"
    email: provstaden@stockholm.se
"""

HOME_CARE_MD = """\
---
title: Provstadens hemtjänst
service: hemtjänst
valid:
  from: 2026-01-01
  to: 2026-12-31
commitments:
  - Du får en kontaktperson inom två veckor.
  - Vi ringer om vi blir mer än 30 minuter försenade.
correction: Vi ber om ursäkt och rättar till det inom en vecka.
contact:
  phone: "08-508 11 111"
  email: hemtjanst.provstaden@stockholm.se
  address: Provgatan 1, 123 45 Stockholm
---
Vi hjälper dig att leva ett tryggt liv hemma.
"""

PRESCHOOL_MD = """\
---
title: Provstadens förskolor
service: förskola
valid:
  from: 2026-01-01
  to: 2026-12-31
commitments:
  - area: Utveckling och lärande
    text: Ditt barn får läsa och berätta varje dag.
  - area: Normer och värden
    text: Vi arbetar aktivt mot kränkningar.
  - area: Barns inflytande
    text: Barnen är med och planerar veckan.
  - area: Förskola och hem
    text: Du erbjuds ett utvecklingssamtal varje termin.
  - area: Samverkan
    text: Vi gör en plan när ditt barn börjar skolan.
correction: Vi kontaktar dig inom en vecka och berättar vad vi gör.
contact:
  email: forskolor.provstaden@stockholm.se
---
Förskolan är en plats för lek och lärande.
"""


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def table_cells(html: str) -> list[str]:
    """The data cells of the tables in a page, in order, as read: without the column's
    name a cell shows beside it on a phone (the decisions' cards)."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.DOTALL)
    return [re.sub(r'<span class="garanti-cellnamn"[^>]*>[^<]*</span>', "", cell) for cell in cells]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path: to compare byte for byte."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def run(root: Path, *args: str, capsys) -> tuple[int, str, str]:
    """`garanti --root ROOT ARGS…` in this process: (exit code, stdout, stderr)."""
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def copy_site_files(root: Path) -> None:
    """The site's own files copied into root, beside its guarantees/."""
    for name in SITE_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)


def site_project(root: Path) -> Path:
    """root made a site project around its guarantees/; returns its mkdocs.yml."""
    copy_site_files(root)
    return root / "mkdocs.yml"


def mkdocs_build(config: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items() if not key.startswith("GARANTI_") and key != "SITE_URL"}
    environ.update(NO_MKDOCS_2_WARNING="1", GARANTI_TODAY=TODAY, **env)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        env=environ, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory) -> Path:
    """The sample corpus built once as the preview (drafts included, the banner on)."""
    out = tmp_path_factory.mktemp("preview") / "site"
    result = mkdocs_build(REPO_ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    (out.parent / "mkdocs.log").write_text(result.stderr, encoding="utf-8")  # what the build said
    return out


@pytest.fixture
def content_repo(tmp_path: Path) -> Path:
    """A repository root with one valid board, a home-care unit and a preschool."""
    write(tmp_path, "guarantees/provstaden/board.yml", BOARD_YML)
    write(tmp_path, "guarantees/provstaden/aldreomsorg/provstadens-hemtjanst.md", HOME_CARE_MD)
    write(tmp_path, "guarantees/provstaden/forskola/provstadens-forskolor.md", PRESCHOOL_MD)
    return tmp_path
