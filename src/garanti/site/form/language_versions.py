"""Language versions in the form: each board's collection per language, the Swedish text beside each
field, and the data it comes from (redigera/sprakversioner/<board>.json)."""

from __future__ import annotations

import json

from ... import fields as texts
from ... import schemas
from ...content.language_versions import SWEDISH_TEXT, EarlierTexts, changed_parts
from ...languages import Language
from ...layout import FORM_DIR
from ...model import HOURS_FIELDS, Board, Guarantee
from ..selection import Site
from .settings import LANGUAGE_DATA_DIR, SavedTree
from .widgets import (
    BODY_BEFORE,
    BODY_FIELD,
    DEPARTMENT_FIELD,
    UNIT_FIELD,
    UNIT_FILE_FIELD,
    board_folder,
    decap_field,
    hint_of,
    place_field,
    ready_field,
    rules_of,
    title_of,
)

# --- language versions -----------------------------------------------------------------------


# The form's fields of a version that show the Swedish text beside them (docs/redigera/sprak.js), by the
# widget they would have without it.
BESIDE = {
    "garanti-rad": "garanti-svensk-rad",
    "garanti-text": "garanti-svensk-ruta",
    "garanti-lista": "garanti-svensk-lista",
}
# Parts a version has exactly when its guarantee has them (content/language_versions.py holds files to it).
MATCHED = ("more_info",)


def language_collection(site: Site, board: Board, language: Language, saved: SavedTree) -> dict:
    """The board's guarantees in `language` (<unit>.<key>.md beside each guarantee): a new one's unit
    chosen from those without one, the Swedish text shown beside each field (language_data), and
    the fingerprint of the Swedish text filled in, never typed."""
    file = language_data_file(board).removeprefix(f"{FORM_DIR}/")
    done = saved.versions_of(board, language)
    guarantees = [g for g in site.guarantees if g.board == board.slug]
    names = {
        f"{g.department}/{g.slug}": f"{g.title} ({board.departments.get(g.department, g.department)})"
        for g in guarantees
    }
    units = [
        {"label": names[f"{g.department}/{g.slug}"], "value": f"{g.department}/{g.slug}"}
        for g in guarantees
        if (g.department, g.slug) not in done
    ]
    label = f"på {language.name}"
    place = place_field(
        UNIT_FIELD,
        "Enhet",
        f"Enheten vars garanti skrivs {label}. Den bestämmer var filen sparas "
        f"och kan inte ändras här. En enhet som redan har en version {label} finns inte med.",
        units,
        names,
    )
    return {
        "name": f"{board.slug}-{language.key}",
        "label": f"{board.display_name}: {label}",
        "label_singular": f"garanti {label}",
        "description": f"{board.name}: garantierna {label}. Den svenska texten står vid varje fält; det är den som "
        "gäller. Versionen fastställs och publiceras med garantin när den stämmer med den svenska "
        "texten.",
        "folder": board_folder(board),
        "path": "{{" + DEPARTMENT_FIELD + "}}/{{" + UNIT_FILE_FIELD + "}}",
        "extension": language.file_suffix.removeprefix("."),  # guarantees/<board>/<department>/<unit>.<key>.md
        "format": "sprakversion",
        "create": True,
        "delete": False,
        "identifier_field": UNIT_FIELD,
        "summary": "{{filename}} ({{dirname}})",
        "fields": [{**place, "widget": "garanti-sprakplats"}, *language_version_fields(file)],
    }


def language_version_fields(file: str) -> list[dict]:
    """A version's fields: the schema's, each text with the Swedish one beside it (from `file`),
    the commitments and hours as many as the guarantee's and in its order."""
    schema = schemas.inlined(schemas.LANGUAGE_VERSION_SCHEMA)
    required = set(schema.get("required", ()))
    body = schemas.load_schema(schemas.GUARANTEE_SCHEMA)["$defs"]["body"]
    fields: list[dict] = []
    for name, node in schema["properties"].items():
        if name == BODY_BEFORE:
            fields.append(_beside(decap_field(BODY_FIELD, body, required=True), BODY_FIELD, file))
        if name == SWEDISH_TEXT:
            fields.insert(
                0,
                {
                    "name": name,
                    "label": title_of(node, name),
                    "hint": hint_of(node),
                    "widget": "garanti-svensk-text",
                    "required": True,
                    "svenska": file,
                },
            )
        elif name == "draft":
            fields.append(ready_field(node))
        elif name == "commitments":
            fields.append(
                {
                    **_translated_list(node, name, file, _commitment_fields(node)),
                    "summary": "{{fields.text}}",
                    "required": name in required,
                }
            )
        elif name == "contact":
            contact = decap_field(name, node, False)
            contact["fields"] = [
                _translated_list(node["properties"][key], key, file, part["fields"])
                for key, part in zip(node["properties"], contact["fields"], strict=True)
            ]
            fields.append(contact)
        else:
            made = _beside(decap_field(name, node, name in required), name, file)
            if name in MATCHED:
                made["matched"] = (
                    f"Versionen ska ha {made['label'].lower()} om garantin har det, annars inte: "
                    "skriv den på versionens språk, eller lämna fältet tomt."
                )
            fields.append(made)
    return fields


def _beside(made: dict, part: str, file: str) -> dict:
    return {**made, "widget": BESIDE[made["widget"]], "svensk": part, "svenska": file}


def _commitment_fields(node: dict) -> list[dict]:
    """A commitment of a version: its curriculum area as the guarantee has it (kept, not shown as a
    field: the Swedish text beside it names it), and its text."""
    preschool = node["items"]["then"]["properties"]
    return [
        {"name": "area", "label": title_of(preschool["area"], "area"), "widget": "hidden", "required": False},
        decap_field("text", preschool["text"], required=True),
    ]


def _translated_list(node: dict, name: str, file: str, item_fields: list[dict]) -> dict:
    """A list as long as the guarantee's, in its order: nothing added, removed or moved here."""
    return {
        "name": name,
        "label": title_of(node, name),
        "hint": hint_of(node),
        "widget": "garanti-svensk-lista",
        "svensk": name,
        "svenska": file,
        "fields": item_fields,
        "allow_add": False,
        "allow_remove": False,
        "allow_reorder": False,
        "collapsed": False,
        "minimize_collapsed": False,
        "required": False,
        "rules": rules_of(node, ("minItems", "maxItems")),
    }


def _earlier_fingerprints(g: Guarantee) -> list[str]:
    """The guarantee's fingerprints of the earlier fingerprint versions, newest first: none while there is one."""
    return [texts.swedish_text_of(g, version) for version in range(texts.fingerprint_version() - 1, 0, -1)]


def language_data_file(board: Board) -> str:
    return f"{LANGUAGE_DATA_DIR}/{board.slug}.json"


def language_data(site: Site, board: Board, earlier: EarlierTexts | None = None) -> str:
    """Each unit's Swedish text as a version words it, and its fingerprint (fields.swedish_text_of):
    what the form shows beside a version's fields and writes as its swedish_text. `changed`: of each
    stale version the build knows, what changed in the Swedish text since (git's history, `earlier`)."""
    units = {}
    for g in (g for g in site.guarantees if g.board == board.slug):
        units[f"{g.department}/{g.slug}"] = {
            "fingerprint": texts.swedish_text_of(g),
            # A version written against an earlier fingerprint version is current too (fields.written_against).
            **({"earlier_fingerprints": older} if (older := _earlier_fingerprints(g)) else {}),
            "title": g.title,
            BODY_FIELD: g.body,
            "commitments": [{**({"area": c.area} if c.area else {}), "text": c.text} for c in g.commitments],
            "correction": g.correction,
            "complaints": g.complaints,
            "more_info": g.more_info,
            **{
                key: [{"days": line.days, "time": line.time} for line in getattr(g.contact, key)]
                for key in HOURS_FIELDS
            },
            **{key: texts.front_matter(g)[key] for key in texts.unnamed_translated()},  # marked x-translated
            "changed": {},
        }
    for version in site.corpus.language_versions:
        unit = units.get(f"{version.department}/{version.unit}")
        if version.board != board.slug or unit is None or version.current or earlier is None:
            continue
        guarantee = next(g for g in site.guarantees if g.unit_key == version.unit_key)
        before = earlier(board, version.unit, version.swedish_text)
        if before is not None:
            unit["changed"][version.swedish_text] = changed_parts(before, guarantee)
    return json.dumps({"units": units}, ensure_ascii=False)
