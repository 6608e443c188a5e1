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

from .. import fields, schemas
from ..kept import Kept
from ..model import HOURS_FIELDS, Board, FollowUp, Guarantee
from ..publication import Approval
from ..timeline import ENDED, IN_FORCE, UPCOMING
from . import paths
from .selection import GuaranteeView, Site

JSON_FILE = "garantier.json"
CSV_FILE = "garantier.csv"
FOLLOW_UPS_JSON_FILE = "uppfoljningar.json"
FOLLOW_UPS_CSV_FILE = "uppfoljningar.csv"
LANGUAGE_VERSIONS_JSON_FILE = "sprakversioner.json"
# Every approved version of every guarantee, with its validity and decision (a published site's).
VERSIONS_JSON_FILE = "garantier-alla-versioner.json"
VERSIONS_CSV_FILE = "garantier-alla-versioner.csv"
VERSION_COLUMNS = ("version_url", "status")
SCHEMA_FILES = schemas.SCHEMAS

# Where a guarantee belongs, then its fields (fields.csv_columns: the schema's), then the decision.
UNIT_COLUMNS = ("url", "board", "board_name", "district", "department", "department_name", "unit")
APPROVAL_COLUMNS = ("approved", "case_number", "paragraph")


def csv_columns() -> tuple[str, ...]:
    """The columns of the guarantees' CSV file."""
    return UNIT_COLUMNS + fields.csv_columns() + APPROVAL_COLUMNS


# One row per commitment of a follow-up: what a spreadsheet compares across units.
FOLLOW_UP_CSV_COLUMNS = (
    "url",
    "board",
    "board_name",
    "district",
    "department",
    "department_name",
    "unit",
    "title",
    "service",
    "year",
    "commitment",
    "area",
    "result",
    "comment",
    "corrections",
    "corrections_changed",
    "complaints",
    "approved",
    "case_number",
    "paragraph",
    "draft",
)

# Spreadsheet programs run cells that start like a formula; such cells get a
# leading apostrophe in the CSV (the JSON keeps the text exactly).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def files(site: Site, cache: Kept | None = None) -> dict[str, str]:
    """{site path: content} for every open data file; the preview passes a cache,
    from which each guarantee's part is reused while the guarantee is unchanged."""
    if cache is None:  # each guarantee's JSON object and CSV row are made once for both files
        cache = Kept()
    generated = {
        paths.open_data_file(JSON_FILE): as_json(site, cache),
        paths.open_data_file(CSV_FILE): as_csv(site, cache),
        paths.open_data_file(FOLLOW_UPS_JSON_FILE): follow_ups_json(site),
        paths.open_data_file(FOLLOW_UPS_CSV_FILE): follow_ups_csv(site),
        paths.open_data_file(LANGUAGE_VERSIONS_JSON_FILE): language_versions_json(site),
    }
    generated[paths.open_data_file(VERSIONS_JSON_FILE)], generated[paths.open_data_file(VERSIONS_CSV_FILE)] = (
        versions_files(site, cache)
    )
    for name in SCHEMA_FILES:
        generated[paths.open_data_file(name)] = schemas.published_text(name)
    return generated


def record(view: GuaranteeView) -> dict:
    """A guarantee's object in the open data, from what its page shows (its view)."""
    guarantee = view.guarantee
    return {
        **_unit(view.board, guarantee, view.address),
        **fields.front_matter(guarantee),  # the schema's fields, named and shaped as the published schema says
        fields.BODY_OPEN_DATA_NAME: guarantee.body,
        "approval": _approval(view.approval),
    }


def _unit(board: Board, guarantee: Guarantee, address: str) -> dict:
    """Where a guarantee (and its follow-ups) belongs: its address, board, department and unit."""
    return {
        "url": address,
        "board": board.slug,
        "board_name": board.name,
        "district": board.district,
        "department": guarantee.department,
        "department_name": board.departments[guarantee.department],
        "unit": guarantee.slug,
    }


def _approval(approval: Approval | None) -> dict | None:
    """The board decision the published text rests on (None in the preview)."""
    return (
        {
            "date": approval.meeting.date.isoformat(),
            "case_number": approval.meeting.case_number,
            "paragraph": approval.meeting.paragraph,
        }
        if approval
        else None
    )


def follow_up_record(site: Site, follow_up: FollowUp) -> dict:
    """A follow-up with its unit, under the follow-up schema's names (plus the year and the kept count)."""
    guarantee = site.guarantee_of(follow_up)
    return {
        **_unit(site.board(guarantee.board), guarantee, site.address(guarantee)),
        "title": guarantee.title,
        "service": guarantee.service,
        "year": follow_up.year,
        "results": [
            {"commitment": r.text, "area": r.area, "result": r.result, "comment": r.comment} for r in follow_up.results
        ],
        "kept": follow_up.kept,
        "corrections": {"count": follow_up.corrections, "changed": follow_up.corrections_changed},
        "complaints": follow_up.complaints,
        "draft": follow_up.draft,
        "approval": _approval(site.follow_up_approval(follow_up)),
    }


def language_version_record(view: GuaranteeView) -> dict:
    """A language version with its unit, under the language version schema's names: its language
    tag (BCP 47: "fi"; easy-to-read Swedish is "sv" with easy_to_read), its texts, and the address
    of the guarantee it words (whose other fields, validity and contact among them, are in
    garantier.json)."""
    version, worded = view.version, view.guarantee
    contact = {
        key: [vars(line).copy() for line in getattr(version, key)] for key in HOURS_FIELDS if getattr(version, key)
    }
    return {
        **_unit(view.board, worded, view.address),
        "guarantee_url": view.settings.site_url.rstrip("/") + "/" + worded.url,
        "language": version.language.tag,
        "language_version": version.language.key,
        "easy_to_read": version.language.easy_to_read,
        "title": worded.title,
        "swedish_text": version.swedish_text,
        "commitments": fields.front_matter(worded)["commitments"],
        "correction": worded.correction,
        "complaints": worded.complaints,
        "more_info": worded.more_info,
        "contact": contact or None,
        **fields.translations(version),  # the schema's other fields marked translated
        fields.BODY_OPEN_DATA_NAME: worded.body,
        "draft": worded.draft,
        "approval": _approval(view.approval),
    }


def language_versions_json(site: Site) -> str:
    """A list with one object per language version the site shows (drafts and stale ones only in a preview)."""
    records = [language_version_record(site.version_view(v)) for v in site.language_versions]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def follow_ups_json(site: Site) -> str:
    """A list with one object per follow-up the site shows (drafts only in a preview)."""
    return json.dumps([follow_up_record(site, f) for f in site.follow_ups], ensure_ascii=False, indent=2) + "\n"


def follow_ups_csv(site: Site) -> str:
    """One row per commitment of each follow-up the site shows."""
    lines = [_header_line(FOLLOW_UP_CSV_COLUMNS)]
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


def as_json(site: Site, cache: Kept | None = None) -> str:
    """A list with one object per guarantee the site shows (drafts only in a preview),
    as json.dumps(..., indent=2) writes it, one object at a time."""
    if not site.guarantees:
        return "[]\n"
    return "[\n" + ",\n".join(_parts(site, g, cache)[0] for g in site.guarantees) + "\n]\n"


def as_csv(site: Site, cache: Kept | None = None) -> str:
    columns = csv_columns()
    return _header_line(columns) + "".join(_parts(site, g, cache)[1] for g in site.guarantees)


def _parts(site: Site, guarantee: Guarantee, cache: Kept | None) -> tuple[str, str]:
    """A guarantee's object in the JSON list and its row in the CSV file; reused from the cache while its
    view is the same."""
    if cache is None:
        return _make_parts(site.view(guarantee))
    return cache.made(f"open data {paths.guarantee_page(guarantee)}", _make_parts, site.view(guarantee))


def _make_parts(view: GuaranteeView) -> tuple[str, str]:
    data = record(view)
    json_object = textwrap.indent(json.dumps(data, ensure_ascii=False, indent=2), "  ")
    return json_object, _csv_line({key: _cell(value) for key, value in _row(data).items()}, csv_columns())


def _csv_line(row: dict, columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n").writerow(row)
    return out.getvalue()


def _header_line(columns: tuple[str, ...]) -> str:
    """The CSV's first line: each column's name."""
    return _csv_line({column: column for column in columns}, columns)


def _row(data: dict) -> dict:
    approval = data["approval"] or {}
    return {
        **{key: data[key] for key in UNIT_COLUMNS},
        **fields.csv_cells(data, data[fields.BODY_OPEN_DATA_NAME]),
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


# --- every approved version ------------------------------------------------------------------


def _state(site: Site, guarantee: Guarantee) -> str:
    """A shown guarantee's state, in the words a version's has (timeline's)."""
    return ENDED if site.expired(guarantee) else UPCOMING if site.upcoming(guarantee) else IN_FORCE


def versions_files(site: Site, cache: Kept) -> tuple[str, str]:
    """Every approved version of every unit the site shows, oldest first per unit: (JSON, CSV). A site
    without a timeline (the preview) has one version per unit: the one it shows. Each version's object and
    row are kept while what they are made of is the same (the preview's saves)."""
    if site.timeline is not None:
        versions = [
            (site.year_view(unit, version), site.address(version.guarantee))
            for unit, version in site.approved_versions()
        ]
        made = [
            (view, address, site.absolute_url(paths.url_of(view.record.page)), view.record.state)
            for view, address in versions
        ]
    else:
        made = [(site.view(g), site.address(g), site.address(g), _state(site, g)) for g in site.guarantees]
    parts = [
        cache.made(f"open data version {version_url}", _make_version_parts, view, address, version_url, state)
        for view, address, version_url, state in made
    ]
    columns = csv_columns() + VERSION_COLUMNS
    json_text = "[\n" + ",\n".join(part[0] for part in parts) + "\n]\n" if parts else "[]\n"
    return json_text, _header_line(columns) + "".join(part[1] for part in parts)


def _make_version_parts(view: GuaranteeView, address: str, version_url: str, state: str) -> tuple[str, str]:
    """A version's object (the guarantee's, at the unit's address, with its own page and its state today)
    and its CSV row."""
    data = {**record(view), "url": address, "version_url": version_url, "status": state}
    row = {**_row(data), **{column: data[column] for column in VERSION_COLUMNS}}
    # The language versions approved with this text, at their pages below its own (JSON only: a list per row).
    data["language_versions"] = [
        {
            "language": v.language.tag,
            "language_version": v.language.key,
            "easy_to_read": v.language.easy_to_read,
            "url": f"{version_url}{v.language.address}/",
        }
        for v in view.versions
    ]
    json_object = textwrap.indent(json.dumps(data, ensure_ascii=False, indent=2), "  ")
    return json_object, _csv_line({key: _cell(value) for key, value in row.items()}, csv_columns() + VERSION_COLUMNS)
