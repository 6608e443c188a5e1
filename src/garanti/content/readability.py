"""How easy a Swedish text is to read: its sentences, its words and its readability index (LIX).

An easy-to-read version (lättläst) is held to the limits in the language version schema's
x-readability: `garanti check` warns about each sentence with too many words, each word with
too many letters, and a text whose LIX is too high. LIX (läsbarhetsindex, C.-H. Björnsson) is
the words per sentence plus the share of words longer than six letters, in per cent: easy
texts score below 30–40, official prose 50–60.

The text is an editor's Markdown: a link's address and the emphasis marks are not words, and a
list item or a paragraph ends a sentence as a full stop does. Every pattern is possessive, so
that a long text is read in time linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

# Letters only: "08-508 20 000" and "7.30" are no words; a hyphen splits a compound written
# "utvecklings-samtal", as lättläst texts break long words.
_WORD = re.compile(r"[^\W\d_]++")
# A sentence ends at ".", "!" or "?" followed by white space or the end (not "7.30", "t.ex" reads on).
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++(?=\s|\Z)")
# A new block: a blank line, or a line that starts a list item ("- ", "* ", "1. ") or a heading.
_BLOCK_START = re.compile(r"\n[ \t]*+(?:\n|[-*+][ \t]|\d++[.)][ \t]|#)")
# Link addresses: "[text](https://...)" reads "text".
_LINK_ADDRESS = re.compile(r"\]\([^)\s]*+\)?")

LONG_WORD_LETTERS = 6  # LIX counts the words longer than this


@dataclass(frozen=True)
class Sentence:
    offset: int  # where it starts in the text
    words: tuple[tuple[int, str], ...]  # (offset, word)


def _without_link_addresses(text: str) -> str:
    """The text with every link address blanked out, offsets kept."""
    return _LINK_ADDRESS.sub(lambda match: "]" + " " * (len(match.group()) - 1), text)


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences of a text, with their words; a block (paragraph, list item) ends one too."""
    readable = _without_link_addresses(text)
    starts = [0] + [match.start() + 1 for match in _BLOCK_START.finditer(readable)]
    for block_start, block_end in pairwise([*starts, len(readable)]):
        start = block_start
        ends = [match.end() for match in _SENTENCE_END.finditer(readable, block_start, block_end)]
        for end in [*ends, block_end]:
            words = tuple((match.start(), match.group()) for match in _WORD.finditer(readable, start, end))
            if words:
                yield Sentence(words[0][0], words)
            start = end


def lix(texts: list[str]) -> int | None:
    """The readability index of the texts read as one; None when they have no words."""
    counted = [sentence for text in texts for sentence in sentences(text)]
    words = [word for sentence in counted for _, word in sentence.words]
    if not words:
        return None
    long_words = sum(1 for word in words if len(word) > LONG_WORD_LETTERS)
    return round(len(words) / len(counted) + 100 * long_words / len(words))
