"""The repository's layout, the words every layer shares: where content lives, what its files
and folders are called, and which addresses the site keeps for itself.

    guarantees/<board>/board.yml                           a board
    guarantees/<board>/<department>/<unit>.md              a unit's guarantee
    guarantees/<board>/<department>/<unit>.uppfoljning-<year>.yml   its follow-up of a year
    guarantees/<board>/<department>/<unit>.<language>.md   its version in another language (languages.py)

Folder and file names are slugs: a–z, 0–9 and hyphens. `classify` tells what a repository
path is, the one way the check, the approval rules, publishing and the preview ask it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify as python_slugify

from .languages import LANGUAGES, Language, by_key

CONTENT_DIR = "guarantees"
BOARD_FILE = "board.yml"
# Files a folder of content may hold beside the content, which nobody checks or publishes.
IGNORED_NAMES = frozenset({"README.md", ".gitkeep"})
# A unit's follow-up of one year lies beside its guarantee: <unit>.uppfoljning-<year>.yml
FOLLOW_UP_INFIX, FOLLOW_UP_SUFFIX = ".uppfoljning-", ".yml"
GUARANTEE_SUFFIX = ".md"

# Matched whole (fullmatch): "$" would also accept a name ending in a line break.
_SLUG = re.compile(r"[a-z0-9]++(?:-[a-z0-9]++)*+")
_NOT_A_WORD = re.compile(r"[^\w]++|_")
# å, ä, ö are a, a, o in every address made so far: said here, not left to a transliteration table
# (a German one spells ä "ae").
_SWEDISH = [("å", "a"), ("ä", "a"), ("ö", "o"), ("Å", "A"), ("Ä", "A"), ("Ö", "O")]

# The site's own top-level addresses (its generated sections); a board may not take them, nor the
# name of a hand-written page or folder in docs/ (taken_addresses).
BOARDS_DIR = "stadsdelsomraden"
SERVICES_DIR = "verksamhet"
DECISIONS_DIR = "beslut"
COMPARISONS_DIR = "jamfor"
OPEN_DATA_DIR = "oppna-data"
FORM_DIR = "redigera"  # the editors' form
# Each language's entry page (/suomeksi/, /lattlast/) is the language's address.
RESERVED = frozenset(
    {
        BOARDS_DIR,
        SERVICES_DIR,
        DECISIONS_DIR,
        COMPARISONS_DIR,
        OPEN_DATA_DIR,
        FORM_DIR,
        "assets",
        "search",
        "pagefind",
        "index",
        "404",
        *(language.address for language in LANGUAGES),
    }
)


def slugify(name: str) -> str:
    """The slug for a name: "Årsta 2 förskolor" -> "arsta-2-forskolor", "Årsta–Enskede" -> "arsta-enskede",
    "Søder" -> "soder" (python-slugify's frozen "legacy" pipeline, transliterated by text-unidecode)."""
    # Any dash or sign only separates words, as it always has: "§ 14" is "14", not "ss-14", and
    # "2,5" is "2-5" (python-slugify would spell out the one and join the other).
    spaced = _NOT_A_WORD.sub(" ", name)
    return python_slugify(
        spaced,
        entities=False,
        decimal=False,
        hexadecimal=False,
        replacements=_SWEDISH,
        backend="text-unidecode",
        algorithm="legacy",
    )


def is_slug(name: str) -> bool:
    return bool(_SLUG.fullmatch(name))


def taken_addresses(docs_dir: Path) -> frozenset[str]:
    """Every top-level address the site uses: its generated sections and its hand-written pages and folders."""
    written = {entry.name.removesuffix(".md") for entry in docs_dir.iterdir()} if docs_dir.is_dir() else set()
    return RESERVED | written


# Publishing stages each decision's approved files in a folder of their own, beside the tree it
# builds: <DECISIONS_CONTENT_DIR>/<board>/<YYYY-MM-DD>/guarantees/<board>/… (a content root each).
DECISIONS_CONTENT_DIR = ".beslut"


def decision_content_dir(board: str, date: str) -> str:
    """Where a decision's approved files are staged, below the tree publishing builds."""
    return f"{DECISIONS_CONTENT_DIR}/{board}/{date}"


# --- follow-up file names -----------------------------------------------------------


def is_follow_up_name(name: str) -> bool:
    """Whether a file name has the follow-up's form, <unit>.uppfoljning-<year>.yml (the parts unchecked)."""
    return name.endswith(FOLLOW_UP_SUFFIX) and FOLLOW_UP_INFIX in name


def follow_up_name(unit: str, year: int) -> str:
    return f"{unit}{FOLLOW_UP_INFIX}{year}{FOLLOW_UP_SUFFIX}"


def split_follow_up_name(name: str) -> tuple[str, int | None]:
    """(unit, year) from a follow-up's file name; the year None when it is not four digits."""
    unit, _, year = name.removesuffix(FOLLOW_UP_SUFFIX).rpartition(FOLLOW_UP_INFIX)
    return unit, int(year) if len(year) == 4 and year.isascii() and year.isdigit() else None


def meant_follow_up_name(name: str) -> str | None:
    """The follow-up name a misnamed file was meant to have (`x.uppföljning-2026.yaml`,
    `x-uppfoljning2026.yml`: the word, a unit before it, four digits after), or None."""
    stem, dot, extension = name.rpartition(".")
    if not dot or extension.lower() not in ("yml", "yaml"):
        return None
    unit, word, year = slugify(stem).rpartition(FOLLOW_UP_INFIX.strip(".-"))
    unit, year = unit.strip("-"), year.strip("-")
    if not (word and unit and len(year) == 4 and year.isdigit()):
        return None
    return follow_up_name(unit, int(year))


# --- language version file names ---------------------------------------------------


def language_version_name(unit: str, language: Language) -> str:
    return f"{unit}{language.file_suffix}"


def split_language_version_name(name: str) -> tuple[str, Language | None] | None:
    """(unit, language) for a name of the form <unit>.<key>.md, the language None when the key is
    not one of LANGUAGES; None for any other name (a guarantee's <unit>.md among them)."""
    if not name.endswith(GUARANTEE_SUFFIX):
        return None
    unit, dot, key = name.removesuffix(GUARANTEE_SUFFIX).rpartition(".")
    if not dot or not unit:
        return None
    return unit, by_key(key)


def is_language_version_name(name: str) -> bool:
    """Whether a file name has the form of a language version (its language known or not)."""
    return split_language_version_name(name) is not None


# --- what a repository path is ------------------------------------------------------

BOARD, GUARANTEE, FOLLOW_UP, LANGUAGE_VERSION = "board", "guarantee", "follow-up", "language-version"


@dataclass(frozen=True)
class ContentPath:
    """A content file, by what it is and whose: its names as written (slugs or not: the check says)."""

    kind: str  # BOARD, GUARANTEE, FOLLOW_UP or LANGUAGE_VERSION
    board: str
    department: str | None = None
    unit: str | None = None
    year: int | None = None  # a follow-up's year, None when the name's year is not four digits
    language: Language | None = None  # a language version's language

    @property
    def guarantee_path(self) -> str:
        """For a guarantee, a follow-up or a language version: the repository path of the unit's guarantee."""
        return f"{CONTENT_DIR}/{self.board}/{self.department}/{self.unit}{GUARANTEE_SUFFIX}"


def classify(path: str) -> ContentPath | None:
    """What a repository-relative path (guarantees/…, with "/") is, or None for anything else:
    a file outside the places the check reads, a README, a hidden file."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != CONTENT_DIR or not all(parts):
        return None
    name = parts[-1]
    if name in IGNORED_NAMES or name.startswith("."):
        return None
    if len(parts) == 3:
        return ContentPath(BOARD, parts[1]) if name == BOARD_FILE else None
    if len(parts) != 4:
        return None
    version = split_language_version_name(name)
    if version is not None:
        unit, language = version
        return ContentPath(LANGUAGE_VERSION, parts[1], parts[2], unit, language=language) if language else None
    if name.endswith(GUARANTEE_SUFFIX):
        return ContentPath(GUARANTEE, parts[1], parts[2], name.removesuffix(GUARANTEE_SUFFIX))
    if is_follow_up_name(name):
        unit, year = split_follow_up_name(name)
        return ContentPath(FOLLOW_UP, parts[1], parts[2], unit, year)
    return None
