"""Walking guarantees/: every board.yml, guarantee, follow-up and language version, refusing links and
misplaced files."""

from __future__ import annotations

import os
from pathlib import Path

from ..languages import LANGUAGES
from ..layout import (
    BOARD_FILE,
    CONTENT_DIR,
    IGNORED_NAMES,
    follow_up_name,
    is_follow_up_name,
    is_slug,
    language_version_name,
    meant_follow_up_name,
    slugify,
    split_follow_up_name,
    split_language_version_name,
)
from .files import why_unreadable
from .problems import Findings


def walk(root: Path, report: Findings) -> list[Path]:
    """All board.yml and unit files, refusing links and misplaced files."""
    content = root / CONTENT_DIR
    if content.is_symlink() or not content.is_dir():
        report.add(content, 1, 1, f"Mappen {CONTENT_DIR}/ saknas eller är en länk. Skapa den som en vanlig mapp.")
        return []
    found: list[Path] = []
    for board_dir in _entries(content, report, depth=0):
        found.append(board_dir / BOARD_FILE)
        for entry in _entries(board_dir, report, depth=1):
            found += _entries(entry, report, depth=2)
    return found


def _entries(folder: Path, report: Findings, depth: int) -> list[Path]:
    """The sub-folders (depth 0, 1) or unit files (depth 2) of a folder, sorted.

    A folder that cannot be read is reported and skipped; the rest of the tree is still checked."""
    wanted: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        report.add(
            folder,
            1,
            1,
            f"Mappen kan inte läsas ({why_unreadable(error)}). Ge alla läsrätt till mappen, "
            "eller ta bort den om den inte hör hit.",
        )
        return []
    for entry in entries:
        path = Path(entry.path)
        if entry.name in IGNORED_NAMES or entry.name.startswith("."):
            continue
        if entry.is_symlink():
            report.add(
                path,
                1,
                1,
                "Länkar (symboliska länkar) är inte tillåtna här. Ersätt länken med en vanlig fil eller mapp.",
            )
        elif depth == 1 and entry.name == BOARD_FILE:
            continue
        elif entry.is_dir() and depth < 2:
            _check_slug(path, entry.name, report, "Mappnamnet")
            wanted.append(path)
        elif entry.is_file() and depth == 2 and (version := split_language_version_name(entry.name)):
            if _check_language_version_name(path, *version, report):
                wanted.append(path)
        elif entry.is_file() and depth == 2 and entry.name.endswith(".md"):
            _check_slug(path, entry.name[:-3], report, "Filnamnet")
            wanted.append(path)
        elif entry.is_file() and depth == 2 and is_follow_up_name(entry.name):
            _check_follow_up_name(path, report)
            wanted.append(path)
        elif depth == 2 and (meant := meant_follow_up_name(entry.name)):
            report.add(
                path,
                1,
                1,
                f"Filen ser ut som en uppföljning men har fel namn, så den kontrolleras inte och "
                f"publiceras aldrig. Byt namn på filen till {meant} (<enhet>.uppfoljning-<år>.yml).",
            )
        else:
            report.add(path, 1, 1, _misplaced(depth))
    return wanted


def _misplaced(depth: int) -> str:
    return {
        0: "Här ska bara finnas en mapp per nämnd. Flytta filen till guarantees/<nämnd>/<avdelning>/.",
        1: "Här ska bara finnas board.yml och en mapp per avdelning. Lägg garantin i en avdelningsmapp: "
        "guarantees/<nämnd>/<avdelning>/<enhet>.md.",
        2: "Här ska bara finnas garantier, en .md-fil per enhet, deras uppföljningar "
        "(<enhet>.uppfoljning-<år>.yml, till exempel dalens-forskolor.uppfoljning-2026.yml) och språkversioner "
        f"({', '.join(f'<enhet>{language.file_suffix}' for language in LANGUAGES)}). Flytta, byt namn på eller ta "
        "bort den här.",
    }[depth]


def _check_slug(path: Path, name: str, report: Findings, what: str) -> None:
    if not is_slug(name):
        suggestion = slugify(name) or "enhetens-namn"
        report.add(
            path,
            1,
            1,
            f'{what} "{name}" får bara innehålla små bokstäver a–z, siffror och bindestreck. '
            f'Byt namn till "{suggestion}".',
        )


def _check_language_version_name(path: Path, unit: str, language, report: Findings) -> bool:
    """Whether a file named <unit>.<key>.md is a language version to read: its language known."""
    _check_slug(path, unit, report, "Enhetens namn i filnamnet")
    if language is None:
        key = path.name.removesuffix(".md").rpartition(".")[2]
        named = " eller ".join(
            f"{language_version_name(slugify(unit) or 'enheten', known)} ({known.name})" for known in LANGUAGES
        )
        report.add(
            path,
            1,
            1,
            f'"{key}" är inget av språken en garanti kan ha en version på, så filen kontrolleras '
            f"inte och publiceras aldrig. En språkversion heter {named}. Byt namn på filen.",
        )
        return False
    return True


def _check_follow_up_name(path: Path, report: Findings) -> None:
    unit, year = split_follow_up_name(path.name)
    _check_slug(path, unit, report, "Enhetens namn i filnamnet")
    if year is None:
        report.add(
            path,
            1,
            1,
            f"Året i filnamnet ska skrivas med fyra siffror, till exempel "
            f"{follow_up_name(slugify(unit) or 'enheten', 2026)}. Byt namn på filen.",
        )


def group(files: list[Path]) -> dict[Path, list[Path]]:
    boards: dict[Path, list[Path]] = {}
    for path in files:
        if path.name == BOARD_FILE:
            boards.setdefault(path.parent, [])
        else:
            boards.setdefault(path.parent.parent, []).append(path)
    return boards
