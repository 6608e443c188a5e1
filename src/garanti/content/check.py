"""The check of the whole tree: every problem in every file, and the corpus of what loaded cleanly."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..errors import Refusal
from ..layout import (
    BOARD_FILE,
    CONTENT_DIR,
    GUARANTEE_SUFFIX,
    is_follow_up_name,
    is_language_version_name,
    is_slug,
    split_follow_up_name,
    split_language_version_name,
)
from ..model import Board, Corpus, Problem
from .addresses import check_previous_addresses
from .boards import check_places, load_board_dir
from .cache import LoadCache
from .follow_ups import EarlierGuarantees, load_follow_ups
from .guarantees import load_units
from .language_versions import EarlierTexts, load_language_versions
from .problems import Findings
from .tree import group, walk


@dataclass
class CheckResult:
    corpus: Corpus
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    # What an editor should look at but may publish: a language version written from an earlier
    # Swedish text (never approved until updated), long sentences and words in an easy-to-read one.
    warnings: list[Problem] = field(default_factory=list)
    # Draft follow-ups with values still to fill in: they pass, but are not in the corpus yet.
    unfinished_follow_ups: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_tree(
    root: Path,
    only: list[Path] | None = None,
    cache: LoadCache | None = None,
    taken: Collection[str] = (),
    earlier: EarlierGuarantees | None = None,
    earlier_texts: EarlierTexts | None = None,
) -> CheckResult:
    """Check everything under root/guarantees; report problems only for `only` if given.

    The whole tree is always read, because a file's validity depends on its
    neighbours (its board.yml, unit names unique within the board); a cache
    (see LoadCache) skips the files that did not change since its last check.
    `taken` are the addresses the site uses itself (site.paths.taken_addresses),
    which a board's folder may not be named after. `earlier` finds the approved
    guarantee a follow-up of an earlier year is matched against (see EarlierGuarantees);
    `earlier_texts` the Swedish text a stale language version was written from (see EarlierTexts).
    """
    root = root.resolve()
    report = Findings(root)
    corpus = Corpus()
    cache = cache or LoadCache()
    unfinished: list[str] = []
    files = walk(root, report)
    boards_and_units = group(files)
    for board_dir, unit_files in boards_and_units.items():
        board = cache.load(board_dir / BOARD_FILE, None, report, partial(load_board_dir, board_dir, report))
        if board_dir.name in taken:
            report.add(
                board_dir / BOARD_FILE,
                1,
                1,
                f'Mappnamnet "{board_dir.name}" används redan av webbplatsen '
                f"(/{board_dir.name}/). Byt namn på nämndens mapp.",
            )
            board = None  # its units are still checked, but none is loaded: the board has no address of its own
        if board:
            corpus.boards[board.slug] = board
        follow_up_files = [path for path in unit_files if is_follow_up_name(path.name)]
        version_files = [path for path in unit_files if is_language_version_name(path.name)]
        not_guarantees = {*follow_up_files, *version_files}
        guarantee_files = [path for path in unit_files if path not in not_guarantees]
        guarantees = load_units(board_dir, board, guarantee_files, report, cache)
        corpus.guarantees += guarantees
        corpus.follow_ups += load_follow_ups(follow_up_files, board, guarantees, report, cache, earlier, unfinished)
        corpus.language_versions += load_language_versions(
            version_files, board, guarantees, report, cache, earlier_texts
        )
    check_previous_addresses(corpus, report, taken)
    check_places(corpus.boards.values(), root, report)
    only = _with_neighbours(only, files) if only is not None else None
    checked = [path for path in files if _selected(path, only)]
    problems = [problem for problem in report.problems if _selected(root / problem.path, only)]
    warnings = sorted(
        (warning for warning in report.warnings if _selected(root / warning.path, only)),
        key=lambda warning: (warning.path, warning.line, warning.column),
    )
    bad = _Refused({problem.path for problem in report.problems})
    corpus.guarantees = [g for g in corpus.guarantees if not bad(g.source)]
    corpus.boards = {slug: b for slug, b in corpus.boards.items() if not bad(b.source)}
    kept = {g.unit_key for g in corpus.guarantees if g.board in corpus.boards}
    corpus.follow_ups = [f for f in corpus.follow_ups if not bad(f.source) and f.unit_key in kept]
    corpus.language_versions = [v for v in corpus.language_versions if not bad(v.source) and v.unit_key in kept]
    problems.sort(key=lambda problem: (problem.path, problem.line, problem.column))
    unfinished = [source for source in unfinished if not bad(source)]
    return CheckResult(corpus, problems, len(checked), warnings=warnings, unfinished_follow_ups=unfinished)


class _Refused:
    """Whether a file is left out of the corpus: it has a problem, or a folder it lies in has one (a board's
    or department's folder named with "&" or "<" would be an address no page can link to, and the
    preview, built from what is valid, would stop at it)."""

    def __init__(self, paths: set[str]):
        self.paths = paths

    def __call__(self, source: str) -> bool:
        parts = source.split("/")
        return any("/".join(parts[:end]) in self.paths for end in range(1, len(parts) + 1))


def _with_neighbours(only: list[Path], files: list[Path]) -> list[Path]:
    """The chosen paths and the follow-ups and language versions of each chosen guarantee: they are
    checked against their guarantee, so a change to the guarantee can break them (pre-commit passes
    only the changed files)."""
    chosen = set(only)
    neighbours = [path for path in files if _unit_file(path) in chosen]
    return [*only, *neighbours]


def _unit_file(path: Path) -> Path | None:
    """For a follow-up or a language version, its guarantee's file; None for anything else."""
    if is_follow_up_name(path.name):
        return path.with_name(split_follow_up_name(path.name)[0] + GUARANTEE_SUFFIX)
    if is_language_version_name(path.name):
        return path.with_name(split_language_version_name(path.name)[0] + GUARANTEE_SUFFIX)
    return None


def _selected(path: Path, only: list[Path] | None) -> bool:
    if only is None:
        return True
    return any(path == chosen or chosen in path.parents for chosen in only)


# --- one board, for a command that edits it or writes its paper ------------------------


def known_boards(root: Path) -> list[str]:
    content = root / CONTENT_DIR
    return sorted(entry.name for entry in content.iterdir() if (entry / BOARD_FILE).is_file())


def load_board(root: Path, board: str) -> Board:
    """The board, loaded and checked; refused when it is unknown or its board.yml is wrong."""
    board_file = _known_board_file(root, board)
    result = check_tree(root, [board_file])
    if not result.ok:
        raise Refusal(f"{CONTENT_DIR}/{board}/{BOARD_FILE} har fel. Rätta dem först:", result.problems)
    return result.corpus.boards[board]


def load_checked_board(root: Path, board: str) -> tuple[Board, CheckResult]:
    """The board and the check of all its files, in one reading of the tree.

    Refused when the board is unknown or any of its files has a problem:
    working from a broken file could hide its problem or make it worse.
    """
    _known_board_file(root, board)
    result = check_tree(root, [root / CONTENT_DIR / board])
    if not result.ok:
        raise Refusal(
            "Nämndens filer har fel. Rätta dem först (kör garanti check), inget har ändrats:", result.problems
        )
    return result.corpus.boards[board], result


def _known_board_file(root: Path, board: str) -> Path:
    board_file = root / CONTENT_DIR / board / BOARD_FILE
    if not is_slug(board) or not board_file.is_file():
        known = ", ".join(known_boards(root)) or "(inga)"
        raise Refusal(
            f'Nämnden "{board}" finns inte ({CONTENT_DIR}/{board}/{BOARD_FILE} saknas). Nämnder som finns: {known}.'
        )
    return board_file
