"""Rules for text that arrives by pull request and ends up on a public page.

Texts may use inline Markdown (emphasis, links). Anything that could become
active content on the site is refused here, before it is ever rendered: raw
HTML, images (they would load from another origin), and links whose scheme is
not a plain web, e-mail or phone address, however the scheme is disguised.
Rendering sanitises again (see pages), so this is the first of two fences.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")

_RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_IMAGE = re.compile(r"!\[")
_INLINE_LINK = re.compile(r"\]\(([^)]*)\)?")
_REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*(\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


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
        problems.append(TextProblem(
            first_tag.start(),
            "HTML är inte tillåtet i texten. Ta bort taggen; skriv länkar som "
            "[text](https://adress) och mindre än som \"mindre än\".",
        ))
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
            "Texten innehåller ett osynligt styrtecken. Skriv om stycket utan att klistra in från annat program.",
        )
        for match in _CONTROL.finditer(text)
    ]
    return sorted(problems, key=lambda problem: problem.offset)


def link_scheme(target: str) -> str | None:
    """The scheme a browser would see, after entities and invisible characters go."""
    visible = _INVISIBLE.sub("", html.unescape(html.unescape(target))).lower()
    visible = visible.lstrip("<")
    match = _SCHEME.match(visible)
    return match.group(1) if match else None


def _check_link_target(target: str, offset: int) -> list[TextProblem]:
    scheme = link_scheme(target)
    if scheme is None or scheme in ALLOWED_SCHEMES:
        return []
    return [
        TextProblem(
            offset,
            f"Länkar av typen \"{scheme}:\" är inte tillåtna. Länka bara till "
            "webbadresser (https://), e-post (mailto:) eller telefon (tel:).",
        )
    ]
