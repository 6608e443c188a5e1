"""The tables of generated Markdown pages, set aside while MkDocs converts the Markdown.

The comparison and decisions pages are mostly one table, written by their templates as a raw HTML
block: a `<div class="garanti-tabell …">` at the start of a line, after a blank line, to its
closing `</div>`, before a blank line. Python-Markdown passes such a block through as it is, but
finds where it ends by running Python's HTML parser over all of it, a third of its time on these
pages. Set aside, the block is a one-line placeholder block, which Markdown passes through too, and
is put back in the HTML Markdown made, after the whitespace Markdown would have normalised: the
page is what Markdown would have made of the whole (tests/site/test_sample_site_unchanged.py,
tests/site/test_htmlblocks.py).
"""

from __future__ import annotations

import re

_TABLE_START = '<div class="garanti-tabell'
_PLACEHOLDER = '<div data-garanti-tabell="{}"></div>'
_OPENED, _CLOSED = re.compile(r"<div\b"), re.compile(r"</div>")
_SPACES_ONLY = re.compile(r"(?<=\n) +\n")
_TAB_LENGTH = 4  # Python-Markdown's default, which mkdocs.yml keeps


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each table block replaced by a placeholder block, and the blocks."""
    lines, kept, blocks = markdown.split("\n"), [], []
    number = 0
    while number < len(lines):
        end = _block_end(lines, number) if lines[number].startswith(_TABLE_START) else None
        if end is None:
            kept.append(lines[number])
            number += 1
            continue
        kept.append(_PLACEHOLDER.format(len(blocks)))
        blocks.append(_as_markdown_passes_it("\n".join(lines[number : end + 1])))
        number = end + 1
    return "\n".join(kept), blocks


def _block_end(lines: list[str], start: int) -> int | None:
    """The line a table block starting at `start` closes on, if it stands alone between blank lines."""
    if start > 0 and lines[start - 1].strip():
        return None
    depth = 0
    for number in range(start, len(lines)):
        depth += len(_OPENED.findall(lines[number])) - len(_CLOSED.findall(lines[number]))
        if depth <= 0:
            alone = number + 1 == len(lines) or not lines[number + 1].strip()
            return number if depth == 0 and lines[number].endswith("</div>") and alone else None
    return None


def _as_markdown_passes_it(block: str) -> str:
    """What Python-Markdown's whitespace step (NormalizeWhitespace) leaves of a raw block."""
    normalised = block.replace("\x02", "").replace("\x03", "").expandtabs(_TAB_LENGTH)
    return _SPACES_ONLY.sub("\n", normalised + "\n").removesuffix("\n")


def put_back(html: str, blocks: list[str]) -> str:
    """The HTML Markdown made of the set-aside Markdown, with the blocks in their places."""
    for number, block in enumerate(blocks):
        placeholder = _PLACEHOLDER.format(number)
        if html.count(placeholder) != 1:
            raise RuntimeError(f"the table set aside as {placeholder} has no single place in the page")
        html = html.replace(placeholder, block)
    return html
