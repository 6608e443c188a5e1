"""Strict, position-keeping YAML loading for untrusted content.

Content arrives by pull request, so YAML is composed into nodes with PyYAML's
safe composer and turned into plain data here; no Python object is ever
constructed from a tag. Features that surprise editors (anchors and aliases,
custom tags, duplicate keys) are refused, which also rules out alias bombs.
Every value keeps the line and column it came from, keyed by its path.

Plain values are read by YAML 1.2's core rules, as editors' tools read them
against the schema: only true/false are booleans ("yes", "no", "on" stay
text), numbers are decimal unless written 0x/0o, and a date stays text. A
value that is not text also keeps how it was written, so that advice can
quote the editor's own words ("0701234567", not the octal 117782903).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .errors import Refusal

Path = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


class YamlProblem(Refusal):
    """A YAML text that is refused, where: line and column are 1-based."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.line = line
        self.column = column

    def __reduce__(self):
        return type(self), (self.message, self.line, self.column)


@dataclass
class Positions:
    """Where each value (and each mapping key) stood in the source text."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # How each value that is not text was written (a number, true/false, null).
    written: dict[Path, str] = field(default_factory=dict)

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


try:  # libyaml's C parser where PyYAML was built with it, for the check's speed (benchmarks/README.md)
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


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
# The largest number of digits a number may have: Python refuses to print
# integers beyond 4,300 digits, and no field needs more than a few.
MAX_NUMBER_DIGITS = 20


class _CoreResolver(BaseResolver):
    """YAML 1.2's core schema for plain values; everything else is text."""


for _tag, _pattern, _first in (
    (_BOOL, r"(?:true|True|TRUE|false|False|FALSE)\Z", "tTfF"),
    (_INT, r"(?:[-+]?[0-9]++|0o[0-7]++|0x[0-9a-fA-F]++)\Z", "-+0123456789"),
    (
        _FLOAT,
        r"(?:[-+]?(?:\.[0-9]++|[0-9]++(?:\.[0-9]*+)?)(?:[eE][-+]?[0-9]++)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z",
        "-+.0123456789",
    ),
    (_NULL, r"(?:~|null|Null|NULL|)\Z", ["~", "n", "N", ""]),
):
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class _StrictLoader(Composer, _Parser, _CoreResolver):
    """PyYAML's Python composer over the (C) parser's events.

    The composer is ours so that anchors and aliases are refused as they are
    met; nothing here constructs objects, so no tag can run code.
    """

    line_offset = 0

    def __init__(self, stream: str):
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        _CoreResolver.__init__(self)

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            line, column = _position(event, self.line_offset)
            raise YamlProblem(
                "YAML-ankare och alias (& och *) används inte här. Skriv ut texten i sin helhet på varje ställe.",
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
        if "could not find expected ':'" in str(error.problem) and error.context_mark:
            mark = error.context_mark  # the line that lacks the colon, not the line after it
        line = mark.line + 1 + line_offset if mark else 1 + line_offset
        column = mark.column + 1 if mark else 1
        at = mark.line if mark else 0
        quote = unclosed_quote(text, at) or no_space_after_colon(text, at) or misaligned_list_item(text, at)
        if quote:
            raise YamlProblem(quote[2], quote[0] + 1 + line_offset, quote[1] + 1) from None
        raise YamlProblem(_describe_syntax_error(error, text), line, _value_column(text, mark) or column) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1 + line_offset
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise YamlProblem(
            f"Filen innehåller ett otillåtet tecken (kod {error.character:#06x}). Ta bort det.", line, column
        ) from None
    except RecursionError:
        raise YamlProblem("YAML-texten är för djupt nästlad. Förenkla strukturen.", 1 + line_offset, 1) from None
    finally:
        if loader is not None:
            loader.dispose()
    positions = Positions()
    if node is None:
        return None, positions
    _refuse_trailing_comments(node, text.split("\n"), line_offset)
    return _to_data(node, (), positions, line_offset), positions


def _refuse_trailing_comments(node: Node, lines: list[str], line_offset: int, listed: bool = False) -> None:
    """Refuse the plain texts YAML reads differently from how editors meant them.

    A " #" after an unquoted text silently ends it; a list item's text that runs
    on after a full stop is usually a new item whose "- " was forgotten; a text
    inside Word's curly quotes would be published with them.
    """
    if isinstance(node, MappingNode):
        for _, value in node.value:
            _refuse_trailing_comments(value, lines, line_offset)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _refuse_trailing_comments(item, lines, line_offset, listed=True)
    elif not node.style and node.tag == "tag:yaml.org,2002:str":  # plain: None (Python) or "" (libyaml)
        end = node.end_mark
        rest = lines[end.line][end.column :] if end.line < len(lines) else ""
        if rest.lstrip().startswith("#"):
            raise YamlProblem(
                'Texten tar slut vid # eftersom " #" börjar en kommentar i YAML, så resten av raden försvinner. '
                "Skriv texten på en egen rad efter |- (indragen), eller sätt hela texten inom citattecken.",
                end.line + 1 + line_offset,
                end.column + 1 + len(rest) - len(rest.lstrip()),
            )
        if listed:
            _refuse_run_on_item(node, lines, line_offset)
        _refuse_curly_quotes(node, line_offset)
        _refuse_stray_closing_quote(node, line_offset)


def _refuse_run_on_item(node: ScalarNode, lines: list[str], line_offset: int) -> None:
    for index in range(node.start_mark.line + 1, min(node.end_mark.line, len(lines) - 1) + 1):
        if lines[index - 1].rstrip().endswith((".", "!", "?")) and lines[index].strip():
            raise YamlProblem(
                'Raden blir en del av punkten ovanför, eftersom den inte börjar med "- ". '
                'Är det ett nytt åtagande? Börja raden med "- " och samma indrag som punkterna ovanför. '
                "Är det samma text, skriv den på en rad.",
                index + 1 + line_offset,
                len(lines[index]) - len(lines[index].lstrip()) + 1,
            )


CURLY_QUOTES = "”“„‟’‘‚‛«»"


def _refuse_curly_quotes(node: ScalarNode, line_offset: int) -> None:
    value = node.value
    if len(value) >= 2 and value[0] in CURLY_QUOTES and value[-1] in CURLY_QUOTES:
        line, column = _position(node, line_offset)
        raise YamlProblem(
            f"Texten står inom typografiska citattecken ({value[0]} {value[-1]}), till exempel från Word. "
            "YAML läser dem som en del av texten, så de skulle synas på webbplatsen. "
            f'Byt dem mot raka citattecken ("), eller ta bort dem.',
            line,
            column,
        )


def _refuse_stray_closing_quote(node: ScalarNode, line_offset: int) -> None:
    """An unquoted text that ends with a quote it never opened: the opening quote was forgotten,
    and YAML would publish the closing one as part of the text."""
    value = node.value
    quote = value[-1:]
    if quote in ('"', "'") and value.count(quote) % 2 == 1:
        line, column = _position(node, line_offset)
        raise YamlProblem(
            f"Texten slutar med {quote} men börjar inte med det, så {quote} skulle synas på webbplatsen. "
            f"Sätt {quote} också först i texten, eller ta bort {quote} i slutet.",
            line,
            column,
        )


# The start of a value on a line: indentation, list dashes, then a key and its colon.
_VALUE_START = re.compile(r"\A[ \t]*+(?:-[ \t]++)*+(?:[A-Za-z_][A-Za-z0-9_-]*+:[ \t]++(?:-[ \t]++)*+)?")


def unclosed_quote(text: str, last_line: int) -> tuple[int, int, str] | None:
    """(line, column, message), 0-based, for the first quoted value up to `last_line` that
    never closes on its line or is closed early by a quote inside the text."""
    for index, line in enumerate(text.split("\n")[: last_line + 1]):
        start = _VALUE_START.match(line).end()
        quote = line[start : start + 1]
        if quote not in ('"', "'"):
            continue
        close = _closing_quote(line, start)
        mark = "citattecknet" if quote == '"' else "apostrofen"
        if close is None:
            return (
                index,
                start,
                (
                    f"Texten börjar med {quote} här, men {mark} avslutas aldrig. "
                    f"Sätt ett {quote} sist i texten, på samma rad."
                ),
            )
        rest = line[close + 1 :].strip()
        if rest and not rest.startswith(("#", ":")):
            return (
                index,
                start,
                (
                    f"Texten börjar med {quote} här och tar slut vid nästa {quote} (kolumn {close + 1}), "
                    "men raden fortsätter efter det. Citattecken inuti texten kan skrivas ” ” (typografiska), "
                    "eller skriv texten utan citattecken runt om, på en egen rad efter |- (indragen)."
                ),
            )
    return None


# A key and its colon with no space after it: YAML reads "correction:Vi" as one text, not a field.
_KEY_WITHOUT_SPACE = re.compile(r"\A[ \t]*+([A-Za-z_][A-Za-z0-9_-]*+):(?=[^\s#])")


def no_space_after_colon(text: str, line_index: int) -> tuple[int, int, str] | None:
    """(line, column, message), 0-based, when the line YAML stopped at is a key without a space after its colon."""
    lines = text.split("\n")
    match = _KEY_WITHOUT_SPACE.match(lines[line_index]) if line_index < len(lines) else None
    if match is None:
        return None
    key, rest = match.group(1), lines[line_index][match.end() :].strip()
    return (
        line_index,
        match.end(),
        (
            f'Efter "{key}:" behövs ett mellanslag, annars läser YAML raden som en enda text. '
            f'Skriv "{key}: {rest[:30]}{"…" if len(rest) > 30 else ""}".'
        ),
    )


# "  - area: ..." (a list item that is a group of fields) and "    text: ..." (a field).
_ITEM_WITH_KEY = re.compile(r"\A( *+)- ++([A-Za-z_][A-Za-z0-9_-]*+):(?: |\Z)")
_KEY_LINE = re.compile(r"\A( *+)([A-Za-z_][A-Za-z0-9_-]*+):(?: |\Z)")
_DASH_LINE = re.compile(r"\A( *+)-(?: |\Z)")


def misaligned_list_item(text: str, line_index: int) -> tuple[int, int, str] | None:
    """(line, column, message), 0-based, when the line YAML stopped at is a list item's field or
    dash out of line with the item above: "text:" not straight under "area:", or "- " not under
    the "- " of the items above."""
    lines = text.split("\n")
    if line_index >= len(lines):
        return None
    line = lines[line_index]
    above = _line_above(lines, line_index)
    item = _ITEM_WITH_KEY.match(above) if above is not None else None
    field = _KEY_LINE.match(line)
    if item and field and len(field.group(1)) >= len(item.group(1)) and field.start(2) != item.start(2):
        key, first = field.group(2), item.group(2)
        return (
            line_index,
            field.start(2),
            (f'"{key}:" ska stå rakt under "{first}:" på raden ovanför: börja raden med {item.start(2)} mellanslag.'),
        )
    dash = _DASH_LINE.match(line)
    sibling = _dash_above(lines, line_index) if dash else None
    if dash and sibling is not None and sibling != len(dash.group(1)):
        advice = (
            f'Punkten har fel indrag: "- " ska stå rakt under "- " i punkterna ovanför, med {sibling} mellanslag före.'
        )
        own = _ITEM_WITH_KEY.match(line)
        below = _KEY_LINE.match(lines[line_index + 1]) if own and line_index + 1 < len(lines) else None
        if below:
            advice += f' Då står "{below.group(2)}:" rakt under "{own.group(2)}:", som det ska.'
        return line_index, len(dash.group(1)), advice
    return None


def _line_above(lines: list[str], index: int) -> str | None:
    """The nearest line above that holds something (not blank, not only a comment)."""
    for above in reversed(lines[:index]):
        if above.strip() and not above.lstrip().startswith("#"):
            return above
    return None


def _dash_above(lines: list[str], index: int) -> int | None:
    """The indent of the nearest list item ("- ") above, within the same list: None if a line
    less indented than it comes between (another field) or there is none."""
    lowest = None
    for above in reversed(lines[:index]):
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        indent = len(above) - len(above.lstrip(" "))
        found = _DASH_LINE.match(above)
        if found and (lowest is None or indent <= lowest):
            return indent
        if not found and lowest is not None and indent < lowest:
            return None
        lowest = indent if lowest is None else min(lowest, indent)
    return None


def _value_column(text: str, mark) -> int | None:
    """The 1-based column where a value that starts with [ or { begins, on the line YAML stopped at:
    the mistake is the first character, not where YAML noticed it."""
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    start = _VALUE_START.match(line).end()
    return start + 1 if line[start : start + 1] in ("[", "{") and start < mark.column else None


def _closing_quote(line: str, start: int) -> int | None:
    quote, index = line[start], start + 1
    while index < len(line):
        if quote == '"' and line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":  # '' is an apostrophe inside '...'
                index += 2
                continue
            return index
        index += 1
    return None


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
        'raden är varken "nyckel: värde" eller en punkt i en lista. Är det ett nytt åtagande, '
        'börja raden med "- ". Är det ett fält, skriv kolon efter namnet. Fortsätter texten från raden ovanför, '
        "skriv texten på en rad, eller efter |- på indragna rader"
    ),
    "did not find expected '-' indicator": (
        'en punkt i listan har fel indrag. Ge alla rader som börjar med "- " samma indrag'
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
    return f"YAML-syntaxfel ({problem}). Kontrollera indrag, kolon och citattecken på raden och raden ovanför."


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
        return [_to_data(item, path + (index,), positions, line_offset) for index, item in enumerate(node.value)]
    if node.tag != "tag:yaml.org,2002:str":
        positions.written[path] = node.value
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
                f'Nyckeln "{key}" finns redan på rad {first_line}. '
                "Ta bort den ena så att varje nyckel bara förekommer en gång.",
                line,
                column,
            )
        positions.keys[path + (key,)] = (line, column)
        result[key] = _to_data(value_node, path + (key,), positions, line_offset)
    return result


def _scalar(node: ScalarNode, line_offset: int) -> Any:
    """A plain value by the core rules; dates stay text.

    Dates stay text so that the JSON Schema checks their form and an
    impossible date (2026-02-30) gets a message instead of an exception.
    """
    tag, value = node.tag, node.value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag in (_INT, _FLOAT):
        if sum(character.isalnum() for character in value) > MAX_NUMBER_DIGITS:
            line, column = _position(node, line_offset)
            shown = value if len(value) <= 30 else value[:20] + "…"
            raise YamlProblem(
                f"Talet {shown} är för långt ({len(value)} tecken). Är det en text, skriv den inom citattecken.",
                line,
                column,
            )
        if tag == _FLOAT:
            return _float(value)
        return int(value, 0) if value[:2] in ("0x", "0o") else int(value, 10)
    return value


def _float(written: str) -> float:
    lowered = written.lower()
    if lowered.endswith(".inf"):
        return float(lowered.replace(".inf", "inf"))
    return float("nan") if lowered == ".nan" else float(written)
