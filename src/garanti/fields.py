"""A guarantee's fields, one table: the schema's properties, in its order, and how the model holds them.

Loading (front matter -> Guarantee), writing back (Guarantee -> front matter), the open
data's JSON object and CSV row, the board paper's comparison and the texts the placeholder
rule reads all go through this table. The schema is the list of fields: one the model does
not name is kept in `Guarantee.extra` as written, and reaches every one of those with no
other edit. Here is only how the model holds the fields it names (SHAPES; the plain ones are the
schema's properties model.Guarantee names, `plain()`).

The schema's marks say the rest: a field marked `x-page-section` is shown on the guarantee's page
(page_sections); the fields marked `x-translated` are what a language version words
(translated_fields), and the fingerprint of the Swedish text a version was written from
(swedish_text_of) is over them, versioned by `x-translated-since`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from . import schemas
from .languages import SWEDISH_TAG
from .model import HOURS_FIELDS, Commitment, Contact, Guarantee, LanguageVersion, QualityAward

# The verksamhetsidé: the text after the front matter. Where fields are listed (the board paper,
# the CSV file) it follows the validity, where the city's template has it; open data names it "mission".
BODY, BODY_AFTER, BODY_OPEN_DATA_NAME = "body", "valid", "mission"
# The department is the folder, not front matter; the paper compares it after the service type.
DEPARTMENT, DEPARTMENT_AFTER, DEPARTMENT_TITLE = "department", "service", "Avdelning"
# A list's items in one CSV cell, as the paper and the page read them.
SEPARATOR = " | "


def commitments(data: list) -> tuple[Commitment, ...]:
    """Commitments as the schemas shape them: a text, or {area, text} for preschools."""
    return tuple(
        Commitment(item["text"], item.get("area")) if isinstance(item, dict) else Commitment(item) for item in data
    )


@dataclass(frozen=True)
class Shape:
    """How the model holds a schema field: read from the front matter, and written back."""

    read: Any  # front matter value -> the attribute's value
    write: Any  # Guarantee -> front matter value


SHAPES: dict[str, Shape] = {
    "valid": Shape(None, lambda g: {"from": g.valid_from.isoformat(), "to": g.valid_to.isoformat()}),
    "commitments": Shape(
        commitments, lambda g: [{"area": c.area, "text": c.text} if c.area else c.text for c in g.commitments]
    ),
    "contact": Shape(Contact.from_data, lambda g: g.contact.as_data()),
    "service_languages": Shape(tuple, lambda g: list(g.service_languages) or None),
    "quality_award": Shape(
        lambda data: tuple(sorted((QualityAward.from_data(year) for year in data), key=lambda award: award.year)),
        lambda g: [award.as_data() for award in g.quality_award] or None,
    ),
}


@schemas.schema_cache
def plain() -> tuple[str, ...]:
    """The fields the model names as they are written (strings, a flag): the schema's properties that are
    attributes of model.Guarantee, bar the shaped ones (SHAPES). Derived, so the two cannot drift apart;
    tests/test_fields_from_schema.py holds each to a value of one word or flag in the schema."""
    named = {attribute.name for attribute in dataclass_fields(Guarantee)}
    return tuple(
        key for key in schemas.load_schema(schemas.GUARANTEE_SCHEMA)["properties"] if key in named - set(SHAPES)
    )


@dataclass(frozen=True)
class Field:
    key: str
    title: str  # its Swedish name, the schema's title
    schema: Mapping[str, Any]  # its property in the schema, references resolved


@schemas.schema_cache
def guarantee_fields() -> tuple[Field, ...]:
    """The front matter's fields in the schema's order."""
    schema = schemas.load_schema(schemas.GUARANTEE_SCHEMA)
    return tuple(
        Field(key, _resolved(schema, spec).get("title", key), _resolved(schema, spec))
        for key, spec in schema["properties"].items()
    )


def _resolved(schema: dict, spec: dict) -> dict:
    """A property with the definition it refers to ("#/$defs/contact") merged in, its own words winning."""
    if "$ref" not in spec:
        return spec
    return {**schema["$defs"][spec["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in spec.items() if k != "$ref"}}


# --- loading and writing back -----------------------------------------------------------


def guarantee(
    data: dict,
    *,
    board: str,
    department: str,
    slug: str,
    valid: tuple[dt.date, dt.date],
    complaints: str,
    body: str,
    source: str,
) -> Guarantee:
    """The model of checked front matter: the fields it names shaped (SHAPES), the rest kept as written."""
    named = {key: SHAPES[key].read(data[key]) for key in SHAPES if SHAPES[key].read and key in data}
    named |= {key: data.get(key) for key in plain()}
    extra = tuple((key, _frozen(value)) for key, value in data.items() if key not in SHAPES and key not in plain())
    named |= {"complaints": complaints, "draft": data.get("draft") is True}  # the board's text when the unit has none
    return Guarantee(
        board=board,
        department=department,
        slug=slug,
        valid_from=valid[0],
        valid_to=valid[1],
        body=body.strip(),
        source=source,
        extra=extra,
        **named,
    )


def front_matter(g: Guarantee) -> dict[str, Any]:
    """The guarantee's fields as the schema names and shapes them, in its order (JSON-ready); a
    field the guarantee leaves out is None."""
    extra = dict(g.extra)
    return {field.key: _value(g, field.key, extra) for field in guarantee_fields()}


def _value(g: Guarantee, key: str, extra: Mapping[str, Any]) -> Any:
    """One field of front_matter (`extra`: the guarantee's, as a dict)."""
    if key in SHAPES:
        return SHAPES[key].write(g)
    return getattr(g, key) if key in plain() else _thawed(extra.get(key))


def _frozen(value: Any) -> Any:
    """A JSON value as hashable as the model is (dicts and lists as tuples)."""
    if isinstance(value, dict):
        return ("{}", tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def _thawed(value: Any) -> Any:
    if isinstance(value, tuple) and value[:1] == ("{}",):
        return {key: _thawed(item) for key, item in value[1]}
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value


# --- what the guarantee's page shows of a field the model does not name ---------------------

# The schema's mark on a field the guarantee's page shows as a section of its own (`x-page-section: true`),
# under its title, after "Mer information": on the site, its printed notice, its language versions' pages
# and the board paper, which all render the page (site.pages.guarantee_html). A text is shown as a
# text is (Markdown, sanitised), a list of texts as a list. The other fields have their own place in
# the page's template (templates/site/guarantee.html.j2).
PAGE_SECTION = "x-page-section"


@dataclass(frozen=True)
class Section:
    """A field shown as a section of its own on the guarantee's page, in the page's language."""

    key: str
    heading: str  # the schema's title, or its words in x-names on a page in another language
    value: str | tuple[str, ...]  # a text, or a list's texts
    heading_lang: str | None = None  # SWEDISH_TAG where a page in another language shows the Swedish title
    lang: str | None = None  # SWEDISH_TAG where a version's page shows the Swedish text: the version does not word it


def page_sections(g: Guarantee, version: LanguageVersion | None = None) -> list[Section]:
    """The fields marked x-page-section that the guarantee (as `version` words it) has, in the schema's order."""
    tag = version.language.tag if version else SWEDISH_TAG
    names = schemas.value_names(tag) if tag != SWEDISH_TAG else {}
    extra, worded = dict(g.extra), dict(version.extra) if version else {}
    sections = []
    for field in guarantee_fields():
        value = extra.get(field.key)
        if not field.schema.get(PAGE_SECTION) or value is None:
            continue
        heading = names.get(field.title, field.title)
        sections.append(
            Section(
                field.key,
                heading,
                value if isinstance(value, str) else tuple(str(item) for item in value),
                heading_lang=SWEDISH_TAG if tag != SWEDISH_TAG and heading == field.title else None,
                lang=SWEDISH_TAG if version and tag != SWEDISH_TAG and field.key not in worded else None,
            )
        )
    return sections


# --- reading what a guarantee says ----------------------------------------------------------


def texts(g: Guarantee) -> Iterator[str]:
    """Every text the guarantee shows: its fields' strings and the verksamhetsidé."""
    yield from _strings(front_matter(g))
    yield g.body


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def compared() -> tuple[tuple[str, str], ...]:
    """(key, Swedish name) of what the board paper compares between two versions: the schema's
    fields but the draft flag (drafts are listed apart), with the department and the verksamhetsidé
    where the city's template has them."""
    listed = []
    for field in guarantee_fields():
        if field.key == "draft":
            continue
        listed.append((field.key, field.title))
        if field.key == DEPARTMENT_AFTER:
            listed.append((DEPARTMENT, DEPARTMENT_TITLE))
        if field.key == BODY_AFTER:
            listed.append((BODY, schemas.body_name()))
    return tuple(listed)


def compared_values(g: Guarantee) -> dict[str, Any]:
    return {**front_matter(g), DEPARTMENT: g.department, BODY: g.body}


# --- the Swedish text a language version words ------------------------------------------

# A version is compared on the fields of the fingerprint version it was written against
# (schemas.TRANSLATED_SINCE; a field without it is covered since version 1), so marking a field
# `x-translated` leaves every existing version current.
TRANSLATED, TRANSLATED_SINCE = schemas.TRANSLATED, schemas.TRANSLATED_SINCE


@dataclass(frozen=True)
class Translated:
    """A field a language version words, as the schema marks it."""

    path: tuple[str, ...]  # ("correction",), ("contact", "opening_hours"), (BODY,) for the verksamhetsidé
    title: str  # its Swedish name, the schema's title (of the field, for a part of one)
    since: int  # the first fingerprint version that covers it
    text: bool  # a text of the schema's own kind ($defs/text): read, and held to easy-to-read rules

    @property
    def key(self) -> str:
        """The guarantee's field it is, or a part of (its front matter key; BODY for the verksamhetsidé)."""
        return self.path[0]


@schemas.schema_cache
def translated_fields() -> tuple[Translated, ...]:
    """The fields a language version words, in the schema's order (the verksamhetsidé after the
    validity): the properties, and parts of properties, the schema marks `x-translated`."""
    raw = schemas.load_schema(schemas.GUARANTEE_SCHEMA)["properties"]
    body = schemas.load_schema(schemas.GUARANTEE_SCHEMA)["$defs"]["body"]
    listed = []
    for field in guarantee_fields():
        if field.schema.get(TRANSLATED):
            text = raw[field.key].get("$ref") == "#/$defs/text"
            listed.append(Translated((field.key,), field.title, field.schema.get(TRANSLATED_SINCE, 1), text))
        for part, spec in field.schema.get("properties", {}).items():
            if spec.get(TRANSLATED):
                listed.append(Translated((field.key, part), field.title, spec.get(TRANSLATED_SINCE, 1), False))
        if field.key == BODY_AFTER and body.get(TRANSLATED):
            listed.append(Translated((BODY,), body["title"], body.get(TRANSLATED_SINCE, 1), True))
    return tuple(listed)


@schemas.schema_cache
def unnamed_translated() -> tuple[str, ...]:
    """The fields the schema marks translated that model.LanguageVersion does not name: a version keeps
    them as written (LanguageVersion.extra, as Guarantee.extra keeps a guarantee's)."""
    named = {attribute.name for attribute in dataclass_fields(LanguageVersion)}
    return tuple(field.key for field in translated_fields() if len(field.path) == 1 and field.key not in named)


def unnamed_translations(data: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """A version's front matter's unnamed translated fields, as written (LanguageVersion.extra)."""
    return tuple((key, _frozen(data[key])) for key in unnamed_translated() if key in data)


def translations(version: LanguageVersion) -> dict[str, Any]:
    """A version's unnamed translated fields (JSON-ready), None for one it does not word (open data)."""
    worded = dict(version.extra)
    return {key: _thawed(worded.get(key)) for key in unnamed_translated()}


def fingerprint_version() -> int:
    """The newest fingerprint version: the one `swedish_text_of` gives and a version is asked to write."""
    return max(field.since for field in translated_fields())


# The fingerprint's length in hexadecimal digits: short enough to write, long enough never to repeat by chance.
FINGERPRINT_LENGTH = 10


def is_fingerprint(value: object) -> bool:
    """Whether a value has a fingerprint's form (swedish_text_of): ten of 0-9 and a-f."""
    return (
        isinstance(value, str)
        and len(value) == FINGERPRINT_LENGTH
        and all(character in "0123456789abcdef" for character in value)
    )


def _folded(value: Any) -> Any:
    """A value as a version's fingerprint reads it: white space folded in every text, so that a
    re-wrapped line is the same text."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {key: _folded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_folded(item) for item in value]
    return value


def _hours(g: Guarantee) -> list:
    return [[[_folded(line.days), _folded(line.time)] for line in getattr(g.contact, key)] for key in HOURS_FIELDS]


# The first fingerprint's own form of three fields, kept as it was so that the versions written against it
# stay current: the commitments as [area, text] pairs, both kinds of hours together under "hours". Every
# other field is its front matter value (text folded) under its key, the part of a field "<field>.<part>".
_FIRST_FORM = {
    ("commitments",): ("commitments", lambda g: [[c.area, _folded(c.text)] for c in g.commitments]),
    ("contact", "opening_hours"): ("hours", _hours),
    ("contact", "visiting_hours"): ("hours", _hours),
}


def worded(g: Guarantee, field: Translated, extra: Mapping[str, Any] | None = None) -> tuple[str, Any]:
    """(name, value) of a field a version words, as the fingerprint reads it from the guarantee
    (`extra`: the guarantee's, as a dict, when the caller has it)."""
    if field.path in _FIRST_FORM:
        name, read = _FIRST_FORM[field.path]
        return name, read(g)
    value: Any = g.body if field.path == (BODY,) else _value(g, field.key, dict(g.extra) if extra is None else extra)
    for part in field.path[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    return ".".join(field.path), _folded(value)


def _read(g: Guarantee) -> list[tuple[int, str, Any]]:
    """(since, name, value) of each field a version words, as the fingerprint reads it (the hours once)."""
    extra, read, seen = dict(g.extra), [], set()
    for field in translated_fields():
        if _FIRST_FORM.get(field.path, (None,))[0] not in seen:
            name, value = worded(g, field, extra)
            seen.add(name)
            read.append((field.since, name, value))
    return read


def _fingerprint(read: list[tuple[int, str, Any]], version: int) -> str:
    covered = {name: value for since, name, value in read if since <= version}
    data = json.dumps(covered, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:FINGERPRINT_LENGTH]


def swedish_text_of(g: Guarantee, version: int | None = None) -> str:
    """The fingerprint of what a language version words of the guarantee (model.LanguageVersion): the
    fields the schema marks `x-translated` that fingerprint `version` covers (the newest unless given),
    each as read (white space folded). What a version takes as it is (validity, service type, phone,
    the draft flag) is left out: a rollover to a new year leaves the versions current, a changed word
    of a commitment does not."""
    return _fingerprint(_read(g), fingerprint_version() if version is None else version)


def written_against(g: Guarantee, swedish_text: object) -> int | None:
    """The fingerprint version whose fingerprint of the guarantee is `swedish_text` (the newest
    such), or None: the version was written from an earlier Swedish text."""
    read = _read(g)
    return next(
        (version for version in range(fingerprint_version(), 0, -1) if _fingerprint(read, version) == swedish_text),
        None,
    )


# --- the CSV file -------------------------------------------------------------------------


def csv_columns() -> tuple[str, ...]:
    """The guarantee's columns in the open data's CSV file: each field, a field of parts (the
    validity, the contact) as a column per part (`x-csv-prefix` names them), the verksamhetsidé after
    the validity."""
    columns = []
    for field in guarantee_fields():
        parts = field.schema.get("properties") if field.schema.get("type") == "object" else None
        prefix = field.schema.get("x-csv-prefix", f"{field.key}_")
        columns += [f"{prefix}{part}" for part in parts] if parts else [field.key]
        if field.key == BODY_AFTER:
            columns.append(BODY_OPEN_DATA_NAME)
    return tuple(columns)


def csv_cells(front: Mapping[str, Any], body: str) -> dict[str, Any]:
    """The guarantee's cells in the CSV file, by csv_columns: lists in one cell, parts in their own."""
    cells = {}
    for field in guarantee_fields():
        value = front.get(field.key)
        parts = field.schema.get("properties") if field.schema.get("type") == "object" else None
        if parts:
            prefix = field.schema.get("x-csv-prefix", f"{field.key}_")
            cells |= {f"{prefix}{part}": _joined((value or {}).get(part)) for part in parts}
        else:
            cells[field.key] = _joined(value)
        if field.key == BODY_AFTER:
            cells[BODY_OPEN_DATA_NAME] = body
    return cells


def _joined(value: Any) -> Any:
    """A list in one cell: "Utveckling och lärande: Vi … | …", "Måndag–fredag: 6.30–18.00 | …"; an
    object within an item with its parts after a comma: "2015: tilldelades: 2015-06-11, § 9 | …"."""
    if isinstance(value, list):
        return SEPARATOR.join(_joined(item) for item in value)
    if isinstance(value, dict):
        return ": ".join(
            ", ".join(str(part) for part in item.values() if part is not None) if isinstance(item, dict) else str(item)
            for item in value.values()
            if item is not None
        )
    return value


__all__ = [
    "commitments",
    "compared",
    "compared_values",
    "csv_cells",
    "csv_columns",
    "front_matter",
    "guarantee",
    "guarantee_fields",
    "page_sections",
    "plain",
    "is_fingerprint",
    "swedish_text_of",
    "texts",
    "translated_fields",
    "translations",
    "unnamed_translated",
    "unnamed_translations",
    "worded",
    "written_against",
]
