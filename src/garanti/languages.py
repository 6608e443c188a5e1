"""The languages a guarantee may also be read in besides its Swedish text: the table every layer asks.

A guarantee is written in Swedish, and the Swedish text is the one that applies. Beside it an
editor may write a *language version* of the same guarantee: in Finnish (Stockholm belongs to
the administrative area for Finnish, lag 2009:724) or in easy-to-read Swedish (lättläst, as the
national web guidelines ask). Each is a file beside the guarantee, `<unit>.<key>.md`, and a page
beside the guarantee's, `/<board>/<unit>/<address>/`.

A new language is a row in LANGUAGES plus its words: the message catalogue
`locale/<key>/LC_MESSAGES/garanti.po` (site/labels.py reads it; the Swedish one, locale/sv/, lists
every message). Nothing else names a language: pages, paths, the search (its script too), the tree
walk and the templates ask this table; only the start page (docs/index.md) links the entry pages
by hand. A page's direction (ltr/rtl) and Material's own words follow from its tag
(Material's partials/languages/<tag>.html, which must exist for the tag).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language a guarantee may have a version in."""

    key: str  # in the version's file name, <unit>.<key>.md, in open data's records, and its catalogue's folder
    tag: str  # its BCP 47 tag: the page's lang attribute, what Pagefind splits its index by
    name: str  # in Swedish, for editors' messages: "den finska versionen"
    address: str  # the version's page below the guarantee's, and the language's entry page
    easy_to_read: bool = False  # lättläst: Swedish, held to the readability rules (schema's x-readability)
    # Its own search page below its entry page, and the folder of names it suggests from below that: a search
    # of its own index (its tag's). "" for a language found through the Swedish search (its tag is Swedish).
    search_address: str = ""
    search_words_address: str = ""
    # The value of a guarantee's service_languages that names it ("finska"): its entry page lists the units
    # that serve in it. "" for none.
    served_as: str = ""

    @property
    def file_suffix(self) -> str:
        return f".{self.key}.md"

    @property
    def searched(self) -> bool:
        """Whether its versions have a search of their own (an index in its tag)."""
        return bool(self.search_address)


SWEDISH_TAG = "sv"  # the guarantee's own language, the site's (mkdocs.yml's theme.language)
# In the order the pages link them.
LANGUAGES = (
    Language(
        "fi",
        "fi",
        "finska",
        "suomeksi",
        search_address="haku",
        search_words_address="sanat",
        served_as="finska",
    ),
    Language("lattlast", SWEDISH_TAG, "lättläst svenska", "lattlast", easy_to_read=True),
)
# The tags the search has an index in: Swedish, and each language with a search of its own.
SEARCH_TAGS = (SWEDISH_TAG, *(language.tag for language in LANGUAGES if language.searched))


def by_key(key: str) -> Language | None:
    return next((language for language in LANGUAGES if language.key == key), None)


def searched_in(tag: str) -> Language | None:
    """The language whose own search has the index in `tag`; None for Swedish."""
    return next((language for language in LANGUAGES if language.searched and language.tag == tag), None)


# The rows by name, for the tests that write their versions (nothing in the package names a language).
FINNISH, EASY_SWEDISH = by_key("fi"), by_key("lattlast")
