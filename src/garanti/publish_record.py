"""The publish record: which approval tags a publish put on the site, and when.

`garanti publish` writes it into every site it builds, as RECORD_FILE at the site's root:

    {"published_at": "2026-11-24T12:00:00Z", "commit": "<main's sha>",
     "tags": [{"name": "<board>/<YYYY-MM-DD>", "object": "<tag object sha>"}],
     "built_from": {"main": "<sha>", "tags": "<sha256 of every tag with a slash and the object it names>",
                    "settings": "<sha256 of the build's environment settings>", "without_approvers": false,
                    "until": "<YYYY-MM-DD>", "held_back": false, "verified": true}}

It is evidence from outside a tag: a tag's own date is whatever its maker wrote, but a site
published on a day (kept as GitHub keeps each run's Pages artifact, or as a saved copy)
shows that the tag object it names existed by then. `garanti avsluta-nyckel --publicerat`
reads it to keep a retired key's decisions that were published before the key's last day.

`built_from` is what the build was a function of (publishing.unchanged): the next publish that finds
the same inputs before `until` leaves the site as it is, and gives the warnings and the exit it gave.
It holds digests and flags only: the record is public, and a tag's name or a held-back tag's problems
are not approved text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from .errors import UsageError
from .schemas import EcmaValidator

RECORD_FILE = "publicering.json"

_SHA = {"type": "string", "pattern": "^[0-9a-f]{40}(?:[0-9a-f]{24})?$"}
_DIGEST = {"type": "string", "pattern": "^[0-9a-f]{64}$"}  # sha256
SCHEMA = {
    "type": "object",
    "required": ["published_at", "tags"],
    "properties": {
        "published_at": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"},
        "commit": _SHA,
        "tags": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "object"],
                "properties": {"name": {"type": "string", "minLength": 1}, "object": _SHA},
            },
        },
    },
}
SCHEMA["properties"]["built_from"] = {
    "type": "object",
    "required": ["main", "tags", "settings", "without_approvers", "until", "held_back", "verified"],
    "properties": {
        "main": _SHA,
        "tags": _DIGEST,
        "settings": _DIGEST,
        "without_approvers": {"type": "boolean"},
        "until": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "held_back": {"type": "boolean"},
        "verified": {"type": "boolean"},
    },
}
_VALIDATOR = EcmaValidator(SCHEMA)  # a pattern's final "$" is the end of the text: no line break after it


@dataclass(frozen=True)
class Inputs:
    """What a build is a function of, but the day (publishing.unchanged.inputs)."""

    main: str  # main's commit
    commit: str  # the commit the code, pages and theme come from (main's, unless --ref)
    tags: str  # digest of every tag with a slash in its name and the object it names
    settings: str  # digest of the environment settings the build reads
    without_approvers: bool


@dataclass(frozen=True)
class BuiltFrom:
    """A publish's inputs, the first day they may build another site, and what it told its caller."""

    inputs: Inputs
    until: dt.date
    held_back: bool = False  # a board's tag was held back (the publish's exit 5)
    verified: bool = True  # the tags were checked against a list of approvers


@dataclass(frozen=True)
class Record:
    """One publish: when it ran, and the tags (name, tag object) whose decisions it published."""

    published_at: dt.datetime
    tags: frozenset[tuple[str, str]]
    commit: str = ""  # main's version the site was built from
    where: str = ""  # the file it was read from, for messages
    built_from: BuiltFrom | None = None  # absent in a record of an earlier publish


def as_data(
    published_at: dt.datetime, commit: str, tags: list[tuple[str, str]], built_from: BuiltFrom | None = None
) -> dict:
    data = {
        "published_at": published_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit,
        "tags": [{"name": name, "object": sha} for name, sha in tags],
    }
    if built_from is not None:
        built = built_from.inputs
        data["built_from"] = {
            "main": built.main,
            "tags": built.tags,
            "settings": built.settings,
            "without_approvers": built.without_approvers,
            "until": built_from.until.isoformat(),
            "held_back": built_from.held_back,
            "verified": built_from.verified,
        }
    return data


def write(
    site: Path, published_at: dt.datetime, commit: str, tags: list[tuple[str, str]], built_from: BuiltFrom | None = None
) -> None:
    text = json.dumps(as_data(published_at, commit, tags, built_from), indent=2, ensure_ascii=False)
    (site / RECORD_FILE).write_text(text + "\n", encoding="utf-8")


def read(given: Path) -> Record:
    """The record of a published site: its folder or the record file itself; a UsageError (Swedish)
    naming the file when it is missing or not a record."""
    path = given / RECORD_FILE if given.is_dir() else given
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"{path} finns inte. Ange en tidigare publicerad webbplats (mappen) eller dess {RECORD_FILE}."
        ) from None
    except OSError as error:
        raise UsageError(f"{path} kan inte läsas: {error.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError(
            f"{path} är inte en publiceringsfil ({RECORD_FILE}) från garanti publish: den är inte giltig JSON."
        ) from None
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda error: list(map(str, error.absolute_path)))
    if errors:
        first = errors[0]
        place = ".".join(map(str, first.absolute_path)) or "filen"
        raise UsageError(
            f"{path} är inte en publiceringsfil ({RECORD_FILE}) från garanti publish: {place}: {_in_swedish(first)}."
        )
    try:
        moment = dt.datetime.strptime(data["published_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        raise UsageError(f"{path}: published_at är inte en tidpunkt ({data['published_at']}).") from None
    return Record(
        moment,
        frozenset((tag["name"], tag["object"]) for tag in data["tags"]),
        data.get("commit", ""),
        str(path),
        _built_from(data),
    )


_TYPES = {"string": "en text", "object": "ett objekt ({…})", "array": "en lista ([…])", "boolean": "true eller false"}
_FORMS = {
    _SHA["pattern"]: "är inget git-objektnamn (40 eller 64 tecken 0–9 och a–f)",
    "^[0-9a-f]{64}$": "är inget kontrollvärde (64 tecken 0–9 och a–f)",
    SCHEMA["properties"]["published_at"]["pattern"]: "är inte en tidpunkt skriven ÅÅÅÅ-MM-DDTtt:mm:ssZ",
    SCHEMA["properties"]["built_from"]["properties"]["until"]["pattern"]: "är inte ett datum skrivet ÅÅÅÅ-MM-DD",
}


def _in_swedish(error: jsonschema.ValidationError) -> str:
    """What is wrong with the record, in Swedish (jsonschema says it in English)."""
    written = json.dumps(error.instance, ensure_ascii=False)
    if error.validator == "required":
        return f'fältet "{next(key for key in error.validator_value if key not in error.instance)}" saknas'
    if error.validator == "type":
        return f"ska vara {_TYPES.get(error.validator_value, error.validator_value)}"
    if error.validator == "pattern":
        return f"{written} {_FORMS.get(error.validator_value, 'har fel form')}"
    if error.validator == "minLength":
        return "får inte vara tom"
    return f"{written} har fel form"


def _built_from(data: dict) -> BuiltFrom | None:
    built = data.get("built_from")
    if built is None or "commit" not in data:
        return None
    try:
        until = dt.date.fromisoformat(built["until"])
    except ValueError:
        return None  # not a day: nothing to compare with, so the next publish builds
    inputs = Inputs(built["main"], data["commit"], built["tags"], built["settings"], built["without_approvers"])
    return BuiltFrom(inputs, until, built["held_back"], built["verified"])
