"""Reading a content file as untrusted input: size-bounded, UTF-8, strict YAML, its fields
against their schema and every text against the untrusted-text rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import schemas, untrusted_yaml
from ..untrusted import check_text
from .problems import Findings

MAX_FILE_BYTES = 256 * 1024


def why_unreadable(error: OSError) -> str:
    """The reason a file or folder cannot be read, in Swedish for the usual ones."""
    if isinstance(error, PermissionError):
        return "ingen läsrätt"
    if isinstance(error, IsADirectoryError):
        return "det är en mapp"
    return error.strerror or type(error).__name__


def read_text(path: Path, report: Findings) -> str | None:
    """A file's text: size-bounded, UTF-8 (a BOM is fine), line endings made \\n."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add(
                path, 1, 1, f"Filen är för stor ({size // 1024} kB, högst {MAX_FILE_BYTES // 1024} kB). Korta texten."
            )
            return None
        data = path.read_bytes()
    except OSError as error:
        report.add(path, 1, 1, f"Filen kan inte läsas ({why_unreadable(error)}).")
        return None
    return decode(data, path, report)


def decode(data: bytes, path: Path | str, report: Findings) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        report.add(path, line, column, "Filen är inte sparad som UTF-8. Spara om den med teckenkodningen UTF-8.")
        return None
    return unify_line_endings(text)


def unify_line_endings(text: str) -> str:
    """Windows (CR LF) and old Mac (CR alone) line endings as \\n, the one way every reader sees lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, path: Path, report: Findings, line_offset: int = 0):
    try:
        return untrusted_yaml.load(text, line_offset)
    except untrusted_yaml.YamlProblem as problem:
        report.add(path, problem.line, problem.column, problem.message)
        return None


def read_fields(path: Path, report: Findings, not_fields: str) -> tuple[dict, untrusted_yaml.Positions] | None:
    """A YAML file of fields (key: value), read and parsed strictly; None, with its problem reported, if not."""
    text = read_text(path, report)
    loaded = load_yaml(text, path, report) if text is not None else None
    if loaded is None:
        return None
    if not isinstance(loaded[0], dict):
        report.add(path, 1, 1, not_fields)
        return None
    return loaded


def check_fields(schema: str, data: dict, positions: untrusted_yaml.Positions, path: Path, report: Findings) -> None:
    """The file's fields against its schema, and every text against the untrusted-text rules."""
    report_schema(schemas.validate(schema, data, positions.written), positions, path, report)
    check_strings(data, positions, path, report)


def check_strings(data: Any, positions: untrusted_yaml.Positions, path: Path, report: Findings) -> None:
    """Apply the untrusted-text rules to every string value of the data."""
    for at, text in strings(data):
        for problem in check_text(text):
            line, column = positions.of(at)
            report.add(path, line, column, problem.message)


def report_schema(errors, positions: untrusted_yaml.Positions, path: Path, report: Findings) -> None:
    for error in errors:
        line, column = positions.of_key(error.path) if error.at_key else positions.of(error.path)
        report.add(path, line, column, error.message)


def strings(data: Any, at=()):
    """(path, text) for every string value in the data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, at + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, at + (index,))
    elif isinstance(data, str):
        yield at, data
