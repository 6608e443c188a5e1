"""The editors' form at /redigera/: Decap CMS, configured from the schemas and each board.yml.

Nothing here is written per field. The collections, their fields, Swedish labels
and help texts, choices and rules come from schema/ (titles, descriptions, enums,
patterns, lengths, list sizes, required) and from the boards (departments, and a
shared complaints text that makes the unit's own optional), so that a field added
to a schema appears in the form with no other edit. Where the form needs other
words than a file does (the draft flag reads "ready for the board"; nobody types
quotes around a phone number there), the schema says so itself in `x-form-title`
and `x-form-description`.

Per board where it saves (every board of the working tree in a preview; every board on main when
published, approved or not: SavedTree) the form has four kinds of collection, all over guarantees/<board>:
its preschools (commitments grouped under the five curriculum areas), its other
units (commitments as one list), one per year of follow-ups, whose commitments
come from the guarantee of that year as `garanti uppfoljning` takes them, and one per
language of languages.LANGUAGES (<unit>.<key>.md), each field with the Swedish text beside it and
the fingerprint of that text (fields.swedish_text_of) filled in. What the follow-ups and the versions
take from the guarantees is handed to the page in data files made here (redigera/uppfoljning/,
redigera/sprakversioner/), from the guarantees the build knows: the working tree in the preview,
the approved versions when published. docs/redigera/ holds the form's own script (the file format,
the widgets that apply these rules, the Swedish words Decap lacks; sprak.js for the versions); Decap's bundle
and the yaml library are copied from redigera/node_modules at build time.

Only the form's own page loads any of it: /redigera/ is a page of its own with a
strict Content-Security-Policy (see `content_security_policy`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jinja2

from ...approval import earlier_texts
from ..selection import Site
from .csp import content_security_policy
from .decap_config import (
    DEPENDENTS_FIELD,
    collections,
    config,
    departments_for,
    dependents_field,
    guarantee_fields,
    review_place,
)
from .follow_ups import follow_up_data, follow_up_data_file, follow_up_years, followed
from .formats import formats
from .language_versions import language_data, language_data_file, language_version_fields
from .packages import CopiedFile, copied_files
from .settings import (
    AUTH_SCOPES,
    COMMIT_MESSAGES,
    CONFIG_FILE,
    DECAP_DIR,
    DEFAULT_AUTH_SCOPE,
    DEFAULT_LOCAL_BACKEND,
    FOLLOW_UP_DATA_DIR,
    FORM_DIR,
    LANGUAGE_DATA_DIR,
    LOCAL_BACKEND_VARIABLE,
    LOCAL_KEY_VARIABLE,
    MODULES_VARIABLE,
    PAGE_FILE,
    PROJECT_MODULES,
    SAVED_TREE_VARIABLE,
    SAVED_UNITS_FILE,
    YAML_DIR,
    FormSettings,
    SavedTree,
)

# The names the rest of the project (and its tests) import from garanti.site.form.
__all__ = [
    "AUTH_SCOPES",
    "COMMIT_MESSAGES",
    "CONFIG_FILE",
    "DECAP_DIR",
    "DEFAULT_AUTH_SCOPE",
    "DEFAULT_LOCAL_BACKEND",
    "DEPENDENTS_FIELD",
    "FOLLOW_UP_DATA_DIR",
    "FORM_DIR",
    "LANGUAGE_DATA_DIR",
    "LOCAL_BACKEND_VARIABLE",
    "LOCAL_KEY_VARIABLE",
    "MODULES_VARIABLE",
    "PAGE_FILE",
    "PROJECT_MODULES",
    "SAVED_TREE_VARIABLE",
    "SAVED_UNITS_FILE",
    "YAML_DIR",
    "CopiedFile",
    "FormSettings",
    "SavedTree",
    "collections",
    "config",
    "content_security_policy",
    "copied_files",
    "departments_for",
    "dependents_field",
    "files",
    "follow_up_data",
    "follow_up_data_file",
    "follow_up_years",
    "followed",
    "formats",
    "guarantee_fields",
    "language_data",
    "language_data_file",
    "language_version_fields",
    "review_place",
]


def files(site: Site, settings: FormSettings) -> dict[str, str]:
    """{site path: content} of the form's generated files: its page, configuration, and the
    commitments its follow-ups are filled from."""
    if not settings.installed:
        return {PAGE_FILE: _page(settings, installed=False)}
    saved = SavedTree.of(site, settings)
    made = {
        PAGE_FILE: _page(settings, installed=True),
        CONFIG_FILE: json.dumps(config(site, settings, saved), ensure_ascii=False),
    }
    # What changed since a stale version's text: the preview's git history (a published form has no stale
    # version to open from the site's build: they are never approved).
    tree = settings.saved_tree
    earlier = earlier_texts(tree) if site.preview and tree is not None else None
    for board in saved.boards:
        for year in follow_up_years(site, board, saved):
            made[follow_up_data_file(board, year)] = follow_up_data(site, board, year)
        made[language_data_file(board)] = language_data(site, board, earlier)
    return made


def _page(settings: FormSettings, installed: bool) -> str:
    return _template().render(
        policy=content_security_policy(settings), installed=installed, configured=settings.configured
    )


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[2] / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template("site/redigera.html.j2")
