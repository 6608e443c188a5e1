"""The JSON Schemas, and their errors said in Swedish.

The schemas are the single source of the fields, the service types and the
curriculum areas; everything else reads them from here. schema/ is the one
copy in the repository (editors and their editors' tools read it there); a
built wheel carries it inside the package (garanti/schema/, see setup.py), so
an installed `garanti` finds it without a checkout. Run from a checkout or a
staged tree (src/ on the path), the package has no copy and schema/ is read.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

import jsonschema
import jsonschema_rs
from referencing import Registry, Resource

from .errors import BrokenInstallation
from .languages import SWEDISH_TAG
from .untrusted_yaml import Path as DataPath

GUARANTEE_SCHEMA = "guarantee.schema.json"
BOARD_SCHEMA = "board.schema.json"
FOLLOW_UP_SCHEMA = "follow-up.schema.json"
LANGUAGE_VERSION_SCHEMA = "language-version.schema.json"
# Every schema, in the order open data lists them.
SCHEMAS = (GUARANTEE_SCHEMA, BOARD_SCHEMA, FOLLOW_UP_SCHEMA, LANGUAGE_VERSION_SCHEMA)


@dataclass(frozen=True)
class SchemaError:
    """A schema violation: where in the data, whether it concerns a key, and what to do."""

    path: DataPath
    message: str
    at_key: bool = False
    meant: str | None = None  # an unknown key: the known key it most likely meant
    missing: str | None = None  # a missing required key


# src/garanti/schemas.py -> schema/, in a checkout or a tree staged for publishing.
_CHECKOUT_SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"

# Every cache of what the schemas say, here and in the modules that read them (fields):
# reload() forgets them all at once, so no copy of an older schema outlives it.
_SCHEMA_CACHES: list = []

_Read = TypeVar("_Read", bound=Callable)


def schema_cache(read: _Read) -> _Read:
    """`functools.cache` for a function of the schemas' content, forgotten by reload()."""
    cached = cache(read)
    _SCHEMA_CACHES.append(cached)
    return cached


def reload() -> None:
    """Read the schemas again: every copy, inlined tree, field table and both validators are made
    anew from them. A test that changes a schema calls it before and after (tests/conftest.py)."""
    for cached in _SCHEMA_CACHES:
        cached.cache_clear()


@schema_cache
def schema_text(name: str) -> str:
    """The schema file's text: the package's copy when installed, else the checkout's schema/."""
    packaged = resources.files(__package__).joinpath("schema", name)
    try:
        return (packaged if packaged.is_file() else _CHECKOUT_SCHEMA_DIR / name).read_text(encoding="utf-8")
    except OSError as error:
        raise BrokenInstallation(
            f"Installationen av garanti är trasig: mallen {name} saknas ({error.strerror}). "
            "Installera om paketet (pip install .) eller kör scripts/setup."
        ) from None


# The mark on a field of a guarantee that its language versions word (`x-translated: true`), and the
# fingerprint version that first covers a field marked later (`x-translated-since`; see fields.swedish_text_of).
TRANSLATED, TRANSLATED_SINCE = "x-translated", "x-translated-since"


@schema_cache
def load_schema(name: str) -> dict:
    schema = json.loads(schema_text(name))
    return _with_translated_fields(schema) if name == LANGUAGE_VERSION_SCHEMA else schema


def _with_translated_fields(version: dict) -> dict:
    """The language version schema with every field the guarantee schema marks translated: one the file
    does not word itself is the guarantee's property as it is (a $ref), and may be left out (the page then
    shows the Swedish text)."""
    for key, spec in load_schema(GUARANTEE_SCHEMA)["properties"].items():
        if spec.get(TRANSLATED) and key not in version["properties"]:
            version["properties"][key] = {"$ref": f"{GUARANTEE_SCHEMA}#/properties/{key}"}
    return version


def published_text(name: str) -> str:
    """The schema as open data publishes it: the file as written, or the schema as read where reading adds
    to it (the language version schema's fields marked translated in the guarantee schema alone)."""
    text = schema_text(name)
    schema = load_schema(name)
    return text if json.loads(text) == schema else json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


@schema_cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    # The schemas have no recursion, so their $refs can be inlined once: resolving
    # them per document was half the cost of checking 1,000 guarantees.
    jsonschema.Draft202012Validator.check_schema(load_schema(name))
    return _EcmaValidator(inlined(name))


def _is_valid(name: str, data: object) -> bool:
    """Whether the data is valid, said quickly: most files are, and jsonschema-rs (compiled) tells
    so in a tenth of the time. A file it finds wrong, or data it cannot read, goes to `jsonschema`,
    whose errors are the ones translated. Both read the very same schema object (`inlined`),
    formats unchecked, and both read a pattern's "$" as the end of the text (Rust's regex does;
    `_EcmaValidator` makes jsonschema's do). tests/content/test_schema_validators.py holds them
    to the same verdict."""
    try:
        return _compiled(name).is_valid(data)
    except (ValueError, TypeError):  # a value JSON has no type for
        return False


@schema_cache
def _compiled(name: str):
    return jsonschema_rs.validator_for(inlined(name), validate_formats=False)


@schema_cache
def inlined(name: str) -> dict:
    """The schema with every $ref replaced by what it points to: one tree to walk (the
    validator checks against it, the editors' form is generated from it)."""
    schema = load_schema(name)
    return _inline_refs(schema, _registry().resolver(schema["$id"]))


@schema_cache
def _registry() -> Registry:
    return Registry().with_resources(
        (load_schema(other)["$id"], Resource.from_contents(load_schema(other))) for other in SCHEMAS
    )


def _inline_refs(node, resolver):
    """The schema with every $ref replaced by what it points to (siblings kept, and they win)."""
    if isinstance(node, list):
        return [_inline_refs(item, resolver) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        resolved = resolver.lookup(node["$ref"])
        target = _inline_refs(resolved.contents, resolved.resolver)
        siblings = {key: _inline_refs(value, resolver) for key, value in node.items() if key != "$ref"}
        return {**target, **siblings}
    return {key: _inline_refs(value, resolver) for key, value in node.items() if key != "$defs"}


@cache
def pattern_regex(pattern: str) -> re.Pattern:
    """A schema's pattern with its final "$" read as JSON Schema (ECMA-262) reads it: the end of
    the text. Python's "$" also matches before a final newline, so a date written as a block
    (`to: |`) would pass as "2026-12-31\n" and then not be a date."""
    return re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", pattern))


def _ecma_pattern(validator, pattern: str, instance, schema):
    """jsonschema's `pattern` keyword, with the pattern read by pattern_regex."""
    if validator.is_type(instance, "string") and not pattern_regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


# Draft 2020-12 with patterns read as the schema means them, so that jsonschema reads the
# very schema object jsonschema-rs reads.
_EcmaValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})
EcmaValidator = _EcmaValidator  # the same reading for the project's other schemas (the publish record's)


def body_name() -> str:
    """The Swedish name of the text after the front matter (the verksamhetsidé)."""
    return load_schema(GUARANTEE_SCHEMA)["$defs"]["body"]["title"]


def draft_switch(name: str = GUARANTEE_SCHEMA) -> str:
    """How the editors' form asks the draft flag (its `x-form-title`): "Klar att lämnas till nämnden",
    on for draft: false. Messages about the flag name it beside the file's `draft: true`."""
    return load_schema(name)["properties"]["draft"]["x-form-title"]


def draft_advice(what: str, name: str = GUARANTEE_SCHEMA) -> str:
    """ "…keep it a draft until `what` is ready", for a file's writer and for the form's."""
    return (
        f'låt raden "draft: true" stå kvar, eller i formuläret "{draft_switch(name)}" vara avslagen, '
        f"tills {what} är klar."
    )


def service_types() -> list[str]:
    return list(load_schema(GUARANTEE_SCHEMA)["properties"]["service"]["enum"])


def everyday_words(tag: str = SWEDISH_TAG) -> dict[str, list[str]]:
    """The words residents use for each service type ("dagis" for förskola), in the language of tag
    (the Swedish ones, else x-everyday-words-in's): the search in that language finds the type on them."""
    schema = load_schema(GUARANTEE_SCHEMA)
    words = (
        schema.get("x-everyday-words", {}) if tag == SWEDISH_TAG else schema.get("x-everyday-words-in", {}).get(tag, {})
    )
    return {service: list(words.get(service, [])) for service in service_types()}


def curriculum_areas() -> list[str]:
    return list(load_schema(GUARANTEE_SCHEMA)["$defs"]["preschoolCommitment"]["properties"]["area"]["enum"])


def minority_languages() -> list[str]:
    """The languages a unit may say it serves in besides Swedish ("finska"), the schema's list."""
    return list(load_schema(GUARANTEE_SCHEMA)["properties"]["service_languages"]["items"]["enum"])


def value_names(tag: str) -> dict[str, str]:
    """The schema's fixed values (service types, curriculum areas, minority languages) in another
    language, by their Swedish words ({"förskola": "esikoulu", ...}); empty for Swedish."""
    return dict(load_schema(GUARANTEE_SCHEMA).get("x-names", {}).get(tag, {}))


@dataclass(frozen=True)
class Readability:
    """What an easy-to-read text is held to (the language version schema's x-readability)."""

    max_lix: int
    max_sentence_words: int
    max_word_letters: int


def readability() -> Readability:
    limits = load_schema(LANGUAGE_VERSION_SCHEMA)["x-readability"]
    return Readability(limits["max_lix"], limits["max_sentence_words"], limits["max_word_letters"])


def validate(name: str, data: object, written: Mapping[DataPath, str] | None = None) -> list[SchemaError]:
    """All violations of schema `name`, translated, deepest first per place.

    `written` is how each non-text value was written, so that advice quotes the
    editor's own words. One mistake gives one message: a misspelled key is
    reported as such, not also as the field it was meant to be missing.
    """
    if _is_valid(name, data):
        return []
    written = written or {}
    validator = _validator(name)
    raw = list(validator.iter_errors(data))
    # Where a value is wrong, or missing (a required key): what other rules may depend on.
    wrong = {
        tuple(error.absolute_path) + ((error.message.split("'")[1],) if error.validator == "required" else ())
        for error in raw
    }
    errors: list[SchemaError] = []
    for error in raw:
        if not _depends_on_a_wrong_value(validator.schema, error, wrong):
            errors += _translate(error, written)
    meant = {error.path[:-1] + (error.meant,) for error in errors if error.meant}
    return [error for error in errors if not (error.missing and error.path + (error.missing,) in meant)]


def _depends_on_a_wrong_value(schema: dict, error: jsonschema.ValidationError, wrong: set[DataPath]) -> bool:
    """Whether the error comes from the then/else of a condition on a value that is itself wrong
    or missing: with `service: "Förskola"` the commitments are not wrong for a preschool or for
    anything else, so only the service gets a message."""
    node = schema
    for step in error.absolute_schema_path:
        if step in ("then", "else") and isinstance(node, dict) and "if" in node:
            read = node["if"].get("properties", {})
            return any((key,) in wrong for key in read)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    return False


def _translate(error: jsonschema.ValidationError, written: Mapping[DataPath, str]) -> list[SchemaError]:
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties":
        return _unknown_keys(error, path)
    if kind == "required":
        missing = error.message.split("'")[1]
        return [SchemaError(path, _missing(missing, error.schema), missing=missing)]
    if kind == "anyOf":  # only contact uses anyOf: phone or e-mail
        return [SchemaError(path, ANY_OF_MESSAGE)]
    if kind in ("allOf", "if", "then", "else"):
        return []
    return [SchemaError(path, _value_message(error, written.get(path)))]


def _unknown_keys(error: jsonschema.ValidationError, path: DataPath) -> list[SchemaError]:
    known = sorted(error.schema.get("properties", {}))
    results = []
    for key in sorted(set(error.instance) - set(known)):
        close = []
        if known and not error.schema.get("patternProperties"):
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
            hint = f' Menade du "{close[0]}"?' if close else f" Tillåtna nycklar: {', '.join(known)}."
        else:
            hint = ""
        results.append(
            SchemaError(path + (key,), f'Okänd nyckel "{key}".{hint}', at_key=True, meant=close[0] if close else None)
        )
    return results


def _missing(key: str, schema: dict) -> str:
    title = schema.get("properties", {}).get(key, {}).get("title") or key
    return f'Fältet "{key}" ({title.lower()}) saknas. Lägg till det.'


# What a value breaking a rule of the schema is told, in the check and in the editors' form:
# the rule, then how to put it right. {title} and the rule's own limit come from the schema,
# {written} and {length} from the value. The second part is the advice for a file; the form
# shows the first part with its own (FORM_ADVICE), since nobody there writes "- " or quotes.
RULE_MESSAGES = {
    "pattern": ("{title} har fel form{written}. {description}", ""),
    "minLength": ("{title}: texten är tom eller för kort.", " Skriv en text."),
    "maxLength": ("{title}: texten är för lång ({length} tecken, högst {maxLength}).", " Korta texten."),
    "minimum": ("{title} kan inte vara mindre än {minimum} (du skrev {written}).", " Skriv ett heltal från {minimum}."),
    "maximum": ("{title} kan inte vara större än {maximum} (du skrev {written}).", " Kontrollera talet."),
    "minItems": ("{title} behöver minst {minItems} punkt.", ' Lägg till en rad som börjar med "- ".'),
    "maxItems": ("{title} får ha högst {maxItems} punkter.", " Ta bort några."),
    "uniqueItems": ("{title}: samma värde står två gånger.", " Ta bort det ena."),
}
FORM_ADVICE = {
    "minLength": " Skriv en text.",
    "maxLength": " Korta texten.",
    "minimum": " Skriv ett heltal från {minimum}.",
    "maximum": " Kontrollera talet.",
    "minItems": " Lägg till en.",
    "maxItems": " Ta bort några.",
}
# Only contact uses anyOf: phone or e-mail.
ANY_OF_MESSAGE = "Ange minst ett sätt att nå enheten: phone (telefon) eller email (e-post)."


def rule_message(
    kind: str,
    schema: dict,
    *,
    form: bool = False,
    written: object = None,
    length: int | None = None,
    title: str | None = None,
    description: str | None = None,
) -> str:
    """The message for a value breaking rule `kind` of `schema` (RULE_MESSAGES). The form leaves
    {written} and {length} in place, for its script to fill in from the value being typed."""
    rule, advice = RULE_MESSAGES[kind]
    if form:
        advice = FORM_ADVICE.get(kind, advice)
    values = {key: value for key, value in schema.items() if isinstance(value, (int, str))}
    values.update(
        title=title or schema.get("title", "Värdet"),
        description=description if description is not None else schema.get("description", ""),
        written="{written}" if form else (_as_written(written) if kind == "pattern" else written),
        length="{length}" if form else length,
    )
    if kind == "pattern" and form:
        values["written"] = ""
    return (rule + advice).format_map(values).strip()


def _value_message(error: jsonschema.ValidationError, written: str | None) -> str:
    schema = error.schema
    title = schema.get("title", "Värdet")
    kind = error.validator
    if kind == "enum":
        return not_a_choice(str(error.instance), title, schema["enum"])
    if kind == "type":
        return _type_message(error, title, written)
    if kind in ("minimum", "maximum"):
        return rule_message(kind, schema, written=written or error.instance)
    if kind in RULE_MESSAGES:
        length = len(error.instance) if isinstance(error.instance, (str, list)) else None
        return rule_message(kind, schema, written=error.instance, length=length)
    if kind == "minProperties":
        return f"{title} behöver minst en post."
    if kind == "propertyNames":
        return "Mappnamnet får bara innehålla små bokstäver a–z, siffror och bindestreck."
    return f"{title}: värdet är inte tillåtet ({kind}). {schema.get('description', '')}".strip()


_TYPE_NAMES = {
    "string": "en text",
    "object": "en grupp av fält (nyckel: värde på egna, indragna rader)",
    "array": 'en lista (rader som börjar med "- ")',
    "boolean": "true eller false",
    "integer": "ett heltal, till exempel 3",
}


def not_a_choice(given: str, title: str, choices: list) -> str:
    """The message for a value outside a list of choices: the closest one, then all of them."""
    choices = [choice for choice in choices if choice is not None]  # null: "may be left empty", not a word to write
    close = difflib.get_close_matches(given, [str(choice) for choice in choices], n=1, cutoff=0.6)
    hint = f' Menade du "{close[0]}"?' if close else ""
    listed = ", ".join(f'"{choice}"' for choice in choices)
    return f'"{given}" är inte ett tillåtet värde för {title.lower()}.{hint} Välj ett av: {listed}.'


def validate_body(body: str) -> list[str]:
    """What is wrong with a guarantee's body (the verksamhetsidé), by the schema's $defs/body."""
    return [_value_message(error, None) for error in _body_validator().iter_errors(body)]


@schema_cache
def _body_validator() -> jsonschema.Draft202012Validator:
    schema = load_schema(GUARANTEE_SCHEMA)
    return _EcmaValidator(schema["$defs"]["body"])


def _as_written(value: object) -> str:
    """(du skrev "…")" for a short value, so the editor sees which text is meant."""
    return f' (du skrev "{value}")' if isinstance(value, str) and 0 < len(value) <= 40 else ""


def _type_message(error: jsonschema.ValidationError, title: str, written: str | None) -> str:
    if error.schema.get("title") == "Åtagande med läroplansområde":
        return (
            'Förskolor anger läroplansområde för varje åtagande. Skriv "- area: <område>" '
            'och på nästa rad, indraget, "text: <åtagandet>".'
        )
    if error.schema.get("title") == "Text" and isinstance(error.instance, dict):
        if "area" in error.instance:
            return 'Bara förskolor anger läroplansområde (area). Skriv åtagandet som en vanlig text efter "- ".'
        return (
            "Texten läses som nyckel: värde eftersom den innehåller kolon följt av mellanslag. "
            "Skriv texten på en egen rad efter |- (indragen), eller sätt den inom citattecken."
        )
    wanted_type = error.schema.get("type")
    # A field that may be left empty (["integer", "null"]) is named by what it holds when filled in.
    wanted_type = str(
        next((t for t in wanted_type if t != "null"), "null") if isinstance(wanted_type, list) else wanted_type
    )
    wanted = _TYPE_NAMES.get(wanted_type, wanted_type)
    if error.instance is None and error.path and isinstance(error.path[-1], int):
        return 'Punkten i listan saknar text. Skriv texten efter "- ", eller ta bort raden.'
    if error.instance is None:
        return f"{title} saknar värde. Skriv {wanted} efter kolonet."
    shown = written if written is not None else error.instance
    if wanted_type == "boolean":
        return f'{title} ska vara true eller false, inte "{shown}". Skriv true, false eller ta bort raden.'
    if wanted_type == "string" and written is not None:
        return _quote_advice(error.schema, title, written, error.instance)
    if wanted_type == "integer" and not isinstance(error.instance, (dict, list)):
        return f'{title} ska vara {wanted}, inte "{shown}". Skriv antalet med siffror, utan decimaler.'
    return f"{title} ska vara {wanted}."


def _quote_advice(schema: dict, title: str, written: str, value: object) -> str:
    """A number (or true/false) where text belongs: quote it, if quoted it would be right."""
    pattern = schema.get("pattern")
    if pattern and not pattern_regex(pattern).search(written):
        hint = ""
        if re.fullmatch(r"[0-9]{8}", written):  # a date without dashes
            hint = f" Menade du {written[:4]}-{written[4:6]}-{written[6:]}?"
        return f"{title} har fel form (du skrev {written}).{hint} {schema.get('description', '')}".strip()
    read_as = "true/false" if isinstance(value, bool) else "ett tal"
    return (
        f'{title} ska vara en text, men YAML läser {written} som {read_as}. Sätt värdet inom citattecken: "{written}".'
    )
