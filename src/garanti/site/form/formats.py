"""What docs/redigera/format.js needs to write the files the guides describe."""

from __future__ import annotations

from ... import schemas
from ...content.language_versions import SWEDISH_TEXT
from ...layout import slugify
from ...model import PRESCHOOL
from .places import places, slug_rule
from .widgets import (
    BODY_FIELD,
    COLLECTION_FIELD,
    DEPARTMENT_FIELD,
    OTHERS,
    PRESCHOOLS,
    QUOTED,
    READY_FIELD,
    UNIT_FIELD,
    UNIT_FILE_FIELD,
    types_of,
)

# --- what the file format needs ------------------------------------------------------------


def formats() -> dict:
    """For docs/redigera/format.js: the order of each file's keys (the schema's, as in the guides),
    which may stay empty, which are written in quotes, and the form's own fields."""
    return {
        "garanti": {
            **_shape(schemas.GUARANTEE_SCHEMA),
            "body": BODY_FIELD,
            "areas": {slugify(area): area for area in schemas.curriculum_areas()},
            "grouped": "commitments",
            "preschool": PRESCHOOL,
            "elsewhere": SWEDISH_TEXT,
        },
        "uppfoljning": {**_shape(schemas.FOLLOW_UP_SCHEMA), "unit": UNIT_FIELD, "unitFile": UNIT_FILE_FIELD},
        # A language version is written as a guarantee is (front matter and body), with no curriculum areas
        # to group; a file with its fingerprint field is in no guarantee collection ("elsewhere").
        "sprakversion": {
            **_shape(schemas.LANGUAGE_VERSION_SCHEMA),
            "body": BODY_FIELD,
            "areas": {},
            "grouped": "commitments",
            "preschool": None,
            "fingerprint": SWEDISH_TEXT,
            "unit": UNIT_FIELD,
        },
        "ready": READY_FIELD,
        "department": DEPARTMENT_FIELD,
        # A new file's name (its path's last part): a follow-up's and a version's their unit's, a guarantee's
        # its title as slugify spells it (places.slug_rule); where it lies (places.places).
        "unit": UNIT_FIELD,
        "unitFile": UNIT_FILE_FIELD,
        "slug": slug_rule(),
        "places": places(),
        "collection": {"field": COLLECTION_FIELD, "preschools": PRESCHOOLS, "others": OTHERS},
        "quoted": [".".join(path) for path in QUOTED],
    }


def _shape(name: str) -> dict:
    schema = schemas.inlined(name)
    order: dict[str, list[str]] = {}
    nullable: list[str] = []

    def walk(node: dict, at: str) -> None:
        if "properties" in node:
            order.setdefault(at, [])
            order[at] += [key for key in node["properties"] if key not in order[at]]
            for key, child in node["properties"].items():
                path = f"{at}.{key}" if at else key
                if "null" in types_of(child) or None in child.get("enum", ()):
                    nullable.append(path)
                walk(child, path)
        if "items" in node:
            walk(node["items"], f"{at}.*")
        for branch in node.get("allOf", ()):
            for part in ("then", "else"):
                walk(branch.get(part, {}), at)

    walk(schema, "")
    return {"order": order, "nullable": nullable}
