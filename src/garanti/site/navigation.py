"""The global navigation: hand-written pages from mkdocs.yml plus the generated
board, department and service pages. Guarantee pages never go in: MkDocs
renders the whole navigation into every page, so listing every unit would make
the build quadratic in time and output (figures: benchmarks/README.md); index pages
link to them instead.

mkdocs.yml marks where the generated sections go with placeholder values:

    nav:
      - Stadsdelsområden och nämnder: garanti:nämnder
      - Verksamheter: garanti:verksamheter
"""

from __future__ import annotations

import html

from ..wording import capitalised
from . import paths
from .selection import Site

BOARDS_PLACEHOLDER = "garanti:nämnder"
SERVICES_PLACEHOLDER = "garanti:verksamheter"


def expand(nav: list | None, site: Site) -> list | None:
    """mkdocs.yml's nav with the placeholders replaced by generated sections."""
    if nav is None:
        return None
    sections = {BOARDS_PLACEHOLDER: boards_section(site), SERVICES_PLACEHOLDER: services_section(site)}
    return [_expand_item(item, sections) for item in nav]


def _expand_item(item, sections: dict[str, list]):
    if isinstance(item, dict):
        return {title: _expand_value(value, sections) for title, value in item.items()}
    return item


def _expand_value(value, sections: dict[str, list]):
    if isinstance(value, str):
        return sections.get(value, value)
    if isinstance(value, list):
        return [_expand_item(item, sections) for item in value]
    return value


def boards_section(site: Site) -> list:
    """The list of boards, then one section per board whose first page is the
    board page (navigation.indexes)."""
    return [paths.boards_page()] + [
        {
            _title(board.display_name): [paths.board_page(board.slug)]
            + [{_title(name): paths.department_page(board.slug, slug)} for slug, name in board.departments.items()]
        }
        for board in site.boards
    ]


def services_section(site: Site) -> list:
    return [paths.services_page()] + [
        {_title(capitalised(service)): paths.service_page(service)} for service in site.service_types
    ]


def _title(text: str) -> str:
    # Material prints navigation titles without escaping them.
    return html.escape(text)
