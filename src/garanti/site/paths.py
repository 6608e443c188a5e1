"""Where each generated page lives. The URLs are part of the product: printed
notices link to them, so they follow the content's slugs and nothing else.

Paths are MkDocs source paths (".../index.md"); with directory URLs
"<board>/<unit>/index.md" is served at "/<board>/<unit>/".
"""

from __future__ import annotations

import posixpath

from ..languages import LANGUAGES, SWEDISH_TAG, Language
from ..layout import BOARDS_DIR, COMPARISONS_DIR, DECISIONS_DIR, OPEN_DATA_DIR, SERVICES_DIR, slugify
from ..model import Guarantee

START_PAGE = "index.md"
QR_FILE = "qr.svg"


def guarantee_page(guarantee: Guarantee) -> str:
    return f"{guarantee.url}index.md"  # the address is the model's: printed notices carry it


def version_url(guarantee: Guarantee, language: Language) -> str:
    """The address of a guarantee's language version below the site root, below its page:
    "<board>/<unit>/suomeksi/"."""
    return f"{guarantee.url}{language.address}/"


def version_page(guarantee: Guarantee, language: Language) -> str:
    return language_version_page(guarantee_page(guarantee), language)


def language_version_page(page: str, language: Language) -> str:
    """A text's version in a language, below the text's page: "<board>/<unit>/suomeksi/", and for an approved
    text of an earlier year (year_page) "<board>/<unit>/2026/suomeksi/"."""
    return f"{url_of(page)}{language.address}/index.md"


def language_page(language: Language) -> str:
    """A language's entry page: the units with a version in it ("suomeksi/", "lattlast/")."""
    return f"{language.address}/index.md"


def search_page(language: Language) -> str:
    """A language's own search page, below its entry page ("suomeksi/haku/"; Language.search_address). The
    Swedish one is docs/sok.md, at SEARCH_URL."""
    return f"{language.address}/{language.search_address}/index.md"


SEARCH_URL = "sok/"
# Each search page's names to suggest from (search.data_files), a file per first letter, by the page's language.
SEARCH_WORDS_DIRS = {
    SWEDISH_TAG: "sok/ord",
    **{
        language.tag: search_page(language).removesuffix("index.md") + language.search_words_address
        for language in LANGUAGES
        if language.searched
    },
}


def unit_page(board: str, unit: str) -> str:
    """Where a unit's page is, from its file's names: for a file that did not load (the preview shows its
    problems there)."""
    return f"{board}/{unit}/index.md"


def year_page(board: str, unit: str, address: str) -> str:
    """An approved version of a unit's guarantee, below the unit's page: "<board>/<unit>/2026/" (timeline's
    UnitTimeline.address). Outside the navigation, as the unit's page is."""
    return f"{board}/{unit}/{address}index.md"


def qr_code(guarantee: Guarantee) -> str:
    """The wall notice's QR code, beside the guarantee's page (the page shows it as "qr.svg")."""
    return qr_code_of(guarantee_page(guarantee))


def qr_code_of(page: str) -> str:
    """The QR code beside a page (a guarantee's, a language version's): its address as the notice prints it."""
    return f"{url_of(page)}{QR_FILE}"


def boards_page() -> str:
    return f"{BOARDS_DIR}/index.md"


def board_page(board: str) -> str:
    return f"{board}/index.md"


def department_page(board: str, department: str) -> str:
    return f"{board}/{department}/index.md"


def services_page() -> str:
    return f"{SERVICES_DIR}/index.md"


def service_page(service: str) -> str:
    return f"{SERVICES_DIR}/{slugify(service)}/index.md"


def comparison_page(board: str, service: str) -> str:
    """A board's units of one service type side by side: "jamfor/<board>/<service>/".
    Not below "<board>/", where units and departments take every slug."""
    return f"{COMPARISONS_DIR}/{board}/{slugify(service)}/index.md"


def is_comparison_page(path: str) -> bool:
    return path.startswith(f"{COMPARISONS_DIR}/")


def decisions_page() -> str:
    return f"{DECISIONS_DIR}/index.md"


# The Atom feeds of decisions (feeds.py): the site's, and each board's below it.
SITE_FEED = f"{DECISIONS_DIR}/flode.xml"


def board_feed(board: str) -> str:
    """A board's feed, below the decisions page: "beslut/<board>/flode.xml"."""
    return f"{DECISIONS_DIR}/{board}/flode.xml"


def open_data_file(name: str) -> str:
    return f"{OPEN_DATA_DIR}/{name}"


def url_of(page: str) -> str:
    """The address of a page below the site root: "a/b/index.md" -> "a/b/"."""
    return page.removesuffix("index.md")


def link(from_page: str, to_path: str) -> str:
    """A relative Markdown link between source paths, which MkDocs checks and rewrites: what
    mkdocs.utils.get_relative_url makes of them, written here so that only the hook needs MkDocs
    (PLATTFORM.md)."""
    relative = posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
    return relative + "/" if to_path.endswith("/") else relative


def relative_url(from_page: str, to_page: str) -> str:
    """The address of page `to_page` relative to page `from_page`, as MkDocs
    would rewrite a Markdown link between them (directory URLs, mkdocs.yml):
    for pages rendered to HTML, which skip that rewriting."""
    return url_of(link(from_page, to_page)) or "./"
