"""Open data: the guarantees the site shows and their follow-ups, as JSON and CSV, with the schemas.

Field names follow the guarantee schema (guarantee.schema.json) and the
follow-up schema (follow-up.schema.json) where there is one, so the published
schemas describe the data. Texts are the editors' Markdown as written.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap

from .. import schemas
from ..content import front_matter
from ..model import HOURS_FIELDS, FollowUp, Guarantee
from . import paths
from .pages import PageCache, guarantee_inputs
from .selection import Site

JSON_FILE = "garantier.json"
CSV_FILE = "garantier.csv"
FOLLOW_UPS_JSON_FILE = "uppfoljningar.json"
FOLLOW_UPS_CSV_FILE = "uppfoljningar.csv"
SCHEMA_FILES = schemas.SCHEMAS

CSV_COLUMNS = (
    "url", "board", "board_name", "district", "department", "department_name", "unit", "title",
    "service", "valid_from", "valid_to", "mission", "commitments", "correction", "complaints",
    "more_info", "phone", "email", "address", "web", "opening_hours", "visiting_hours",
    "approved", "case_number", "paragraph", "draft",
)
# One row per commitment of a follow-up: what a spreadsheet compares across units.
FOLLOW_UP_CSV_COLUMNS = (
    "url", "board", "board_name", "district", "department", "department_name", "unit", "title", "service",
    "year", "commitment", "area", "result", "comment", "corrections", "corrections_changed", "complaints",
    "approved", "case_number", "paragraph", "draft",
)
COMMITMENT_SEPARATOR = " | "
# Spreadsheet programs run cells that start like a formula; such cells get a
# leading apostrophe in the CSV (the JSON keeps the text exactly).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def files(site: Site, cache: PageCache | None = None) -> dict[str, str]:
    """{site path: content} for every open data file; the preview passes a cache,
    from which each guarantee's part is reused while the guarantee is unchanged."""
    if cache is None:  # each guarantee's JSON object and CSV row are made once for both files
        cache = PageCache()
    generated = {
        paths.open_data_file(JSON_FILE): as_json(site, cache),
        paths.open_data_file(CSV_FILE): as_csv(site, cache),
        paths.open_data_file(FOLLOW_UPS_JSON_FILE): follow_ups_json(site),
        paths.open_data_file(FOLLOW_UPS_CSV_FILE): follow_ups_csv(site),
    }
    for name in SCHEMA_FILES:
        generated[paths.open_data_file(name)] = schemas.schema_text(name)
    return generated


def record(site: Site, guarantee: Guarantee) -> dict:
    return {
        **_unit(site, guarantee),
        **front_matter(guarantee),  # the schema's fields, named and shaped as the published schema says
        "mission": guarantee.body,
        "approval": _approval(site, guarantee.board),
    }


def _unit(site: Site, guarantee: Guarantee) -> dict:
    """Where a guarantee (and its follow-ups) belongs: its address, board, department and unit."""
    board = site.board(guarantee.board)
    return {
        "url": site.address(guarantee),
        "board": board.slug,
        "board_name": board.name,
        "district": board.district,
        "department": guarantee.department,
        "department_name": board.departments[guarantee.department],
        "unit": guarantee.slug,
    }


def _approval(site: Site, board: str) -> dict | None:
    """The board decision the published text rests on (None in the preview)."""
    approval = site.approval(board)
    return {
        "date": approval.meeting.date.isoformat(),
        "case_number": approval.meeting.case_number,
        "paragraph": approval.meeting.paragraph,
    } if approval else None


def follow_up_record(site: Site, follow_up: FollowUp) -> dict:
    """A follow-up with its unit, under the follow-up schema's names (plus the year and the kept count)."""
    guarantee = site.guarantee_of(follow_up)
    return {
        **_unit(site, guarantee),
        "title": guarantee.title,
        "service": guarantee.service,
        "year": follow_up.year,
        "results": [
            {"commitment": r.text, "area": r.area, "result": r.result, "comment": r.comment}
            for r in follow_up.results
        ],
        "kept": follow_up.kept,
        "corrections": {"count": follow_up.corrections, "changed": follow_up.corrections_changed},
        "complaints": follow_up.complaints,
        "draft": follow_up.draft,
        "approval": _approval(site, follow_up.board),
    }


def follow_ups_json(site: Site) -> str:
    """A list with one object per follow-up the site shows (drafts only in a preview)."""
    return json.dumps([follow_up_record(site, f) for f in site.follow_ups], ensure_ascii=False, indent=2) + "\n"


def follow_ups_csv(site: Site) -> str:
    """One row per commitment of each follow-up the site shows."""
    lines = [_csv_line(dict(zip(FOLLOW_UP_CSV_COLUMNS, FOLLOW_UP_CSV_COLUMNS)), FOLLOW_UP_CSV_COLUMNS)]
    for follow_up in site.follow_ups:
        data = follow_up_record(site, follow_up)
        approval = data["approval"] or {}
        for result in data["results"]:
            row = {
                **{key: data[key] for key in FOLLOW_UP_CSV_COLUMNS if key in data},
                **result,
                "corrections": data["corrections"]["count"],
                "corrections_changed": data["corrections"]["changed"],
                "approved": approval.get("date"),
                "case_number": approval.get("case_number"),
                "paragraph": approval.get("paragraph"),
            }
            lines.append(_csv_line({key: _cell(value) for key, value in row.items()}, FOLLOW_UP_CSV_COLUMNS))
    return "".join(lines)


def as_json(site: Site, cache: PageCache | None = None) -> str:
    """A list with one object per guarantee the site shows (drafts only in a preview),
    as json.dumps(..., indent=2) writes it, one object at a time."""
    if not site.guarantees:
        return "[]\n"
    return "[\n" + ",\n".join(_parts(site, g, cache)[0] for g in site.guarantees) + "\n]\n"


def as_csv(site: Site, cache: PageCache | None = None) -> str:
    return _csv_line(dict(zip(CSV_COLUMNS, CSV_COLUMNS))) + "".join(_parts(site, g, cache)[1] for g in site.guarantees)


def _parts(site: Site, guarantee: Guarantee, cache: PageCache | None) -> tuple[str, str]:
    """A guarantee's object in the JSON list and its row in the CSV file; reused from the cache while unchanged."""
    if cache is None:
        return _make_parts(site, guarantee)
    key = f"open data {paths.guarantee_page(guarantee)}"
    return cache.made(key, guarantee_inputs(site, guarantee), lambda: _make_parts(site, guarantee))


def _make_parts(site: Site, guarantee: Guarantee) -> tuple[str, str]:
    data = record(site, guarantee)
    json_object = textwrap.indent(json.dumps(data, ensure_ascii=False, indent=2), "  ")
    return json_object, _csv_line({key: _cell(value) for key, value in _row(data).items()})


def _csv_line(row: dict, columns: tuple[str, ...] = CSV_COLUMNS) -> str:
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n").writerow(row)
    return out.getvalue()


def _row(data: dict) -> dict:
    approval = data["approval"] or {}
    return {
        **{key: data[key] for key in CSV_COLUMNS if key in data},
        "valid_from": data["valid"]["from"],
        "valid_to": data["valid"]["to"],
        "commitments": COMMITMENT_SEPARATOR.join(
            f"{c['area']}: {c['text']}" if isinstance(c, dict) else c for c in data["commitments"]
        ),
        **{key: data["contact"].get(key) for key in ("phone", "email", "address", "web")},
        # "Måndag–fredag: 6.30–18.00 | Lördag: Stängt", as the page writes each line
        **{key: COMMITMENT_SEPARATOR.join(f"{line['days']}: {line['time']}" for line in data["contact"].get(key, []))
           for key in HOURS_FIELDS},
        "approved": approval.get("date"),
        "case_number": approval.get("case_number"),
        "paragraph": approval.get("paragraph"),
    }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
