"""What loading each file gave, kept between checks of one tree (the preview's)."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from ..kept import Kept
from ..model import Problem
from .problems import Findings

_Loaded = TypeVar("_Loaded")


class LoadCache:
    """What loading each file gave, kept between checks of one tree.

    The preview (`mkdocs serve`) checks the whole tree on every save; with a
    cache, a file whose size, inode and times are unchanged since the last
    check, and what it depends on (its board's), is neither read nor checked
    again: its result, problems and warnings are reused. Checks that involve neighbours
    (departments, unit names) run every time.
    """

    def __init__(self) -> None:
        self._kept: Kept[tuple[object, tuple[Problem, ...], tuple[Problem, ...]]] = Kept()

    def load(self, path: Path, depends_on: Hashable, report: Findings, load: Callable[[], _Loaded]) -> _Loaded:
        try:
            stat = os.lstat(path)
        except OSError:
            return load()  # missing: the loader says so, every time
        stamp = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)

        def loaded_with_problems(_stamp, _depends_on) -> tuple[_Loaded, tuple[Problem, ...], tuple[Problem, ...]]:
            before, warned = len(report.problems), len(report.warnings)
            loaded = load()
            problems, warnings = tuple(report.problems[before:]), tuple(report.warnings[warned:])
            del report.problems[before:], report.warnings[warned:]
            return loaded, problems, warnings

        loaded, problems, warnings = self._kept.made(str(path), loaded_with_problems, stamp, depends_on)
        report.problems.extend(problems)
        report.warnings.extend(warnings)
        return loaded
