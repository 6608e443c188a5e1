"""Follow-ups in the form: the years offered, each year's collection, and the commitments each unit's
follow-up is filled from (redigera/uppfoljning/<board>-<year>.json)."""

from __future__ import annotations

import json

from ... import schemas
from ...content import covers
from ...layout import FORM_DIR
from ...model import Board, Guarantee
from ..selection import Site
from .settings import FOLLOW_UP_DATA_DIR, SavedTree
from .widgets import (
    DEPARTMENT_FIELD,
    UNIT_FIELD,
    UNIT_FILE_FIELD,
    board_folder,
    decap_field,
    hint_of,
    place_field,
    ready_field,
    title_of,
)

# Follow-ups of how many years back the form offers, besides this year.
FOLLOW_UP_YEARS_BACK = 1


# --- follow-ups ---------------------------------------------------------------------


def follow_up_years(site: Site, board: Board, saved: SavedTree | None = None) -> list[int]:
    """The years the form offers follow-ups of: this year and the last (FOLLOW_UP_YEARS_BACK), when a
    guarantee of the board covers it or a follow-up of it is there."""
    first = site.today.year - FOLLOW_UP_YEARS_BACK
    years = set()
    for guarantee in site.guarantees:
        if guarantee.board == board.slug:
            years.update(
                range(max(first, guarantee.valid_from.year), min(site.today.year, guarantee.valid_to.year) + 1)
            )
    years |= {f.year for f in site.corpus.follow_ups if f.board == board.slug and f.year >= first}
    if saved is not None:
        years |= {
            year for slug, _, _, year in saved.follow_ups if slug == board.slug and first <= year <= site.today.year
        }
    return sorted(years)


def followed(site: Site, board: Board, year: int) -> list[Guarantee]:
    """The board's guarantees that cover `year`, whose commitments a follow-up of the year lists."""
    return [g for g in site.guarantees if g.board == board.slug and covers(g, year)]


def follow_up_collection(site: Site, board: Board, year: int, saved: SavedTree) -> dict:
    schema = schemas.inlined(schemas.FOLLOW_UP_SCHEMA)
    required = set(schema.get("required", ()))
    done = saved.follow_ups_of(board, year)
    names = {
        f"{g.department}/{g.slug}": f"{g.title} ({board.departments.get(g.department, g.department)})"
        for g in site.guarantees
        if g.board == board.slug
    }
    units = [
        {"label": names[f"{g.department}/{g.slug}"], "value": f"{g.department}/{g.slug}"}
        for g in followed(site, board, year)
        if (g.department, g.slug) not in done
    ]
    fields = [
        place_field(
            UNIT_FIELD,
            "Enhet",
            f"Enheten vars garanti för {year} följs upp. Den bestämmer var "
            "filen sparas och kan inte ändras här. En enhet som redan har en uppföljning av året "
            "finns inte med.",
            units,
            names,
        )
    ]
    for name, node in schema["properties"].items():
        if name == "draft":
            fields.append(ready_field(node))
        elif name == "results":
            fields.append(_results_field(node, board, year))
        else:
            fields.append(decap_field(name, node, name in required))
    return {
        "name": f"{board.slug}-uppfoljning-{year}",
        "label": f"{board.display_name}: uppföljning {year}",
        "label_singular": f"uppföljning {year}",
        "description": f"{board.name}: hur det gick med åtagandena {year}. Åtagandena hämtas ur garantin; "
        "du fyller i resultat, rättelser och klagomål.",
        "folder": board_folder(board),
        "path": "{{" + DEPARTMENT_FIELD + "}}/{{" + UNIT_FILE_FIELD + "}}",
        "extension": f"uppfoljning-{year}.yml",  # guarantees/<board>/<department>/<unit>.uppfoljning-<year>.yml
        "format": "uppfoljning",
        "create": True,
        "delete": False,
        "identifier_field": UNIT_FIELD,
        "summary": "{{filename}} ({{dirname}})",
        "fields": fields,
    }


def _results_field(node: dict, board: Board, year: int) -> dict:
    """One result per commitment of the guarantee of the year: the commitments come from it
    (read-only), the editor chooses the result and may comment."""
    item = node["items"]
    fields = []
    for name, child in item["properties"].items():
        if name in ("commitment", "area"):
            fields.append({"name": name, "label": title_of(child, name), "widget": "garanti-las", "required": True})
        else:
            fields.append(decap_field(name, child, name in item.get("required", ())))
    return {
        "name": "results",
        "label": title_of(node, "results"),
        "hint": hint_of(node),
        "widget": "garanti-resultat",
        "fields": fields,
        "allow_add": False,
        "allow_remove": False,
        "allow_reorder": False,
        "collapsed": False,
        "minimize_collapsed": False,
        "summary": "{{fields.commitment}}",
        "required": True,
        "commitments": follow_up_data_file(board, year).removeprefix(f"{FORM_DIR}/"),
    }


def follow_up_data_file(board: Board, year: int) -> str:
    return f"{FOLLOW_UP_DATA_DIR}/{board.slug}-{year}.json"


def follow_up_data(site: Site, board: Board, year: int) -> str:
    """The commitments of each unit's guarantee of `year`, as a follow-up lists them: what the
    form fills in when the editor chooses the unit (as `garanti uppfoljning` does)."""
    units = {
        f"{g.department}/{g.slug}": [
            {"commitment": c.text, **({"area": c.area} if c.area else {})} for c in g.commitments
        ]
        for g in followed(site, board, year)
    }
    return json.dumps({"year": year, "units": units}, ensure_ascii=False)
