"""The approvals file: what the publish step tells the site about board decisions.

`garanti publish` writes a JSON file and points the environment variable
GARANTI_APPROVALS at it; without it the site is a preview. The contract:

    {"approvals": {"<board>": {"tag": "<board>/<YYYY-MM-DD>", "date": "YYYY-MM-DD",
                               "case_number": str | null, "paragraph": str | null,
                               "minutes": "https://…" | null, "commit": "<sha>"}},
     "decisions": [{"board": "<board>", "board_name": str, "date": "YYYY-MM-DD",
                    "reference": str, "minutes": "https://…" | null, "count": int, "changes": str}],
     "tags_verified": bool}   # optional: tags checked against main's list of approvers
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..model import Meeting

# The environment variable naming the approvals file: set by `garanti publish`, read by the build.
APPROVALS_VARIABLE = "GARANTI_APPROVALS"


class ApprovalsError(Exception):
    """The approvals file cannot be used; the message is Swedish."""


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


@dataclass(frozen=True)
class Publication:
    approvals: dict[str, Approval]
    decisions: tuple[Decision, ...]
    tags_verified: bool = False


def load_approvals(path: Path) -> Publication:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ApprovalsError(f"Filen med fastställelser ({path}) kan inte läsas: {error.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApprovalsError(f"Filen med fastställelser ({path}) är inte giltig JSON: {error}.") from None
    return parse_approvals(data, str(path))


def parse_approvals(data: object, where: str = APPROVALS_VARIABLE) -> Publication:
    if not isinstance(data, dict) or not isinstance(data.get("approvals"), dict):
        raise ApprovalsError(f"{where}: fältet \"approvals\" saknas eller är inte ett objekt.")
    approvals = {
        board: _approval(board, item, f"{where}: approvals.{board}")
        for board, item in data["approvals"].items()
    }
    decisions = data.get("decisions", [])
    if not isinstance(decisions, list):
        raise ApprovalsError(f"{where}: fältet \"decisions\" ska vara en lista.")
    verified = data.get("tags_verified", False)
    if not isinstance(verified, bool):
        raise ApprovalsError(f"{where}: fältet \"tags_verified\" ska vara true eller false.")
    return Publication(
        approvals,
        tuple(_decision(item, f"{where}: decisions[{index}]") for index, item in enumerate(decisions)),
        verified,
    )


def _approval(board: str, item: object, where: str) -> Approval:
    item = _object(item, where)
    meeting = Meeting(
        _date(item.get("date"), where),
        _optional_text(item.get("case_number"), where, "case_number"),
        _optional_text(item.get("paragraph"), where, "paragraph"),
        _optional_text(item.get("minutes"), where, "minutes"),
    )
    return Approval(board, meeting, _text(item.get("tag"), where, "tag"), _text(item.get("commit"), where, "commit"))


def _decision(item: object, where: str) -> Decision:
    item = _object(item, where)
    count = item.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ApprovalsError(f"{where}: \"count\" ska vara ett heltal.")
    return Decision(
        board=_text(item.get("board"), where, "board"),
        board_name=_text(item.get("board_name"), where, "board_name"),
        date=_date(item.get("date"), where),
        reference=_optional_text(item.get("reference"), where, "reference") or "",
        count=count,
        changes=_optional_text(item.get("changes"), where, "changes") or "",
        minutes=_optional_text(item.get("minutes"), where, "minutes"),
    )


def _object(item: object, where: str) -> dict:
    if not isinstance(item, dict):
        raise ApprovalsError(f"{where}: ska vara ett objekt.")
    return item


def _text(value: object, where: str, key: str) -> str:
    if not isinstance(value, str) or not value:
        raise ApprovalsError(f"{where}: \"{key}\" saknas eller är inte en text.")
    return value


def _optional_text(value: object, where: str, key: str) -> str | None:
    if value is None or value == "":
        return None
    return _text(value, where, key)


def _date(value: object, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(value, where, "date"))
    except ValueError:
        raise ApprovalsError(f"{where}: \"date\" ska vara ett datum ÅÅÅÅ-MM-DD, inte {value!r}.") from None
