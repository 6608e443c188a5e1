"""The publish record: which approval tags a publish put on the site, and when.

`garanti publish` writes it into every site it builds, as RECORD_FILE at the site's root:

    {"published_at": "2026-11-24T12:00:00Z", "commit": "<main's sha>",
     "tags": [{"name": "<board>/<YYYY-MM-DD>", "object": "<tag object sha>"}]}

It is evidence from outside a tag: a tag's own date is whatever its maker wrote, but a site
published on a day (kept as GitHub keeps each run's Pages artifact, or as a saved copy)
shows that the tag object it names existed by then. `garanti avsluta-nyckel --publicerat`
reads it to keep a retired key's decisions that were published before the key's last day.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from .errors import UsageError

RECORD_FILE = "publicering.json"

_SHA = {"type": "string", "pattern": "^[0-9a-f]{40}(?:[0-9a-f]{24})?$"}
SCHEMA = {
    "type": "object",
    "required": ["published_at", "tags"],
    "properties": {
        "published_at": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"},
        "commit": _SHA,
        "tags": {
            "type": "array",
            "items": {"type": "object", "required": ["name", "object"],
                      "properties": {"name": {"type": "string", "minLength": 1}, "object": _SHA}},
        },
    },
}
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


@dataclass(frozen=True)
class Record:
    """One publish: when it ran, and the tags (name, tag object) whose decisions it published."""

    published_at: dt.datetime
    tags: frozenset[tuple[str, str]]
    commit: str = ""  # main's version the site was built from
    where: str = ""  # the file it was read from, for messages


def as_data(published_at: dt.datetime, commit: str, tags: list[tuple[str, str]]) -> dict:
    return {
        "published_at": published_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit,
        "tags": [{"name": name, "object": sha} for name, sha in tags],
    }


def write(site: Path, published_at: dt.datetime, commit: str, tags: list[tuple[str, str]]) -> None:
    (site / RECORD_FILE).write_text(json.dumps(as_data(published_at, commit, tags), indent=2) + "\n", encoding="utf-8")


def read(given: Path) -> Record:
    """The record of a published site: its folder or the record file itself; a UsageError (Swedish)
    naming the file when it is missing or not a record."""
    path = given / RECORD_FILE if given.is_dir() else given
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path} finns inte. Ange en tidigare publicerad webbplats (mappen) eller dess "
                         f"{RECORD_FILE}.") from None
    except OSError as error:
        raise UsageError(f"{path} kan inte läsas: {error.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError(f"{path} är inte en publiceringsfil ({RECORD_FILE}) från garanti publish: den är inte "
                         "giltig JSON.") from None
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda error: list(map(str, error.absolute_path)))
    if errors:
        first = errors[0]
        place = ".".join(map(str, first.absolute_path)) or "filen"
        raise UsageError(f"{path} är inte en publiceringsfil ({RECORD_FILE}) från garanti publish: {place}: "
                         f"{first.message}.")
    try:
        moment = dt.datetime.strptime(data["published_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        raise UsageError(f"{path}: published_at är inte en tidpunkt ({data['published_at']}).") from None
    return Record(moment, frozenset((tag["name"], tag["object"]) for tag in data["tags"]), data.get("commit", ""),
                  str(path))
