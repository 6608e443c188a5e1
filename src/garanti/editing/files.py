"""Writing editors' files: a value quoted so that YAML reads it back exactly, and a file replaced
in one step (a reader never sees half of it)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

BOM = b"\xef\xbb\xbf"

# Characters a YAML double-quoted scalar may not hold raw: non-printables, and
# the line breaks beyond \n that PyYAML would fold.
_YAML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\x85\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def yaml_quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text`.

    JSON's string syntax is a subset of YAML's double-quoted style, so a
    title with a colon, quote or hash cannot break the file.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def write_atomically(path: Path, data: bytes) -> None:
    temporary = stage_beside(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def stage_beside(path: Path, data: bytes) -> Path:
    """A temporary file beside `path` holding `data` with `path`'s mode, ready to be renamed over it."""
    # The dot keeps a leftover temporary file out of the check's sight.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)
