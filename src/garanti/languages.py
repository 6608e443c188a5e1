"""The languages a guarantee may also be read in besides its Swedish text: the table every layer asks.

A guarantee is written in Swedish, and the Swedish text is the one that applies. Beside it an
editor may write a *language version* of the same guarantee: in Finnish (Stockholm belongs to
the administrative area for Finnish, lag 2009:724) or in easy-to-read Swedish (lättläst, as the
national web guidelines ask). Each is a file beside the guarantee, `<unit>.<key>.md`, and a page
beside the guarantee's, `/<board>/<unit>/<address>/`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language a guarantee may have a version in."""

    key: str  # in the version's file name, <unit>.<key>.md, and in open data's records
    tag: str  # its BCP 47 tag: the page's lang attribute, what Pagefind splits its index by
    name: str  # in Swedish, for editors' messages: "den finska versionen"
    address: str  # the version's page below the guarantee's, and the language's entry page
    easy_to_read: bool = False  # lättläst: Swedish, held to the readability rules (schema's x-readability)

    @property
    def file_suffix(self) -> str:
        return f".{self.key}.md"


FINNISH = Language("fi", "fi", "finska", "suomeksi")
EASY_SWEDISH = Language("lattlast", "sv", "lättläst svenska", "lattlast", easy_to_read=True)
# In the order the pages link them.
LANGUAGES = (FINNISH, EASY_SWEDISH)
SWEDISH_TAG = "sv"  # the guarantee's own language, the site's (mkdocs.yml's theme.language)


def by_key(key: str) -> Language | None:
    return next((language for language in LANGUAGES if language.key == key), None)
