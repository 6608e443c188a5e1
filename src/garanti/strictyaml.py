"""Strict, position-keeping YAML loading for untrusted content.

Content arrives by pull request, so YAML is composed into nodes with PyYAML's
safe composer and turned into plain data here; no Python object is ever
constructed from a tag. Features that surprise editors (anchors and aliases,
custom tags, duplicate keys) are refused, which also rules out alias bombs.
Every value keeps the line and column it came from, keyed by its path.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

Path = tuple[str | int, ...]

# How dates are written, as the schemas' date pattern says.
DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


class YamlProblem(Exception):
    """A YAML text that is refused; line and column are 1-based."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Positions:
    """Where each value (and each mapping key) stood in the source text."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path) -> tuple[int, int]:
        """The nearest known position for a path: itself, else its closest parent."""
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def of_key(self, path: Path) -> tuple[int, int]:
        return self.keys.get(tuple(path)) or self.of(path)


def _position(node_or_event, line_offset: int) -> tuple[int, int]:
    mark = node_or_event.start_mark
    return mark.line + 1 + line_offset, mark.column + 1


try:  # libyaml's C parser makes a check of 1,000 files several times faster
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _Parser):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _StrictLoader(Composer, _Parser, Resolver):
    """PyYAML's Python composer over the (C) parser's events.

    The composer is ours so that anchors and aliases are refused as they are
    met; nothing here constructs objects, so no tag can run code.
    """

    line_offset = 0

    def __init__(self, stream: str):
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        Resolver.__init__(self)

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            line, column = _position(event, self.line_offset)
            raise YamlProblem(
                "YAML-ankare och alias (& och *) används inte här. "
                "Skriv ut texten i sin helhet på varje ställe.",
                line,
                column,
            )
        return Composer.compose_node(self, parent, index)


def load(text: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document into plain data and the positions of its values.

    `line_offset` shifts reported lines, for YAML that sits inside a larger file.
    Raises YamlProblem with a Swedish message for anything refused.
    """
    loader = None
    try:
        loader = _StrictLoader(text)
        loader.line_offset = line_offset
        node = loader.get_single_node()
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else 1 + line_offset
        column = mark.column + 1 if mark else 1
        raise YamlProblem(_describe_syntax_error(error, text), line, column) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1 + line_offset
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise YamlProblem(
            f"Filen innehåller ett otillåtet tecken (kod {error.character:#06x}). Ta bort det.", line, column
        ) from None
    except RecursionError:
        raise YamlProblem(
            "YAML-texten är för djupt nästlad. Förenkla strukturen.", 1 + line_offset, 1
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    positions = Positions()
    if node is None:
        return None, positions
    _refuse_trailing_comments(node, text.split("\n"), line_offset)
    return _to_data(node, (), positions, line_offset), positions


def _refuse_trailing_comments(node: Node, lines: list[str], line_offset: int) -> None:
    """A " #" after an unquoted text silently ends it in YAML; editors mean the #."""
    if isinstance(node, MappingNode):
        for _, value in node.value:
            _refuse_trailing_comments(value, lines, line_offset)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _refuse_trailing_comments(item, lines, line_offset)
    elif not node.style and node.tag == "tag:yaml.org,2002:str":  # plain: None (Python) or "" (libyaml)
        end = node.end_mark
        rest = lines[end.line][end.column:] if end.line < len(lines) else ""
        if rest.lstrip().startswith("#"):
            raise YamlProblem(
                "Texten tar slut vid # eftersom \" #\" börjar en kommentar i YAML, så resten av raden försvinner. "
                "Skriv texten på en egen rad efter |- (indragen), eller sätt hela texten inom citattecken.",
                end.line + 1 + line_offset,
                end.column + 1 + len(rest) - len(rest.lstrip()),
            )


_SYNTAX_HINTS = {
    # libyaml's wording first, PyYAML's pure-Python wording second.
    "mapping values are not allowed": (
        "ett kolon följt av mellanslag mitt i en text. Skriv texten på en egen rad efter |- "
        "(indragen), eller sätt hela texten inom citattecken"
    ),
    "did not find expected key": (
        "texten börjar med ett tecken som YAML läser som något annat ([, {, \" eller '), eller "
        "indraget stämmer inte. Skriv texten på en egen rad efter |- (indragen)"
    ),
    "did not find expected alphabetic or numeric character": (
        "texten börjar med * eller &, som YAML läser som alias eller ankare. "
        "Skriv texten på en egen rad efter |- (indragen)"
    ),
    "could not find expected ':'": (
        "en rad saknar kolon efter nyckeln, eller en lång text fortsätter utan indrag. "
        "Skriv nyckel: värde, och långa texter efter |- på indragna rader"
    ),
    "did not find expected '-' indicator": (
        "en punkt i listan har fel indrag. Ge alla rader som börjar med \"- \" samma indrag"
    ),
    "did not find expected ',' or": (
        "en text som börjar med [ eller { läses som en lista. Skriv texten på en egen rad "
        "efter |- (indragen), eller sätt den inom citattecken"
    ),
    "found undefined tag handle": "ett utropstecken (!) i början av ett värde. Sätt texten inom citattecken",
    "found unexpected end of stream": "ett citattecken som aldrig avslutas. Avsluta citatet på samma rad",
    "while scanning a quoted scalar": "ett citattecken som aldrig avslutas. Avsluta citatet",
    "while scanning a block scalar": "fel efter | eller >. Skriv texten på nästa rad, indragen",
}


def _describe_syntax_error(error: yaml.MarkedYAMLError, text: str) -> str:
    problem = (error.problem or error.context or "okänt fel").strip()
    if "cannot start any token" in problem:
        character = _character_at(error.problem_mark, text)
        if character == "\t":
            return "YAML-syntaxfel: en tabb. Använd mellanslag för indrag."
        return (
            f"YAML-syntaxfel: tecknet {character!r} kan inte stå först i ett värde. "
            "Skriv texten på en egen rad efter |- (indragen), eller sätt den inom citattecken."
        )
    for english, swedish in _SYNTAX_HINTS.items():
        if english in problem or english in str(error.context or ""):
            return f"YAML-syntaxfel: {swedish}."
    return (
        f"YAML-syntaxfel ({problem}). Kontrollera indrag, kolon och citattecken "
        "på raden och raden ovanför."
    )


def _character_at(mark, text: str) -> str:
    if mark is None:
        return "?"
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else "?"


def _to_data(node: Node, path: Path, positions: Positions, line_offset: int) -> Any:
    positions.values[path] = _position(node, line_offset)
    if node.tag not in _STANDARD_TAGS:
        line, column = _position(node, line_offset)
        raise YamlProblem(
            f"YAML-taggen {_short_tag(node.tag)} är inte tillåten. Ta bort taggen och skriv värdet som vanlig text.",
            line,
            column,
        )
    if isinstance(node, MappingNode):
        return _mapping(node, path, positions, line_offset)
    if isinstance(node, SequenceNode):
        return [
            _to_data(item, path + (index,), positions, line_offset)
            for index, item in enumerate(node.value)
        ]
    return _scalar(node, line_offset)


def _short_tag(tag: str) -> str:
    """A tag as the editor wrote it: "!!python/object", not PyYAML's long form."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _mapping(node: MappingNode, path: Path, positions: Positions, line_offset: int) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line, column = _position(key_node, line_offset)
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _STANDARD_TAGS:
            raise YamlProblem(
                "Den här nyckeln kan inte användas. Skriv nycklar som vanliga ord följda av kolon.",
                line,
                column,
            )
        key = str(key_node.value)
        if key in result:
            first_line = positions.keys[path + (key,)][0]
            raise YamlProblem(
                f"Nyckeln \"{key}\" finns redan på rad {first_line}. "
                "Ta bort den ena så att varje nyckel bara förekommer en gång.",
                line,
                column,
            )
        positions.keys[path + (key,)] = (line, column)
        result[key] = _to_data(value_node, path + (key,), positions, line_offset)
    return result


def _scalar(node: ScalarNode, line_offset: int) -> Any:
    """Resolve a scalar like SafeLoader would, but keep dates as ISO text.

    Dates stay text so that the JSON Schema checks their form and an
    impossible date (2026-02-30) gets a message instead of an exception.
    """
    tag = node.tag
    value = node.value
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError, OverflowError):
        line, column = _position(node, line_offset)
        raise YamlProblem(f"Värdet {value!r} kan inte läsas. Skriv det som text.", line, column) from None
    finally:
        _CONSTRUCTOR.constructed_objects.clear()


# Only ever asked to build ints, floats and booleans from already-checked scalars.
_CONSTRUCTOR = SafeConstructor()


def parse_date(text: Any) -> dt.date | None:
    """A calendar date written ÅÅÅÅ-MM-DD, or None when the text is not one.

    Only that form: Python also reads ISO week dates ("2026-W04-1") of the same length."""
    if not isinstance(text, str) or not DATE_FORM.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
