"""Rules for text that arrives by pull request and ends up on a public page.

Texts may use inline Markdown (emphasis, links). Anything that could become
active content on the site is refused here, before it is ever rendered: raw
HTML, images (they would load from another origin), and links that are not a
whole web, e-mail or phone address or an address on the site itself (`/…`),
however they are disguised: other schemes, `//host` without a scheme, relative
paths and Windows paths would lead a reader (or the board paper's PDF, printed
from a local file) to files on someone's computer.
Rendering sanitises again (see pages), so this is the first of two fences.

Texts are also held to shapes that render in time linear in their length
and without deep recursion: Python-Markdown scans from every open bracket to
its closing one, and nests a Python call per list or quote level. Every
pattern here is written so that it cannot backtrack (possessive quantifiers,
no two quantifiers competing for the same characters): tests/test_hostile_content.py
runs each against long adversarial input.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")
# Lists and quotes nested deeper than this are refused (Python-Markdown recurses per level).
MAX_NESTING = 8
# Brackets open at once in a paragraph: Markdown scans from each to its closing one.
MAX_OPEN_BRACKETS = 8
_BRACKETS = {"[": "]", "(": ")", "<": ">"}
_CLOSING = {closing: opening for opening, closing in _BRACKETS.items()}
# What the bracket count looks at: an escaped character (skipped), a bracket, a blank line.
_BRACKET_EVENT = re.compile(r"\\.|[\[\]()<>]|\n[ \t]*+(?=\n)", re.DOTALL)

_RAW_HTML = re.compile(r"<\s*+(?:/\s*+)?[A-Za-z!?]")
_IMAGE = re.compile(r"!\[")
_INLINE_LINK = re.compile(r"\]\(([^)]*+)\)?")
# A link definition "[label]: address", wherever Markdown may find one: inside a
# list item or a quote too (so not only at a line's start), and with the address
# on the next line, after the quote's ">" markers.
_REFERENCE_DEFINITION = re.compile(r"\[[^\[\]]*+\]:[ \t]*+(?:\n[ \t>]*+)?([^\s>]\S*+)")
_SCHEME = re.compile(r"\A([a-z][a-z0-9+.\-]*+):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
# Invisible controls: C0 but tab and line breaks, DEL, C1 (never in a text typed in Swedish; from
# text pasted from another program or decoded wrongly), and the bidi overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What is no character at all: Unicode's noncharacters (U+FDD0-U+FDEF, the last two of every plane)
# and lone surrogates. Strict YAML refuses them written as they are, but a quoted "\uFFFE" makes one,
# and a Markdown body is no YAML; XML 1.0 cannot carry them, so one makes the Atom feeds ill-formed.
_NOT_A_CHARACTER = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


@dataclass(frozen=True)
class TextProblem:
    """A refused piece of text; offset is the index in the checked string."""

    offset: int
    message: str


def check_text(text: str) -> list[TextProblem]:
    """Every reason this text may not be published, in order of appearance."""
    problems = []
    first_tag = _RAW_HTML.search(text)  # one report per text: a tag usually comes with its closing tag
    if first_tag:
        problems.append(
            TextProblem(
                first_tag.start(),
                "HTML är inte tillåtet i texten. Ta bort taggen; skriv länkar som "
                '[text](https://adress) och mindre än som "mindre än".',
            )
        )
    problems += [
        TextProblem(
            match.start(),
            "Bilder kan inte visas i en kvalitetsgaranti. Ta bort bilden (![...](...)).",
        )
        for match in _IMAGE.finditer(text)
    ]
    for match in _INLINE_LINK.finditer(text):
        problems += _check_link_target(match.group(1), match.start(1))
    for match in _REFERENCE_DEFINITION.finditer(text):
        problems += _check_link_target(match.group(1), match.start(1))
    problems += [
        TextProblem(
            match.start(),
            f"Texten innehåller ett osynligt styrtecken ({_escaped(match.group())}). Skriv om stycket utan att "
            "klistra in från annat program.",
        )
        for match in _CONTROL.finditer(text)
    ]
    not_a_character = _NOT_A_CHARACTER.search(text)  # one report per text: pasted junk comes in runs
    if not_a_character:
        point = ord(not_a_character.group())
        written = f"\\u{point:04X}" if point <= 0xFFFF else f"\\U{point:08X}"  # as YAML's quotes write it
        problems.append(
            TextProblem(
                not_a_character.start(),
                f"Texten innehåller U+{point:04X}, som inte är något tecken alls och som gör webbplatsens nyhetsflöden "
                "oläsliga. Ta bort det: skriv om ordet där det står, utan att klistra in från annat program "
                f"(eller ta bort {written} om du har skrivit det inom citattecken).",
            )
        )
    problems += _too_deeply_nested(text) + _too_many_open_brackets(text)
    return sorted(problems, key=lambda problem: problem.offset)


def _escaped(character: str) -> str:
    """A control character as Python writes it ("\\x01"), so the message says which one without being one."""
    return repr(character)[1:-1]


def _too_deeply_nested(text: str) -> list[TextProblem]:
    """The first line whose lists and quotes nest deeper than MAX_NESTING levels."""
    offset = 0
    for line in text.split("\n"):
        if _nesting(line) > MAX_NESTING:
            return [
                TextProblem(
                    offset,
                    (
                        f"Texten är nästlad i för många nivåer (listor, citat med > och indrag, högst {MAX_NESTING}). "
                        "Förenkla texten: skriv punkterna utan så många indrag eller tecken först på raden."
                    ),
                )
            ]
        offset += len(line) + 1
    return []


def _nesting(line: str) -> int:
    """The levels a line nests: each quote marker, list marker and four columns of indent is one."""
    levels, column, index = 0, 0, 0
    while index < len(line):
        character = line[index]
        if character == " ":
            column += 1
        elif character == "\t":
            column += 4 - column % 4
        elif character == ">" or character in "-*+" and line[index + 1 : index + 2] in (" ", "\t"):
            levels += 1
        elif "0" <= character <= "9":
            digits = index
            while digits < len(line) and "0" <= line[digits] <= "9":
                digits += 1
            if line[digits : digits + 1] not in (".", ")") or line[digits + 1 : digits + 2] not in (" ", "\t"):
                break
            levels, index = levels + 1, digits
        else:
            break
        index += 1
    # Indent nests only under a list or quote marker; a blank or merely indented line is not nesting.
    return levels + column // 4 if levels else 0


def _too_many_open_brackets(text: str) -> list[TextProblem]:
    """The first bracket that makes more than MAX_OPEN_BRACKETS open at once within a paragraph.

    Open brackets bound the renderer's work: each position is scanned once for
    every bracket open around it, so at most MAX_OPEN_BRACKETS times.
    """
    open_brackets: list[str] = []
    for match in _BRACKET_EVENT.finditer(text):
        token = match.group()
        if token[0] == "\n":
            open_brackets.clear()  # a blank line ends the paragraph, and the renderer's scans with it
        elif token in _BRACKETS:
            open_brackets.append(token)
            if len(open_brackets) > MAX_OPEN_BRACKETS:
                return [
                    TextProblem(
                        match.start(),
                        (
                            f"Texten har för många {token} som inte stängs (fler än {MAX_OPEN_BRACKETS} öppna "
                            f"i samma stycke). Stäng varje [ med ], ( med ) och < med >, eller ta bort tecknen."
                        ),
                    )
                ]
        elif token in _CLOSING and _CLOSING[token] in open_brackets:
            del open_brackets[len(open_brackets) - 1 - open_brackets[::-1].index(_CLOSING[token])]
    return []


def link_scheme(target: str) -> str | None:
    """The scheme a browser would see, after entities and invisible characters go."""
    match = _SCHEME.match(_visible(target))
    return match.group(1) if match else None


def _visible(target: str) -> str:
    """The address as a browser reads it: entities decoded, invisible characters gone, lower case,
    without the <...> around it (or a quote's ">" before it on its own line)."""
    visible = _INVISIBLE.sub("", html.unescape(html.unescape(target))).lower()
    return visible.lstrip("<>")


def is_allowed_address(target: str) -> bool:
    """A whole web address (https://, http://), e-mail (mailto:) or phone (tel:) address, or one on
    the site itself (/…): what a link in content may lead to."""
    return _address_problem(target) is None


def _address_problem(target: str) -> str | None:
    words = html.unescape(html.unescape(target)).split(None, 1)
    address = _visible(words[0]).rstrip(">") if words else ""  # without a title after it
    scheme = link_scheme(target)
    if "\\" in address:
        return (
            "Länken innehåller \\ (omvänt snedstreck), som en sökväg i Windows. Länka bara till webbadresser "
            "(https://), e-post (mailto:) eller telefon (tel:)."
        )
    if scheme is not None and scheme not in ALLOWED_SCHEMES:
        return (
            f'Länkar av typen "{scheme}:" är inte tillåtna. Länka bara till '
            "webbadresser (https://), e-post (mailto:) eller telefon (tel:)."
        )
    if scheme in ("https", "http") and not address.startswith(f"{scheme}://"):
        return f"Skriv webbadressen hel, med {scheme}:// först, till exempel https://start.stockholm/."
    if scheme is not None:
        return None
    if address.startswith("//"):
        return f"Länken saknar https: i början. Skriv hela adressen, till exempel https:{address[:60]}."
    if address.startswith("/"):
        return None
    return (
        "Länken är ingen hel adress. Skriv hela webbadressen med https://, till exempel "
        "https://start.stockholm/, eller en adress på den här webbplatsen som börjar med /, till exempel "
        "/hagersten-liljeholmen/."
    )


def _check_link_target(target: str, offset: int) -> list[TextProblem]:
    problem = _address_problem(target)
    return [TextProblem(offset, problem)] if problem else []
