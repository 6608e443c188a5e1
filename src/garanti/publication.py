"""The publication: what `garanti publish` tells the site build about the decisions it rests on.

Publishing writes it as a JSON file and names the file in GARANTI_APPROVALS; the build
reads it (`load`). Without it the site is a preview. Its shape is SCHEMA, checked with
the same jsonschema as the content:

    {"approvals": {"<board>": {"tag": "<board>/<YYYY-MM-DD>", "date": "YYYY-MM-DD",
                               "case_number": str | null, "paragraph": str | null,
                               "minutes": "https://…" | null, "commit": "<sha>"}},
     "decisions": [{"board": "<board>", "board_name": str, "date": "YYYY-MM-DD",
                    "reference": str, "minutes": "https://…" | null, "count": int, "changes": str,
                    "tag": "<board>/<YYYY-MM-DD>", "commit": "<sha>",
                    "folder": ".beslut/<board>/<YYYY-MM-DD>" | null}],
     "tags_verified": bool}   # the tags checked against main's list of approvers

A decision's "folder" (layout.decision_content_dir, below the tree built) holds what it approved
and publishes, staged from its tag: the site's every version of every guarantee comes from these
folders. Null: the decision has no content the site may show (its tag's folder could not be read).
A publication approving boards without folders (written by hand) is refused by the build: the tree's
guarantees/ is never taken as approved.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from .errors import Refusal
from .layout import decision_content_dir
from .model import Meeting

# The environment variable naming the approvals file: set by `garanti publish`, read by the build.
APPROVALS_VARIABLE = "GARANTI_APPROVALS"

_TEXT = {"type": "string", "minLength": 1}
_OPTIONAL_TEXT = {"type": ["string", "null"]}
_DATE = {"type": "string", "format": "date"}
SCHEMA = {
    "type": "object",
    "required": ["approvals"],
    "properties": {
        "approvals": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["tag", "date", "commit"],
                "properties": {
                    "tag": _TEXT,
                    "date": _DATE,
                    "commit": _TEXT,
                    "case_number": _OPTIONAL_TEXT,
                    "paragraph": _OPTIONAL_TEXT,
                    "minutes": _OPTIONAL_TEXT,
                },
            },
        },
        "decisions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["board", "board_name", "date", "count"],
                "properties": {
                    "board": _TEXT,
                    "board_name": _TEXT,
                    "date": _DATE,
                    "reference": _OPTIONAL_TEXT,
                    "minutes": _OPTIONAL_TEXT,
                    "count": {"type": "integer", "minimum": 0},
                    "changes": _OPTIONAL_TEXT,
                    "tag": _TEXT,
                    "commit": _TEXT,
                    # Only the folder layout.decision_content_dir names: never a path out of the tree.
                    "folder": {
                        "type": ["string", "null"],
                        "pattern": r"^\.beslut/[a-z0-9]+(?:-[a-z0-9]+)*/[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    },
                },
            },
        },
        "tags_verified": {"type": "boolean"},
    },
}
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker(["date"]))


@dataclass(frozen=True)
class Approval:
    """The board meeting whose decision a board's published guarantees rest on."""

    board: str
    meeting: Meeting
    tag: str
    commit: str


@dataclass(frozen=True)
class Decision:
    """One line of the decisions page."""

    board: str
    board_name: str
    date: dt.date
    reference: str
    count: int
    changes: str
    minutes: str | None = None
    tag: str | None = None
    commit: str | None = None
    folder: str | None = None  # its approved files, below the tree built (layout.decision_content_dir)


@dataclass(frozen=True)
class Publication:
    approvals: dict[str, Approval]
    decisions: tuple[Decision, ...]  # newest first: the order the decisions page lists them
    tags_verified: bool = False

    @property
    def staged(self) -> bool:
        """Whether publishing staged the decisions' content (every real publish does): then the
        site's guarantees come from the decisions' folders only."""
        return any(decision.folder for decision in self.decisions)


def as_data(publication: Publication) -> dict:
    """The publication as JSON-ready data, in SCHEMA's shape."""
    return {
        "approvals": {
            board: {
                "tag": approval.tag,
                "date": approval.meeting.date.isoformat(),
                "case_number": approval.meeting.case_number,
                "paragraph": approval.meeting.paragraph,
                "minutes": approval.meeting.minutes,
                "commit": approval.commit,
            }
            for board, approval in publication.approvals.items()
        },
        "tags_verified": publication.tags_verified,
        "decisions": [
            {
                "board": decision.board,
                "board_name": decision.board_name,
                "date": decision.date.isoformat(),
                "reference": decision.reference,
                "minutes": decision.minutes,
                "count": decision.count,
                "changes": decision.changes,
                "tag": decision.tag,
                "commit": decision.commit,
                "folder": decision.folder,
            }
            for decision in publication.decisions
        ],
    }


def write(publication: Publication, path: Path) -> None:
    path.write_text(json.dumps(as_data(publication), ensure_ascii=False, indent=2), encoding="utf-8")


def load(path: Path) -> Publication:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise Refusal(f"Filen med fastställelser ({path}) kan inte läsas: {error.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Refusal(f"Filen med fastställelser ({path}) är inte giltig JSON: {error}.") from None
    return from_data(data, str(path))


def from_data(data: object, where: str = APPROVALS_VARIABLE) -> Publication:
    """The publication in `data`; a Refusal naming the first place that is not SCHEMA's shape."""
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda error: list(map(str, error.absolute_path)))
    if errors:
        raise Refusal(
            f"{where}: filen med fastställelser har fel form.",
            [f"{'.'.join(map(str, error.absolute_path)) or 'filen'}: {error.message}" for error in errors],
        )
    approvals = {board: _approval(board, item) for board, item in data["approvals"].items()}
    decisions = tuple(_decision(item) for item in data.get("decisions", []))
    strays = [d.folder for d in decisions if d.folder and d.folder != decision_content_dir(d.board, d.date.isoformat())]
    if strays:
        raise Refusal(
            f"{where}: filen med fastställelser har fel form.",
            [f"decisions: mappen {folder!r} är inte beslutets egen mapp" for folder in strays],
        )
    return Publication(approvals, decisions, data.get("tags_verified", False))


def _approval(board: str, item: dict) -> Approval:
    meeting = Meeting(
        dt.date.fromisoformat(item["date"]),
        item.get("case_number") or None,
        item.get("paragraph") or None,
        item.get("minutes") or None,
    )
    return Approval(board, meeting, item["tag"], item["commit"])


def _decision(item: dict) -> Decision:
    return Decision(
        board=item["board"],
        board_name=item["board_name"],
        date=dt.date.fromisoformat(item["date"]),
        reference=item.get("reference") or "",
        count=item["count"],
        changes=item.get("changes") or "",
        minutes=item.get("minutes") or None,
        tag=item.get("tag"),
        commit=item.get("commit"),
        folder=item.get("folder"),
    )
