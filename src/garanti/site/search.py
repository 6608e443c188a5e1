"""The site's search: what Pagefind indexes, and running it over the built site.

Pagefind (https://pagefind.app, the `pagefind[bin]` package) indexes the built
HTML after MkDocs has written it, in small chunks the browser fetches only as a
query needs them: a phone downloads a few hundred kilobytes even for a city's
worth of guarantees, where Material's lunr search downloads and indexes them all.

Only guarantee pages that residents can use are indexed: a page is indexed when
its content is wrapped in `data-pagefind-body` (the first such page switches
every other page off), and only current guarantees get the wrapper, so expired
ones and the index pages never show up as results. The published site never has
drafts (selection.Site leaves them out); the preview indexes them, marked.

Each indexed page carries, as attributes only (nothing shown, nothing read aloud):
  * filters, for narrowing with counts: area (district or board), service type,
    department, the minority languages it serves in, the city's kvalitetsutmärkelse;
  * metadata the results show: title, service type, area, department, draft;
  * the everyday words for its service type from the schema ("dagis" for
    förskola) as searchable metadata, so residents' own words find it.
Pagefind 1.5 folds diacritics (forskola finds förskola), matches word
beginnings and stems Swedish (the pages say lang="sv"). A guarantee's Finnish
version is indexed too, with lang="fi": Pagefind keeps an index per language,
stemmed in it, and the Finnish search page (lang="fi") searches only that one.
What Pagefind does not do, tolerate a misspelt letter, the search page's script
does with the words of the units' and areas' names and the places (written as the
names write them) in `WORDS_DIRS` (one folder per search language), one small file
per first letter (folded: å, ä and ö go with a and o) so that a query fetches only its own.

Beside each words' folder the script reads three small files (`data_files`): the places
(`places`: each board's district and board.yml `places`, then Stockholms stad's districts
and stadsdelar from data/stockholm.yml that no board has), so that a query naming a place
shows the units of its area, filtered, or says that none there are published yet; the
words that name a service type in the page's language (`service_words`), whose units it
shows first; and the small words (data/stoppord.yml) it leaves out of a query. Pagefind
has no stop words, and a word it does not have it searches by the longest beginning it
has ("får" for "Farsta"): the script keeps a word only when Pagefind's best hit begins as
the word does, so that neither makes a hit of its own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import escape

from .. import schemas
from ..errors import BrokenInstallation, Refusal
from ..languages import LANGUAGES, SWEDISH_TAG, searched_in
from ..model import Guarantee, LanguageVersion
from ..scratch import work_folder
from ..search_data import DATA_DIR, city_places, stop_words  # noqa: F401  (DATA_DIR: read by tests)
from . import labels, paths
from .selection import Site

INDEX_DIR = "pagefind"  # below the built site: the index and Pagefind's search code
# Below the docs directory: names to suggest from, a file per first letter, per language the search has.
WORDS_DIRS = paths.SEARCH_WORDS_DIRS
WORDS_DIR = WORDS_DIRS[SWEDISH_TAG]
# Beside each words' folder: the places the search knows, the words that name a service type, and the
# small words that alone find nothing.
PLACES_FILE, SERVICE_WORDS_FILE, STOP_WORDS_FILE = "platser.json", "verksamheter.json", "stoppord.json"
# Filter and metadata names, as the search page's script reads them.
AREA, SERVICE, DEPARTMENT, DRAFT, EVERYDAY_WORDS = "omrade", "verksamhet", "avdelning", "utkast", "vardagsord"
SERVICE_LANGUAGE = "sprak"  # the minority languages a unit serves in ("finska"; on a Finnish page "suomi")
AWARD = "utmarkelse"  # the city's kvalitetsutmärkelse: took part, won (labels.award_filter, in the page's language)
# Pagefind on the sample site takes a second; on 8,400 guarantees under a minute.
INDEX_TIMEOUT_SECONDS = 600

# Parts of a guarantee page left out of the index. The title and the facts line are
# metadata already (the title weighs most there) and would fill every excerpt; the
# validity, the page's own address, the link back and the printed notice's header
# (.garanti-anslag: "Kvalitetsgaranti", the board's name, the QR code; hidden on screen)
# say the same on every page: they would only add to the index a phone loads, fill
# excerpts, and make a district's name find every unit of its board. Permalink signs are no text.
# The follow-up ("Så gick det") is last year's report, not what the unit promises: a search
# for a word of a commitment should find the unit by its promise, once. So are the unit's history
# (earlier commitments) and the notes on a version to come: the search finds what is in force.
# The board's decision on a year of the kvalitetsutmärkelse names the board, as the notice's header does.
NOT_INDEXED = (
    "[data-pagefind-body] > h1",
    ".garanti-fakta",
    ".garanti-anslag",
    ".garanti-giltighet",
    ".garanti-adress",
    ".garanti-tillbaka",
    ".headerlink",
    ".garanti-uppfoljning",
    ".garanti-sprak",
    ".garanti-sprakversion",
    ".garanti-historik",
    ".garanti-skarm",
    ".garanti-utmarkelse-beslut",
)

_WORD = re.compile(r"[^\W\d_]{3,}")  # letters only, three or more: names, not numbers


@dataclass(frozen=True)
class IndexEntry:
    """What the search knows about one guarantee page besides its text."""

    title: str
    area: str
    service: str
    department: str | None  # on a page in another language, its name there (board.yml's names), else None
    draft: bool
    everyday_words: tuple[str, ...]
    service_languages: tuple[str, ...] = ()  # in the page's language
    awards: tuple[str, ...] = ()  # the kvalitetsutmärkelse, in the page's language
    language: str = SWEDISH_TAG  # the page's lang: Pagefind keeps an index per language

    def filters(self) -> dict[str, str]:
        filters = {AREA: self.area, SERVICE: self.service}
        return filters | ({DEPARTMENT: self.department} if self.department else {})

    def marks(self) -> list[tuple[str, str, str]]:
        """(attribute, name, value) of every filter and metadata mark: a filter may have several values."""
        marks = [("data-pagefind-filter", name, value) for name, value in self.filters().items()]
        marks += [("data-pagefind-filter", SERVICE_LANGUAGE, value) for value in self.service_languages]
        marks += [("data-pagefind-filter", AWARD, value) for value in self.awards]
        return marks + [("data-pagefind-meta", name, value) for name, value in self.metadata().items()]

    def metadata(self) -> dict[str, str]:
        meta = {"title": self.title, **self.filters()}
        if self.draft:
            meta[DRAFT] = "ja"
        if self.everyday_words:
            meta[EVERYDAY_WORDS] = " ".join(self.everyday_words)
        return meta


def index_entries(site: Site) -> dict[str, IndexEntry]:
    """{MkDocs source path: entry} for every guarantee page the search should find: the current
    guarantees, and the versions in each language with a search of its own (Finnish) in an index of their
    own (their pages say lang="fi"). Easy-to-read versions are not indexed apart: the Swedish page, which a
    search finds, links to its easy-to-read text at its top, and each unit would otherwise be found twice."""
    words = schemas.everyday_words()
    entries = {
        paths.guarantee_page(guarantee): _entry(site, guarantee, words.get(guarantee.service, []))
        for guarantee in site.listed()
    }
    for version in (v for language in LANGUAGES if language.searched for v in site.listed_versions(language)):
        guarantee = site.guarantee_worded(version)
        entries[paths.version_page(guarantee, version.language)] = _version_entry(site, guarantee, version)
    return entries


def _entry(site: Site, guarantee: Guarantee, everyday_words: list[str]) -> IndexEntry:
    board = site.board(guarantee.board)
    return IndexEntry(
        title=guarantee.title,
        area=board.display_name,
        service=guarantee.service,
        department=board.departments[guarantee.department],
        draft=guarantee.draft,
        everyday_words=tuple(everyday_words),
        service_languages=guarantee.service_languages,
        awards=labels.SWEDISH.award_filter(guarantee.quality_award),
    )


def _version_entry(site: Site, guarantee: Guarantee, version: LanguageVersion) -> IndexEntry:
    """A language version's entry: its title and the schema's values in its language."""
    t = labels.of(version.language)
    return IndexEntry(
        title=version.title or guarantee.title,
        area=site.board(guarantee.board).display_name,
        service=t.value(guarantee.service),
        department=site.board(guarantee.board).department_in(guarantee.department, version.language),
        draft=guarantee.draft or version.draft,
        everyday_words=tuple(schemas.everyday_words(version.language.tag).get(guarantee.service, [])),
        service_languages=tuple(t.value(language) for language in guarantee.service_languages),
        awards=t.award_filter(guarantee.quality_award),
        language=version.language.tag,
    )


def indexed(content_html: str, entry: IndexEntry) -> str:
    """A page's content wrapped so that Pagefind indexes it with its filters and metadata.

    Inline values ("name:value") must be the only capture on their element, so
    each gets an empty element of its own; empty, they are neither seen nor read.
    """
    marks = [_mark(attribute, name, value) for attribute, name, value in entry.marks()]
    return f"<div data-pagefind-body>\n{''.join(marks)}\n{content_html}\n</div>"


def _mark(attribute: str, name: str, value: str) -> str:
    # An f-string, not Markup.format: a thousand pages have ten marks each, and the
    # formatter's escaping of every part was a tenth of a second per thousand. The
    # attribute and the name are the module's own words; only the value is escaped.
    return f'<span {attribute}="{name}:{escape(value)}"></span>'


def suggestion_words(site: Site, language: str = SWEDISH_TAG) -> list[str]:
    """The words a misspelt query is compared with: names of the units, areas,
    departments and service types, and the everyday words; for the Finnish search, the
    names its index has (the versions' names, the areas, the service types in Finnish) and
    the Finnish everyday words. In both, the places (`places`), so that a place misspelt by
    a letter is corrected as a unit's name is.

    Each is written as the names write it, since the search page shows the corrected
    query: in lower case when any name has it so ("hemtjänst"), else as it stands, a
    name of its own ("Blåsuts", "Årsta", "LSS")."""
    names = [board.display_name for board in site.boards] + [place for place, _, _ in places(site)]
    own = searched_in(language)
    if own:
        t = labels.of(own)
        names += [v.title or site.guarantee_worded(v).title for v in site.listed_versions(own)]
        names += [t.value(service) for service in schemas.service_types()]
    else:
        names += [g.title for g in site.listed()]
        names += [name for board in site.boards for name in board.departments.values()]
        names += schemas.service_types()
    for words in schemas.everyday_words(language).values():
        names += words
    written: dict[str, str] = {}  # by the word in lower case
    for word in (word for name in names for word in _WORD.findall(name)):
        folded = word.lower()
        if word == folded or folded not in written:
            written[folded] = word
    return sorted(written.values(), key=lambda word: (word.lower(), word))


def places(site: Site) -> list[tuple[str, str, str]]:
    """(place, area filter, district) of every place the search knows, as residents write them: each
    board's district and `places` (board.yml), whose units the search shows filtered to the area,
    then the city's districts and their stadsdelar (data/stockholm.yml) that no board on the site
    names, with "" for their area: the search says that no guarantee there is published yet."""
    known = []
    for board in site.boards:
        names = ([board.district] if board.district else []) + list(board.places)
        known += [(name, board.display_name, board.display_name) for name in names]
    claimed = {_place_key(name) for name, _, _ in known}
    for district, parts in city_places().items():
        for name in (district, *parts):
            if _place_key(name) not in claimed:
                known.append((name, "", district))
                claimed.add(_place_key(name))
    return known


def service_words(language: str = SWEDISH_TAG) -> list[tuple[str, str]]:
    """(word, service type) of every word that names a service type in a search language: the type's own
    name and the everyday words, the type as that language's index has it ("päiväkoti", "esikoulu"):
    the search shows the units of the type first."""
    t = labels.of(searched_in(language))
    everyday = schemas.everyday_words(language)
    return [
        (word, t.value(service))
        for service in schemas.service_types()
        for word in (t.value(service), *everyday.get(service, ()))
    ]


def _place_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def data_files(site: Site) -> dict[str, str]:
    """{docs path: content} of the files the search pages read besides Pagefind's: the names to
    correct from, a file per first letter; the places, the service types' words and the small words."""
    files = {}
    known_places = places(site)
    for language, folder in WORDS_DIRS.items():
        page_folder = folder.rsplit("/", 1)[0]  # beside the words' folder, below the search page
        files[f"{page_folder}/{PLACES_FILE}"] = _json(known_places)
        files[f"{page_folder}/{SERVICE_WORDS_FILE}"] = _json(service_words(language))
        files[f"{page_folder}/{STOP_WORDS_FILE}"] = _json(stop_words().get(language, []))
        by_letter: dict[str, list[str]] = defaultdict(list)
        for word in suggestion_words(site, language):
            by_letter[word_file_key(word)].append(word)
        files |= {f"{folder}/{key}.json": _json(words) for key, words in sorted(by_letter.items())}
    return files


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def word_file_key(word: str) -> str:
    """The file a word is in: its first letter without diacritics, as sok.js's fold() gives it."""
    first = unicodedata.normalize("NFD", word[:1].lower())[:1]
    return first if "a" <= first <= "z" else "ovrigt"


class IndexSource:
    """The pages Pagefind indexes, each as a small HTML file of its own below a folder, at the
    path MkDocs writes the page to (so Pagefind gives it the same address).

    Pagefind reads of a page only its `<html lang>` and what is in `data-pagefind-body`
    (filters and metadata included), so a file of just that gives the same index as the
    built page (tests/site/test_search.py compares them) and Pagefind parses a quarter of
    the HTML: half its time on a full build. The preview keeps one for the whole session,
    since a dirty build renders only the pages that changed.
    """

    def __init__(self) -> None:
        # A locked work folder (garanti.scratch): if the build is killed, the next run removes it.
        self._folder = ExitStack()
        self.folder = self._folder.enter_context(work_folder("sok"))
        self._pages: set[str] = set()  # the source paths with a file here

    def add(self, page: str, indexed_html: str, language: str = SWEDISH_TAG) -> None:
        """The content of page (MkDocs source path "B/U/index.md"), as `indexed` wraps it, in its language."""
        target = self.folder / (page.removesuffix(".md") + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed, so that a Pagefind run of the preview (on a thread of its
        # own) never reads half a file; not ending in .html, so that it never reads it at all.
        partial = target.with_suffix(".partial")
        partial.write_text(
            f'<!DOCTYPE html><html lang="{language}"><body>{indexed_html}</body></html>', encoding="utf-8"
        )
        os.replace(partial, target)
        self._pages.add(page)

    def read(self, page: str) -> str:
        """The content of page as `add` was given it."""
        written = (self.folder / (page.removesuffix(".md") + ".html")).read_text(encoding="utf-8")
        return written[written.index("<body>") + len("<body>") : written.rindex("</body></html>")]

    def keep_only(self, pages: Collection[str]) -> None:
        """Remove the files of pages no longer indexed (a unit removed, moved or expired)."""
        for page in self._pages.difference(pages):
            (self.folder / (page.removesuffix(".md") + ".html")).unlink(missing_ok=True)
            self._pages.discard(page)

    def remove(self) -> None:
        self._folder.close()


@cache
def _pagefind_program() -> str:
    """The Pagefind program that `python -m pagefind` would run (PAGEFIND_BINARY_PATH, else the one
    pagefind[bin] installed), run as it is: not through a Python of its own, a tenth of a second
    of processor time each build and each preview's index."""
    chosen = os.environ.get("PAGEFIND_BINARY_PATH")
    if chosen:
        return chosen
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        raise BrokenInstallation(
            "Sökindexet kan inte byggas: programmet Pagefind saknas. Kör scripts/setup och bygg igen."
        ) from None


@contextmanager
def _on_pagefinds_cores() -> Iterator[dict[str, str] | None]:
    """While Pagefind is started: the cores it may use, all but one, so that it does not take the
    core MkDocs renders on (or the preview's next build). Set on the starting thread, which the
    program inherits, and given back after. Pagefind sizes its thread pools by the cores it may
    use, so it also holds less memory at once. Where a thread's cores cannot be set (not Linux),
    the program is told its number of threads instead (the environment it is given)."""
    if not hasattr(os, "sched_setaffinity"):
        threads = str(max(1, (os.cpu_count() or 1) - 1))
        yield {**os.environ, "RAYON_NUM_THREADS": threads, "TOKIO_WORKER_THREADS": threads}
        return
    own = os.sched_getaffinity(0)
    if len(own) < 2:
        yield None
        return
    os.sched_setaffinity(0, sorted(own)[1:])
    try:
        yield None
    finally:
        os.sched_setaffinity(0, own)


class IndexRun:
    """Pagefind at work on the pages in source (an IndexSource's folder), as a program of its own:
    a full build starts it before MkDocs renders the pages, so that the two run side by side.
    Its bundle is made in a folder of its own and moved into the site when it is done."""

    def __init__(self, source: Path) -> None:
        self._output = ExitStack()  # a locked work folder, as IndexSource's
        self._bundle = self._output.enter_context(work_folder("sokindex")) / INDEX_DIR
        command = [
            _pagefind_program(),
            "--site",
            str(source),
            "--output-path",
            str(self._bundle),
            "--silent",
            "--exclude-selectors",
            ", ".join(NOT_INDEXED),
        ]
        self._deadline = time.monotonic() + INDEX_TIMEOUT_SECONDS
        self._cancelled = False
        try:
            with _on_pagefinds_cores() as environment:
                self._process = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
                )
        except OSError as error:
            self._output.close()
            raise BrokenInstallation(
                f"Sökindexet kan inte byggas: programmet Pagefind gick inte att starta ({command[0]}: "
                f"{error.strerror}). Kör scripts/setup och bygg igen."
            ) from None

    def finish(self, site_dir: Path) -> bool:
        """Wait for Pagefind, then put its bundle at site_dir/INDEX_DIR (in place of the one there).
        False if the run was cancelled: nothing is put in the site."""
        try:
            out, err = self._process.communicate(timeout=max(0.0, self._deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.stop()
            raise Refusal(
                f"Sökindexet blev inte klart på {INDEX_TIMEOUT_SECONDS} sekunder. Bygg igen; "
                "händer det igen, be utvecklarna titta på det."
            ) from None
        try:
            if self._cancelled:
                return False
            if self._process.returncode != 0:
                detail = (err or out).strip().splitlines()
                raise Refusal(
                    "Sökindexet kunde inte byggas (Pagefind avslutades med kod "
                    f"{self._process.returncode}). Kör scripts/setup och bygg igen."
                    + (f"\nPagefind: {detail[-1]}" if detail else "")
                )
            target = site_dir / INDEX_DIR
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(self._bundle, target)
            return True
        finally:
            self._output.close()

    def cancel(self) -> None:
        """What it indexes is out of date (the preview is building again): Pagefind is stopped, so
        that it does not take the processor from the build; finish, waiting on another thread,
        then puts nothing in the site."""
        self._cancelled = True
        if self._process.poll() is None:
            self._process.kill()

    def stop(self) -> None:
        """The build failed: Pagefind is stopped and what it made so far removed."""
        if self._process.returncode is None:  # not yet waited for
            self._process.kill()
            self._process.communicate()
        self._output.close()
