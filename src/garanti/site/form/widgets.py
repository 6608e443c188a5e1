"""The schema-to-widget compiler: a Decap field for a property of a schema, with its rules and the
check's Swedish messages (schemas.rule_message), and the form's own fields (where a new file goes)."""

from __future__ import annotations

from ... import schemas
from ...layout import CONTENT_DIR, slugify
from ...model import Board

# The form's own fields, beside the schema's: where a new file goes. They are not written into it.
DEPARTMENT_FIELD = "avdelning"  # a new guarantee's department folder
UNIT_FIELD = "enhet"  # a new follow-up's unit, "department/unit"
UNIT_FILE_FIELD = "enhetsfil"  # the unit's slug, taken from UNIT_FIELD when saving (path templates take no "/")
READY_FIELD = "klar"  # the draft flag as the form asks it: ready for the board (draft: true when not)
# Which of a board's two guarantee collections a file is listed in: docs/redigera/format.js marks each
# file it reads with PRESCHOOLS or OTHERS in COLLECTION_FIELD, and each collection filters on it.
COLLECTION_FIELD, PRESCHOOLS, OTHERS = "samling", "forskolor", "andra"
BODY_FIELD = "body"  # the text after the front matter (the verksamhetsidé)
BODY_BEFORE = "commitments"  # the body stands before the commitments, as on the guarantee's page
# Fields written in double quotes, as the guides write them ("Telefonnummer inom citattecken").
QUOTED = (("contact", "phone"),)
# A text longer than this gets a text area.
SHORT_TEXT = 300


def properties_when(schema: dict, data: dict) -> dict:
    """The schema's properties as they are for data with these values: its `allOf` branches
    (`if` one value `then` ... `else` ...) merged in, as the validator applies them."""
    properties = {name: dict(node) for name, node in schema.get("properties", {}).items()}
    for branch in schema.get("allOf", ()):
        condition = branch.get("if", {}).get("properties", {})
        holds = all(data.get(key) == rule.get("const") for key, rule in condition.items())
        taken = branch.get("then" if holds else "else", {})
        for name, node in taken.get("properties", {}).items():
            properties[name] = _merged(properties.get(name, {}), node)
    return properties


# What a property says of itself wins over what the definition it refers to says.
_OWN_WORDS = ("title", "description", "x-form-title", "x-form-description")


def _merged(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        elif key not in _OWN_WORDS or key not in merged:
            merged[key] = value
    return merged


def title_of(node: dict, name: str) -> str:
    return node.get("x-form-title") or node.get("title") or name


def hint_of(node: dict) -> str | None:
    return node.get("x-form-description") or node.get("description")


def types_of(node: dict) -> list[str]:
    kind = node.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def decap_field(name: str, node: dict, required: bool) -> dict:
    """A Decap field for one property of a schema, with its rules."""
    types = types_of(node)
    nullable = "null" in types or None in node.get("enum", ())
    made: dict = {"name": name, "label": title_of(node, name), "required": required and not nullable}
    hint = hint_of(node)
    if hint:
        made["hint"] = hint
    if "enum" in node:
        made.update(widget="select", options=[value for value in node["enum"] if value is not None])
    elif "boolean" in types:
        made.update(widget="boolean", default=False)
    elif "integer" in types or "number" in types:
        value_type = "int" if "integer" in types else "float"
        made.update(widget="garanti-tal", value_type=value_type)
        made["rules"] = [_number_rule(made["label"], value_type), *rules_of(node, ("minimum", "maximum"))]
    elif "object" in types:
        made.update(
            widget="garanti-objekt",
            fields=[
                decap_field(key, child, key in node.get("required", ()))
                for key, child in node.get("properties", {}).items()
            ],
        )
        if "anyOf" in node:
            made["rules"] = [{"kind": "anyOf", "keys": _any_of_keys(node), "message": schemas.ANY_OF_MESSAGE}]
        made["collapsed"] = False
    elif "array" in types:
        item = node.get("items", {})
        made.update(
            widget="garanti-lista",
            collapsed=False,
            label_singular=title_of(item, "punkt").lower(),
            minimize_collapsed=False,
            allow_reorder=False,
            rules=rules_of(node, ("minItems", "maxItems")),
        )
        item_field = decap_field("punkt", item, required=True)
        if item_field["widget"] == "garanti-objekt" and "rules" not in item_field:
            # Decap's list keeps an item's parts as they are typed only as its own fields (`fields`, as the
            # follow-up's results have them): one field of an object widget not Decap's own loses them.
            made["fields"] = item_field["fields"]
        else:
            made["field"] = item_field
    else:  # a text (a date too: written ÅÅÅÅ-MM-DD, as the schema's pattern and description say)
        made["widget"] = "garanti-text" if node.get("maxLength", 0) > SHORT_TEXT else "garanti-rad"
        made["rules"] = rules_of(node, ("minLength", "maxLength"))
        if "pattern" in node:  # Decap's own rule: its message is ours (docs/redigera/sv.js, regexPattern)
            made["pattern"] = [node["pattern"], _rule_message("pattern", node)]
    return made


def _number_rule(title: str, value_type: str) -> dict:
    """That a number field holds a number, a whole one for an integer."""
    return {
        "kind": "number",
        "limit": value_type,
        "message": f'{title} ska vara ett heltal, inte "{{written}}". Skriv antalet med siffror, utan decimaler.',
    }


def rules_of(node: dict, kinds: tuple[str, ...]) -> list[dict]:
    """The schema's rules for a value, each with its limit and the check's message (schemas.rule_message)."""
    return [{"kind": kind, "limit": node[kind], "message": _rule_message(kind, node)} for kind in kinds if kind in node]


def _rule_message(kind: str, node: dict) -> str:
    return schemas.rule_message(kind, node, form=True, title=title_of(node, "Värdet"), description=hint_of(node))


def _any_of_keys(node: dict) -> list[str]:
    return [key for option in node["anyOf"] for key in option.get("required", ())]


def place_field(name: str, label: str, hint: str, options: list[dict], names: dict[str, str]) -> dict:
    """Where a new file goes (a department, a unit): chosen for a new file (from `options`), shown
    by its name for an existing one (`names`)."""
    return {
        "name": name,
        "label": label,
        "hint": hint,
        "widget": "garanti-plats",
        "options": options,
        "names": names,
        "required": True,
        "message": f"Välj {label.lower()} i listan.",
    }


def ready_field(node: dict) -> dict:
    return {
        "name": READY_FIELD,
        "label": title_of(node, READY_FIELD),
        "hint": hint_of(node),
        "widget": "boolean",
        "default": False,
        "required": False,
    }


def grouped_commitments(node: dict) -> dict:
    """A preschool's commitments under the five curriculum areas, a list of texts each; the file
    has them as one list of {area, text} (docs/redigera/format.js turns one into the other)."""
    item = node["items"]
    area = item["properties"]["area"]
    text = item["properties"]["text"]
    groups = []
    for name in area["enum"]:
        groups.append(
            {
                "name": slugify(name),
                "label": name,
                "widget": "garanti-lista",
                "required": False,
                "collapsed": False,
                "minimize_collapsed": False,
                "allow_reorder": False,
                "label_singular": title_of(text, "åtagande").lower(),
                "field": decap_field("text", text, required=True),
            }
        )
    rules = [
        {"kind": kind, "limit": node[kind], "message": schemas.rule_message(kind, node, form=True)}
        for kind in ("minItems", "maxItems")
        if kind in node
    ]
    return {
        "name": "commitments",
        "label": title_of(node, "commitments"),
        "hint": hint_of(node),
        "widget": "garanti-objekt",
        "fields": groups,
        "rules": [{"kind": "count", "rules": rules}],
        "collapsed": False,
        "required": True,
    }


def board_folder(board: Board) -> str:
    return f"{CONTENT_DIR}/{board.slug}"
