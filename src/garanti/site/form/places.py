"""Where the form's files lie and what a new one is named, decided here and handed to the form's script
as data (config.json `formats.places` and `formats.slug`) and to its local back end (redigera/server.mjs,
`python -m garanti.site.form.places`): docs/redigera/platser.js reads a path and spells a name with
them, and has no rule of its own."""

from __future__ import annotations

import json
import re
import sys

from ...languages import LANGUAGES
from ...layout import CONTENT_DIR, FOLLOW_UP_INFIX, FOLLOW_UP_SUFFIX, GUARANTEE_SUFFIX, slugify

# A folder's or a file's name before its ending (layout.is_slug), in the syntax of JavaScript's RegExp.
SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*"
SEPARATOR = "-"
# The letters a name may be written in whose spelling is given to the form; any other character only
# separates words, as in slugify: Latin with its accents and ligatures, Greek, Cyrillic, and numbers
# written as one sign ("½", "Ⅻ", "²"), each as text-unidecode spells it.
SPELLED_RANGES = ((0x30, 0x7F), (0x80, 0x250), (0x370, 0x530), (0x1E00, 0x1F00), (0x2070, 0x2190), (0xFB00, 0xFB07))


def places() -> dict:
    """The parts of a path the form writes: guarantees/<board>/<department>/<unit><ending>, each name a
    slug, and each kind of file's ending (a guarantee's, a follow-up's, a language version's)."""
    return {
        "folder": CONTENT_DIR,
        "slug": SLUG,
        "endings": {
            "guarantee": _literal(GUARANTEE_SUFFIX),
            "follow_up": _literal(FOLLOW_UP_INFIX) + "[0-9]{4}" + _literal(FOLLOW_UP_SUFFIX),
            "version": r"\.(?:"
            + "|".join(_literal(language.key) for language in LANGUAGES)
            + ")"
            + _literal(GUARANTEE_SUFFIX),  # Language.file_suffix
        },
    }


def _literal(text: str) -> str:
    """A name's letters, digits, dashes and dots, as a pattern that matches it alone."""
    assert re.fullmatch(r"[a-z0-9.-]+", text), text
    return text.replace(".", r"\.")


def slug_rule() -> dict:
    """How slugify spells each letter inside a name ("é" -> "e", "æ" -> "ae", "_" -> "-"): the form's
    script puts the spellings together and leaves one separator between words, which is slugify's
    result (tests/content/test_slugs.py holds the two to the same names)."""
    letters = {}
    for start, end in SPELLED_RANGES:
        for code in range(start, end):
            letter = chr(code)
            # Between two letters, so that what the letter becomes at a word's edge is kept ("½" -> "-1-2-").
            spelled = slugify(f"a{letter}a")[1:-1]
            if spelled != SEPARATOR:
                letters[letter] = spelled
    return {"letters": letters, "separator": SEPARATOR}


if __name__ == "__main__":  # for redigera/server.mjs
    json.dump(places(), sys.stdout)
