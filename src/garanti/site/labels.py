"""Every word the site itself puts on a guarantee's page, its language pages and the theme around
them, per language, read from the language's message catalogue.

The catalogues are gettext files, `garanti/locale/<key>/LC_MESSAGES/garanti.po` (read with Babel's
pofile reader): `sv` holds the Swedish pages' words and names every message (its msgid is the name a
template reads, `t.<name>`, with a comment saying where it stands); each language of
languages.LANGUAGES has one by its key. A message whose text is empty is left out where it would
stand; a message missing from the catalogue of a language whose tag is Swedish (lättläst) is the
Swedish one. A Finnish page (lang="fi") has all of them in Finnish.

Material's own labels (the skip link, the table of contents, "back to top") come from its language
files, chosen by the page's language in overrides/partials/language.html; the header, the navigation
of a page in another language and the search page take theirs from `theme_labels`, which the hook
hands the theme. Names the editors write (a board's, a department's) stay as written: on a Finnish page
they are marked lang="sv".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

from babel.dates import format_date
from babel.messages.pofile import read_po
from markupsafe import Markup

from .. import schemas
from ..errors import BrokenInstallation
from ..languages import LANGUAGES, SWEDISH_TAG, Language
from ..model import AWARD_OUTCOMES, Meeting, QualityAward
from ..wording import listed
from . import paths

SWEDISH_KEY = "sv"  # the Swedish page's key among the labels' (a language version's is its Language.key)
CATALOGUE = "garanti.po"  # below locale/<key>/LC_MESSAGES/ in the package


class Labels:
    """A language's words, each an attribute named by its msgid (t.commitments), and the ways it writes a
    date, a period, a list and the schema's values."""

    def __init__(self, key: str, tag: str, words: dict[str, str]) -> None:
        self.key = key  # SWEDISH_KEY, or a language version's key
        self.tag = tag  # the page's lang attribute
        self.words = words

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name == "words":
            raise AttributeError(name)
        try:
            return self.words[name]
        except KeyError:
            raise AttributeError(f"no message {name!r} in the catalogues (locale/sv/LC_MESSAGES/{CATALOGUE})") from None

    def __repr__(self) -> str:
        return f"Labels({self.key!r})"

    @property
    def swedish_marks(self) -> Markup:
        """The attributes of a link in Swedish words to a Swedish page, on this language's page."""
        return Markup(f' hreflang="{SWEDISH_TAG}" lang="{SWEDISH_TAG}"') if self.tag != SWEDISH_TAG else Markup("")

    def date(self, day: dt.date) -> str:
        return _formatted(day, self.date_pattern, self.tag)

    def period(self, start: dt.date, end: dt.date) -> str:
        """1 januari–31 december 2026, or 1 juli 2025–30 juni 2026 across years, in this language."""
        first = _formatted(start, self.period_start_pattern, self.tag) if start.year == end.year else self.date(start)
        return f"{first}–{self.date(end)}"

    def reference(self, meeting: Meeting) -> str:
        """A decision's reference as minutes write it, "dnr HL-2026/46, § 7", in this language."""
        return meeting.reference_with(self.case_number)

    def award(self, outcome: str | None) -> str:
        """The sentence of a year of the kvalitetsutmärkelse ({year}) by its outcome (model.AWARD_OUTCOMES; None:
        the board entered the unit, and how it went is not recorded)."""
        return {None: self.award_entered, AWARD_OUTCOMES[0]: self.award_took_part, AWARD_OUTCOMES[1]: self.award_won}[
            outcome
        ]

    def award_filter(self, awards: Iterable[QualityAward]) -> tuple[str, ...]:
        """The search filter's values of a unit's years of the kvalitetsutmärkelse: took part, and won."""
        awards = tuple(awards)
        won = any(award.outcome == AWARD_OUTCOMES[1] for award in awards)
        return ((self.award_filter_entered,) if awards else ()) + ((self.award_filter_won,) if won else ())

    def listed(self, words) -> str:
        """Fixed values of the schema in this language, listed: "finska och samiska", "suomi ja saame"."""
        return listed([self.value(word) for word in words], self.conjunction)

    def value(self, word: str) -> str:
        """A fixed value of the schema (a service type, a curriculum area, a language) in this language."""
        return schemas.value_names(self.tag).get(word, word) if self.tag != SWEDISH_TAG else word


@lru_cache(maxsize=4096)
def _formatted(day: dt.date, pattern: str, tag: str) -> str:
    """A date by a CLDR pattern (the catalogue's date_pattern) in the language of tag: the pages repeat a few."""
    return format_date(day, pattern, locale=tag.replace("-", "_"))


def catalogue_words(key: str) -> dict[str, str]:
    """{msgid: text} of the catalogue of a language's key (SWEDISH_KEY for Swedish), as it stands."""
    place = resources.files("garanti").joinpath("locale", key, "LC_MESSAGES", CATALOGUE)
    try:
        with place.open("rb") as file:
            catalog = read_po(file)
    except OSError:
        raise BrokenInstallation(
            f"Webbplatsens ord saknas i paketet (locale/{key}/LC_MESSAGES/{CATALOGUE}). Installera om med "
            "scripts/setup."
        ) from None
    return {message.id: message.string for message in catalog if message.id and not message.fuzzy}


@cache
def of(language: Language | None) -> Labels:
    """The labels of a language version's page, or of the Swedish page (None)."""
    swedish = catalogue_words(SWEDISH_KEY)
    if language is None:
        return Labels(SWEDISH_KEY, SWEDISH_TAG, swedish)
    own = catalogue_words(language.key)
    # A Swedish variant (lättläst) says in its own words only what it says otherwise.
    words = {**swedish, **own} if language.tag == SWEDISH_TAG else {name: own.get(name, "") for name in swedish}
    return Labels(language.key, language.tag, words)


SWEDISH = of(None)


# The labels the theme's templates read (overrides/), by the page's language: what the hook hands the theme.
_THEME_KEYS = (
    "site_name",
    "search_form",
    "search_field",
    "search_placeholder",
    "search_button",
    "search_words",
    "search_submit",
    "search_tips",
    "filters_summary",
    "filter_area",
    "filter_service",
    "filter_department",
    "filter_language",
    "filter_award",
    "more_results",
    "no_script",
    "results_heading",
    "preview_note",
    "preview_banner",
    "read_in_swedish",
    "other_versions",
    "all_versions",
    "feeds_title",
)


# Where the hook puts theme_labels for the theme's templates: config.extra.garanti_labels.
THEME_LABELS_SETTING = "garanti_labels"
SCRIPT_PREFIX = "script_"  # the messages of the search page's script (docs/assets/sok.js)


def theme_labels() -> dict[str, dict[str, str]]:
    """{page language (lang): {label: text, and the addresses of its start and search pages}} for the
    theme: Swedish, and each language with a search of its own; easy-to-read pages are Swedish ones. `script`:
    what the search page's script says ({name: text} of the script_* messages), put on its form as JSON."""
    themed = {
        SWEDISH_TAG: (SWEDISH, paths.START_PAGE, paths.SEARCH_URL),
        **{
            language.tag: (of(language), paths.language_page(language), paths.url_of(paths.search_page(language)))
            for language in LANGUAGES
            if language.searched
        },
    }
    return {
        tag: {
            **{key: text for key, text in labels.words.items() if key in _THEME_KEYS},
            "home": paths.url_of(start),
            "search_page": search,
            "search_words_dir": paths.SEARCH_WORDS_DIRS[tag] + "/",
            "script": {
                key.removeprefix(SCRIPT_PREFIX): text
                for key, text in labels.words.items()
                if key.startswith(SCRIPT_PREFIX)
            },
        }
        for tag, (labels, start, search) in themed.items()
    }
