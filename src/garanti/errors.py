"""The one family of refusals: what garanti will not do, why, and what to do instead (Swedish).

A refusal is raised where the fault is found and carries the exit code the command gives it;
the CLI prints it once (`garanti <kommando>: …`) and the MkDocs hook turns it into MkDocs'
error once. Anything else that escapes is a bug in garanti (exit 3).

    0  all well
    1  Refusal: the content or the request was refused; the editor or secretary can fix it
    2  UsageError: the command was written wrong
    3  (not a refusal) an unexpected fault in garanti itself
    4  BrokenInstallation: a part of the installed package is missing
"""

from __future__ import annotations

from collections.abc import Iterable


class Refusal(Exception):
    """Refused, with a Swedish message and, if there are several things wrong, each of them."""

    exit_code = 1

    def __init__(self, message: str, problems: Iterable[object] = ()):
        super().__init__(message)
        self.message = message
        self.problems = [str(problem) for problem in problems]

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  – {problem}" for problem in self.problems)])

    def __reduce__(self):  # whole when sent between processes (site.forked): problems too
        return type(self), (self.message, self.problems)


class UsageError(Refusal):
    """The command was written wrong: an unknown board name, a date that is no date, a path outside guarantees/."""

    exit_code = 2


class BrokenInstallation(Refusal):
    """The installed package lacks a part it needs: not the content's fault."""

    exit_code = 4


class GitError(Refusal):
    """git refused or failed (the message says what to do); callers that can go on without what
    git would have given catch this one."""
