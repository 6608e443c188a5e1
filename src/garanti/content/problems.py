"""Problems found in content, collected for one check with paths relative to the repository: what
must be fixed (problems), and what an editor should look at but may publish (warnings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Problem


@dataclass
class Findings:
    """What one check found: problems and warnings, with paths relative to the repository.
    (The board paper's report is garanti.report.Report.)"""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.relative(path), line, column, message))

    def warn(self, path: Path | str, line: int, column: int, message: str) -> None:
        self.warnings.append(Problem(self.relative(path), line, column, message))

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        return path.relative_to(self.root).as_posix() if path.is_absolute() else path.as_posix()
