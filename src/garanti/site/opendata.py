"""Open data: the guarantees the site shows, as JSON and CSV, with the schemas.

Field names follow the guarantee schema (guarantee.schema.json) where there is
one, so the published schema describes the data. Texts are the editors'
Markdown as written.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap

from .. import schemas
from ..content import front_matter
from ..model import Guarantee
from . import paths
from .pages import PageCache, guarantee_inputs
from .selection import Site

JSON_FILE = "garantier.json"
CSV_FILE = "garantier.csv"
SCHEMA_FILES = (schemas.GUARANTEE_SCHEMA, schemas.BOARD_SCHEMA)

CSV_COLUMNS = (
    "url", "board", "board_name", "district", "department", "department_name", "unit", "title",
    "service", "valid_from", "valid_to", "mission", "commitments", "correction", "complaints",
    "more_info", "phone", "email", "address", "web", "approved", "case_number", "paragraph", "draft",
)
COMMITMENT_SEPARATOR = " | "
# Spreadsheet programs run cells that start like a formula; such cells get a
# leading apostrophe in the CSV (the JSON keeps the text exactly).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def files(site: Site, cache: PageCache | None = None) -> dict[str, str]:
    """{site path: content} for every open data file; the preview passes a cache,
    from which each guarantee's part is reused while the guarantee is unchanged."""
    generated = {
        paths.open_data_file(JSON_FILE): as_json(site, cache),
        paths.open_data_file(CSV_FILE): as_csv(site, cache),
    }
    for name in SCHEMA_FILES:
        generated[paths.open_data_file(name)] = schemas.schema_text(name)
    return generated


def record(site: Site, guarantee: Guarantee) -> dict:
    board = site.board(guarantee.board)
    approval = site.approval(board.slug)
    return {
        "url": site.address(guarantee),
        "board": board.slug,
        "board_name": board.name,
        "district": board.district,
        "department": guarantee.department,
        "department_name": board.departments[guarantee.department],
        "unit": guarantee.slug,
        **front_matter(guarantee),  # the schema's fields, named and shaped as the published schema says
        "mission": guarantee.body,
        "approval": {
            "date": approval.meeting.date.isoformat(),
            "case_number": approval.meeting.case_number,
            "paragraph": approval.meeting.paragraph,
        } if approval else None,
    }


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


def _csv_line(row: dict) -> str:
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n").writerow(row)
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
